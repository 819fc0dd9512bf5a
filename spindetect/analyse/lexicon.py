"""The shipped lexicon: vocabulary with frequencies, bigram strengths, thesaurus-reverse map.

All numbers are on one scale, log10 occurrences per billion words (wordfreq's zipf scale), so
``bigram(a, b) - zipf(a)`` is log10 P(b | a). Built by ``python -m spindetect.build.lexicon``;
loaded once per process (numpy arrays, no pickle).
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

import numpy as np

SCALE = 20.0
WORDNET, MOBY = 1, 2


class Lexicon:
    def __init__(self, arrays, multiword: dict):
        self.words: list[str] = arrays["words"].item().decode("utf-8").split("\n")
        self.index: dict[str, int] = {w: i for i, w in enumerate(self.words)}
        self.n = len(self.words)
        self.zipf_by_id = arrays["zipf"].astype(np.float32) / 10.0
        self.bigram_keys = arrays["bigram_keys"]
        self.bigram_values = arrays["bigram_values"].astype(np.float32) / SCALE
        self.syn_indptr = arrays["syn_indptr"]
        self.syn_indices = arrays["syn_indices"]
        self.syn_bits = arrays["syn_bits"]
        self.fanout_by_id = arrays["fanout"].astype(np.float32) / SCALE   # log10 thesaurus list size
        self.multiword: dict[str, list] = multiword
        # the weakest bigram any table keeps: an unseen pair is at most this common
        self.bigram_floor = float(np.percentile(self.bigram_values, 1))

    def id(self, word: str) -> int | None:
        return self.index.get(word)

    def zipf(self, word_id: int | None) -> float:
        return 0.0 if word_id is None else float(self.zipf_by_id[word_id])

    def originals(self, word_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Words a thesaurus offers ``word`` for (ids, source bits), most frequent first."""
        lo, hi = self.syn_indptr[word_id], self.syn_indptr[word_id + 1]
        return self.syn_indices[lo:hi], self.syn_bits[lo:hi]

    def bigrams(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Vectorised bigram strengths; NaN where no table knows the pair."""
        keys = left.astype(np.int64) * self.n + right.astype(np.int64)
        pos = np.searchsorted(self.bigram_keys, keys)
        pos = np.minimum(pos, len(self.bigram_keys) - 1)
        found = (self.bigram_keys[pos] == keys) & (left >= 0) & (right >= 0)
        return np.where(found, self.bigram_values[pos], np.nan)

    def bigram(self, a: int | None, b: int | None) -> float | None:
        if a is None or b is None:
            return None
        value = self.bigrams(np.array([a]), np.array([b]))[0]
        return None if np.isnan(value) else float(value)


@lru_cache(maxsize=1)
def load() -> Lexicon:
    data = resources.files("spindetect") / "data"
    with (data / "lexicon.npz").open("rb") as handle:
        arrays = dict(np.load(handle, allow_pickle=False))
    with (data / "multiword.json.gz").open("rb") as handle:
        multiword = json.loads(gzip.decompress(handle.read()))
    return Lexicon(arrays, multiword)

"""The shipped lexicon: vocabulary with frequencies, bigram strengths, thesaurus-reverse map.

All numbers are on one scale, log10 occurrences per billion words (wordfreq's zipf scale), so
``bigram(a, b) - zipf(a)`` is log10 P(b | a). Built by ``python -m spindetect.datafiles.lexicon``,
``python -m spindetect.datafiles.vectors`` and ``python -m spindetect.datafiles.sounds``; memory-mapped
once per process (numpy arrays, no pickle).
"""
from __future__ import annotations

import json
import os
from functools import cached_property, lru_cache

import numpy as np

SCALE = 20.0
PHRASE_WORDS = 4                      # the longest multiword phrase, in words
WORDNET, MOBY = 1, 2


PRESENCE_BITS = 22                    # 16 MB of buckets for ~440k bigrams: ~10% of keys share one
PRESENCE_MIN_QUERIES = 20_000         # until this many, lookups search directly (a short text's cold start)
SET_MIN_QUERIES = 20_000              # a key lookup this large first builds a set of the keys
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def phrase_hashes(spelled: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of word ids (-1 padded), wrapping multiply-xor; rows that
    hash alike are told apart by comparing their ids (``Lexicon.multiword_rows``)."""
    hashes = np.zeros(len(spelled), dtype=np.uint64)
    for column in np.asarray(spelled, dtype=np.int64).T:
        hashes = (hashes ^ (column + 2).astype(np.uint64)) * _GOLDEN
        hashes ^= hashes >> np.uint64(29)
    return hashes


def phrase_lookup(spelled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of word ids (-1 padded) prepared for ``spelled_rows``: their hashes, sorted, and
    the rows in that order."""
    hashes = phrase_hashes(spelled)
    order = np.argsort(hashes, kind="stable")
    return hashes[order], order


def spelled_rows(table: np.ndarray, lookup: tuple[np.ndarray, np.ndarray], spelled: np.ndarray) -> np.ndarray:
    """The row of ``table`` (made into ``lookup`` by ``phrase_lookup``) that each row of
    ``spelled`` spells, -1 where none: a hash lookup, confirmed by comparing the ids themselves."""
    sorted_hashes, order = lookup
    if not len(spelled) or not len(table):
        return np.full(len(spelled), -1, dtype=np.int64)
    at = order[np.minimum(np.searchsorted(sorted_hashes, phrase_hashes(spelled)), len(order) - 1)]
    return np.where(np.all(table[at] == spelled, axis=1), at, -1).astype(np.int64)


def place_masks(spelled: np.ndarray, n_words: int) -> dict[int, np.ndarray]:
    """Per length n of the rows of word ids (-1 padded): a (n, words) table, True where the word
    is the k-th word of some n-word row. A span whose k-th word is in no row's k-th place spells
    no row, so most spans of a text are ruled out before they are hashed."""
    spelled = np.asarray(spelled)
    lengths = (spelled >= 0).sum(axis=1)
    masks = {}
    for n in sorted(set(lengths.tolist()) - {0}):
        masks[n] = np.zeros((n, n_words), dtype=bool)
        of_length = spelled[lengths == n]
        for k in range(n):
            masks[n][k, of_length[:, k]] = True
    return masks


def _bucket(keys: np.ndarray) -> np.ndarray:
    """Multiplicative (Fibonacci) hash of int64 keys to PRESENCE_BITS bits."""
    bits = np.asarray(keys, dtype=np.int64).view(np.uint64)      # the same bits as astype, no copy
    return ((bits * _GOLDEN) >> np.uint64(64 - PRESENCE_BITS)).astype(np.intp)


class Words:
    """id -> word, decoded on access from the sorted byte array through each id's rank."""

    def __init__(self, sorted_words: np.ndarray, rank: np.ndarray):
        self.sorted_words = sorted_words
        self.rank = rank

    def __getitem__(self, word_id: int) -> str:
        return self.sorted_words[self.rank[word_id]].decode("ascii")

    def __len__(self) -> int:
        return len(self.rank)


class SortedKeys:
    """Exact-match lookup in a sorted fixed-width byte array (no dict to build at load time)."""

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        self.keys = keys
        self.values = values

    def find(self, queries: list[str]) -> np.ndarray:
        """Value per query (-1: absent); each distinct query is searched once, and in a large
        lookup only the queries a set of the keys knows (most phrases of a text are no key)."""
        value_of = dict.fromkeys(queries, -1)
        distinct = list(value_of)
        if len(distinct) >= SET_MIN_QUERIES:
            known = self._key_set()
            distinct = [q for q in distinct if q in known]
        elif len(distinct) == len(queries):
            return self._find(queries)
        value_of.update(zip(distinct, self._find(distinct).tolist()))
        return np.fromiter(map(value_of.__getitem__, queries), dtype=np.int64, count=len(queries))

    def _key_set(self) -> frozenset[str]:
        """Every key, decoded (made once)."""
        made = self.__dict__.get("_set")
        if made is None:
            made = self._set = frozenset(key.decode("utf-8") for key in self.keys.tolist())
        return made

    def _find(self, queries: list[str]) -> np.ndarray:
        if not queries:
            return np.zeros(0, dtype=np.int64)
        width = self.keys.dtype.itemsize
        raw = [q.encode("utf-8", "replace") for q in queries]
        fits = np.array([len(r) <= width for r in raw])
        # same dtype as the keys: a wider query would make numpy cast every key on each call
        encoded = np.array([r if len(r) <= width else b"" for r in raw], dtype=self.keys.dtype)
        pos = np.minimum(np.searchsorted(self.keys, encoded), len(self.keys) - 1)
        found = (self.keys[pos] == encoded) & fits
        return np.where(found, self.values[pos], -1).astype(np.int64)


class Lexicon:
    def __init__(self, arrays):
        self.words = Words(arrays["sorted_words"], arrays["word_rank"])
        self.n = len(self.words)
        self._lookup = SortedKeys(arrays["sorted_words"], arrays["sorted_ids"])
        self.zipf_by_id = arrays["zipf"].astype(np.float32) / 10.0
        self.bigram_keys = arrays["bigram_keys"]
        self.bigram_values = arrays["bigram_values"].astype(np.float32) / SCALE
        self.syn_indptr = arrays["syn_indptr"]
        self.syn_indices = arrays["syn_indices"]
        self.syn_bits = arrays["syn_bits"]
        self.fanout_by_id = arrays["fanout"].astype(np.float32) / SCALE   # log10 thesaurus list size
        self._multi_keys = SortedKeys(arrays["multi_keys"], np.arange(len(arrays["multi_keys"])))
        self.multi_word_ids = arrays["multi_word_ids"]     # per key: its words' ids, -1 padded
        self._multi_blob = arrays["multi_values"].item()
        self._multi_offsets = arrays["multi_offsets"]
        # the weakest bigram any table keeps: an unseen pair is at most this common
        self.bigram_floor = float(arrays["bigram_floor"])
        # topical unit vectors (int8, x127) for the most frequent words; zero rows: no vector
        # (absent between ``build.lexicon`` and ``build.vectors``, which reads the rest)
        self.vectors = arrays.get("vectors", np.zeros((0, 64), dtype=np.int8))
        self.has_vector = np.zeros(self.n, dtype=bool)
        self.has_vector[:len(self.vectors)] = np.any(self.vectors != 0, axis=1)
        # per word: 0 first sound unknown, 1 a consonant ("a"), 2 a vowel ("an"), from CMUdict
        # (``build.sounds``; all unknown between ``build.lexicon`` and it)
        self.first_sound = arrays.get("first_sound", np.zeros(self.n, dtype=np.uint8))

    @cached_property
    def unit_vectors(self) -> np.ndarray:
        """float32 unit vectors of the words that have one, then a zero row (for words without)."""
        out = np.zeros((len(self.vectors) + 1, self.vectors.shape[1]), dtype=np.float32)
        np.divide(self.vectors, np.float32(127.0), out=out[:-1], casting="unsafe")
        return out

    @cached_property
    def vector_column(self) -> np.ndarray:
        """Per word id, its row of ``unit_vectors``: the last (zero) row for a word without one."""
        return np.where(self.has_vector, np.arange(self.n), len(self.vectors)).astype(np.intp)

    def vector_rows(self, ids: np.ndarray) -> np.ndarray:
        """float32 unit vectors for ids (zero where a word has none)."""
        ids = np.asarray(ids)
        inside = (ids >= 0) & (ids < len(self.vectors))
        return self.unit_vectors[np.where(inside, ids, len(self.vectors))]

    def ids(self, words: list[str]) -> np.ndarray:
        """Vectorised word -> id; -1 for words outside the vocabulary."""
        return self._lookup.find(words)

    def id(self, word: str) -> int | None:
        found = int(self.ids([word])[0])
        return None if found < 0 else found

    def originals(self, word_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Words a thesaurus offers ``word`` for (ids, source bits), most likely first."""
        lo, hi = self.syn_indptr[word_id], self.syn_indptr[word_id + 1]
        return self.syn_indices[lo:hi], self.syn_bits[lo:hi]

    def _bigram_slots(self) -> tuple[np.ndarray, np.ndarray]:
        """Per hash bucket: the index of the one known bigram that hashes there, -1 when none
        does, -2 when several do; and a bitmap of the buckets some bigram hashes to (512 KB,
        which stays in cache while the 16 MB of slots does not). Most pairs a scan asks about
        fall in an empty bucket (the bitmap answers) or a single-key one (one comparison
        answers, exactly: the bucket's only key is the pair, or the pair is unknown); only
        pairs in shared buckets are searched. Kept with the keys they were made from: a copy
        of the lexicon with more bigrams (a reference collection's) makes its own."""
        made = self.__dict__.get("_slots")
        if made is None or made[0] is not self.bigram_keys:
            buckets = _bucket(self.bigram_keys)
            slots = np.full(1 << PRESENCE_BITS, -1, dtype=np.int32)
            index = np.arange(len(buckets), dtype=np.int32)
            slots[buckets] = index
            slots[buckets[slots[buckets] != index]] = -2      # a key another overwrote: its bucket is shared
            made = self._slots = (self.bigram_keys, slots, np.packbits(slots != -1, bitorder="little"))
        return made[1], made[2]

    def bigrams(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Vectorised bigram strengths; NaN where no table knows the pair."""
        keys = left.astype(np.int64, copy=False) * self.n + right.astype(np.int64, copy=False)
        out = np.full(len(keys), np.nan, dtype=np.float32)
        asked = (left >= 0) & (right >= 0)
        # worth making the tables (~20 ms, once) for a long text or a batch of short ones
        self._bigram_queries = self.__dict__.get("_bigram_queries", 0) + len(keys)
        if self._bigram_queries >= PRESENCE_MIN_QUERIES:
            slots, occupied = self._bigram_slots()
            bucket = _bucket(keys)
            asked &= ((occupied[bucket >> 3] >> (bucket & 7).astype(np.uint8)) & 1).astype(bool)
            maybe = np.flatnonzero(asked)
            slot = slots[bucket[maybe]]
            single, one_slot = maybe[slot >= 0], slot[slot >= 0]
            hit = self.bigram_keys[one_slot] == keys[single]
            out[single[hit]] = self.bigram_values[one_slot[hit]]
            ask = maybe[slot == -2]
        else:
            ask = np.flatnonzero(asked)
        pos = np.minimum(np.searchsorted(self.bigram_keys, keys[ask]), len(self.bigram_keys) - 1)
        found = self.bigram_keys[pos] == keys[ask]
        out[ask[found]] = self.bigram_values[pos[found]]
        return out

    def pmi(self, strength: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Pointwise mutual information (log10) of word pairs of the given bigram strengths:
        how much likelier the pair is than its two words side by side by chance (NaN where the
        strength is; ids of -1 read as the first word, their strength being NaN)."""
        return strength - self.zipf_by_id[np.maximum(left, 0)] - self.zipf_by_id[np.maximum(right, 0)] + 9.0

    def bigrams_of(self, *pairs: tuple[np.ndarray, np.ndarray]) -> list[np.ndarray]:
        """``bigrams`` of several (left, right) arrays in one lookup (one call's overhead; a short
        text asks about few pairs at a time), one result per pair of arrays."""
        lefts, rights = zip(*pairs)
        found = self.bigrams(np.concatenate(lefts), np.concatenate(rights))
        return np.split(found, np.cumsum([len(left) for left in lefts])[:-1])

    def bigram(self, a: int | None, b: int | None) -> float | None:
        if a is None or b is None:
            return None
        value = self.bigrams(np.array([a]), np.array([b]))[0]
        return None if np.isnan(value) else float(value)

    def _multi_entry(self, row: int) -> list:
        start, end = self._multi_offsets[row], self._multi_offsets[row + 1]
        return json.loads(self._multi_blob[start:end])

    def multiword(self, phrases: list[str]) -> list[list | None]:
        """Multiword rewrite entries ``[own strength, [[original, strength, log10 fanout], ...]]``
        of phrases given as text (None for a phrase that is no key)."""
        rows = self._multi_keys.find(phrases)
        entries = self.multiword_entries(rows[rows >= 0])
        return [entries.get(row) for row in rows.tolist()]

    def multiword_entries(self, rows: np.ndarray) -> dict[int, list]:
        """The entry of each distinct key row, decoded once (a phrase a text repeats gets the
        same, read-only, list)."""
        distinct = sorted(set(rows.tolist()))
        blob, offsets = self._multi_blob, self._multi_offsets
        # one JSON array of the entries: one parse instead of one per entry
        joined = b",".join(blob[offsets[row]:offsets[row + 1]] for row in distinct)
        return dict(zip(distinct, json.loads(b"[" + joined + b"]")))

    @cached_property
    def _phrase_lookup(self) -> tuple[np.ndarray, np.ndarray]:
        return phrase_lookup(self.multi_word_ids)

    @cached_property
    def phrase_word_masks(self) -> dict[int, np.ndarray]:
        """``place_masks`` of the multiword keys."""
        return place_masks(self.multi_word_ids, self.n)

    def multiword_rows(self, spelled: np.ndarray) -> np.ndarray:
        """The key row of the phrase each row of word ids spells (PHRASE_WORDS columns, -1
        padded), -1 where none."""
        return spelled_rows(self.multi_word_ids, self._phrase_lookup, spelled)

    def multiword_items(self):
        for row, key in enumerate(self._multi_keys.keys):
            yield key.decode("utf-8"), self._multi_entry(row)


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """Memory-map the shipped arrays (one .npy file each; never a pickle)."""
    from .. import data

    arrays = {}
    for name in sorted(os.listdir(data.path("lexicon"))):
        if name.endswith(".npy"):
            # a plain ndarray view of the mapping: indexing a np.memmap is slow
            arrays[name[:-4]] = np.asarray(np.load(data.path("lexicon", name), mmap_mode="r", allow_pickle=False))
    return Lexicon(arrays)

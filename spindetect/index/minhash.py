"""What a spinner leaves alone, as a sketch: shingles of immutables, MinHash, LSH bands.

Following DSpin (Zhang, Wang and Voelker, NDSS 2014), a spun copy keeps the words its thesaurus
has no synonyms for: function words, numbers, names and rare terms. The *immutables* of a text
are its tokens that are numbers, function words (zipf >= 6), out-of-vocabulary words, or words
no thesaurus in the lexicon offers a synonym for. Shingles of ``SHINGLE`` consecutive immutables
stay mostly intact when a third or half of the content words are replaced, while two unrelated
texts share almost none (measured in benchmarks/benchmark_index.py).

Each document's shingle set is summarised by a MinHash signature (datasketch), cut into
``BANDS`` bands of ``ROWS`` values for locality-sensitive hashing: two texts whose shingle sets
have Jaccard similarity J share at least one band with probability 1 - (1 - J^ROWS)^BANDS
(0.98 at J = 0.45, 0.0003 at J = 0.02).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..detect import lexicon as lexicon_module
from ..detect.candidates import token_ids
from ..detect.lexicon import Lexicon
from ..detect.tokens import Tokens, tokenize

SHINGLE = 3
ROWS, BANDS = 3, 42
NUM_PERM = ROWS * BANDS
MINHASH_SEED = 1
SCHEME = "affine32"          # datasketch 2: 32-bit hash values, affine permutations
FUNCTION_ZIPF = 6.0        # words this common are function words: spinners leave them
_MASK = np.uint64(0xFFFFFFFF)


@dataclass
class Sketch:
    """One document's sketch."""
    words: int
    shingles: np.ndarray       # sorted unique uint32 shingle hashes
    bands: list[int]           # one signed 64-bit key per LSH band (empty: too short to match)


@lru_cache(maxsize=1)
def mutable_words() -> np.ndarray:
    """Per lexicon id: some thesaurus offers synonyms for this word (a spinner may replace it)."""
    lex = lexicon_module.load()
    return np.bincount(lex.syn_indices, minlength=lex.n) > 0


@lru_cache(maxsize=200_000)
def _token_hash(norm: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little")


def immutables(lex: Lexicon, tokens: Tokens, ids: np.ndarray | None = None) -> list[str]:
    """The normalised tokens a spinner leaves alone, in order."""
    ids = token_ids(lex, tokens) if ids is None else ids
    mutable = mutable_words()
    keep = (ids < 0) | ~mutable[np.maximum(ids, 0)] | (lex.zipf_by_id[np.maximum(ids, 0)] >= FUNCTION_ZIPF)
    return [norm for norm, k in zip(tokens.norms, keep.tolist()) if k]


def shingle_hashes(words: list[str]) -> np.ndarray:
    """Sorted unique 32-bit hashes of the ``SHINGLE``-grams of ``words``."""
    if len(words) < SHINGLE:
        return np.zeros(0, dtype=np.uint32)
    hashed = np.array([_token_hash(w) for w in words], dtype=np.uint64)
    combined = np.zeros(len(words) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            combined = combined * np.uint64(0x100000001B3) ^ hashed[k:len(words) - SHINGLE + 1 + k]
    return np.unique((combined >> np.uint64(32)) & _MASK).astype(np.uint32)


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=SCHEME).permutations


def signature(shingles: np.ndarray) -> np.ndarray:
    from datasketch import MinHash
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch(shingles.tolist())
    return minhash.hashvalues


def band_keys(shingles: np.ndarray) -> list[int]:
    """LSH band keys (signed 64-bit, as SQLite stores integers); none for a near-empty text."""
    if len(shingles) < 2:
        return []
    values = signature(shingles).astype(np.uint64).reshape(BANDS, ROWS)
    keys = []
    for band, row in enumerate(values):
        digest = hashlib.blake2b(band.to_bytes(2, "little") + row.tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def sketch_tokens(lex: Lexicon, tokens: Tokens, ids: np.ndarray | None = None) -> Sketch:
    shingles = shingle_hashes(immutables(lex, tokens, ids))
    return Sketch(len(tokens), shingles, band_keys(shingles))


def sketch(text: str, lex: Lexicon | None = None) -> Sketch:
    return sketch_tokens(lex or lexicon_module.load(), tokenize(text))

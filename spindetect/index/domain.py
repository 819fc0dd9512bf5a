"""A collection's established phrases, merged into the detector's bigram knowledge.

Indexing counts each document's word pairs (lexicon ids, not across punctuation, at least one
content word). With ``--index``, pairs the collection has seen ``MIN_COUNT`` times or more join
the lexicon's bigram table on its scale (log10 occurrences per billion words), where they are
stronger than what the shipped tables know. The count is discounted and the collection's size
padded with ``PSEUDO_WORDS``, so a small archive cannot make a phrase look as established as
a big one would: 2 sightings in 5 million words give 2.4, 100 give 4.3. A science archive
thereby teaches "random forest" and "support vector machine", and "irregular backwoods" next
to them becomes a rewrite of a known phrase.
"""
from __future__ import annotations

import copy

import numpy as np

from ..detect.lexicon import Lexicon
from ..detect.tokens import Tokens

MIN_COUNT = 2
PSEUDO_WORDS = 1_000_000
DISCOUNT = 0.5
CONTENT_ZIPF = 6.0


def pair_counts(lex: Lexicon, tokens: Tokens, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The document's word pairs as lexicon bigram keys, with their counts."""
    if len(tokens) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    left, right = ids[:-1], ids[1:]
    joined = ~tokens.breaks()[1:]
    zipf = lex.zipf_by_id
    keep = (left >= 0) & (right >= 0) & joined
    keep &= (zipf[np.maximum(left, 0)] < CONTENT_ZIPF) | (zipf[np.maximum(right, 0)] < CONTENT_ZIPF)
    keys, counts = np.unique(left[keep] * lex.n + right[keep], return_counts=True)
    return keys, counts.astype(np.int64)


def strengths(counts: np.ndarray, words: int) -> np.ndarray:
    return np.log10((counts - DISCOUNT) / (words + PSEUDO_WORDS) * 1e9).astype(np.float32)


def merged(lex: Lexicon, keys: np.ndarray, counts: np.ndarray, words: int) -> Lexicon:
    """A copy of ``lex`` whose bigram table also holds the collection's pairs (the stronger
    value where both know a pair)."""
    if not len(keys):
        return lex
    values = strengths(counts, words)
    base_keys, base_values = lex.bigram_keys, lex.bigram_values
    pos = np.searchsorted(base_keys, keys)
    at = np.minimum(pos, len(base_keys) - 1)
    known = base_keys[at] == keys
    merged_values = np.array(base_values, dtype=np.float32, copy=True)
    merged_values[at[known]] = np.maximum(merged_values[at[known]], values[known])
    out = copy.copy(lex)
    out.bigram_keys = np.insert(np.asarray(base_keys), pos[~known], keys[~known])
    out.bigram_values = np.insert(merged_values, pos[~known], values[~known])
    out.domain_keys = np.asarray(keys)          # for the detector's collocation evidence
    # which words begin and which end some collection pair: the evidence combines only those
    out.domain_begins, out.domain_ends = np.zeros(lex.n, dtype=bool), np.zeros(lex.n, dtype=bool)
    out.domain_begins[out.domain_keys // lex.n] = True
    out.domain_ends[out.domain_keys % lex.n] = True
    return out

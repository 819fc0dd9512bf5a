"""Joint pairs: "guardian firm" -> "parent company".

When two neighbouring words are both candidates and their likely originals form an established
collocation while the observed pair is unknown, each substitution supports the other. The first
kind of evidence: each candidate's originals are still as ranked (``SingleWords.pool``).
"""
from __future__ import annotations

import numpy as np

from ..candidates import FEATURES, SingleWords
from ..lexicon import Lexicon
from ..tokens import Tokens
from . import Context, Marks

JOINT = FEATURES.index("joint_pair")
# only each word's best few originals, and a strong collocation, or some pair among many
# combinations always looks established ("Musk signed" -> "balsam scented")
JOINT_POOL, JOINT_MIN_STRENGTH, JOINT_MIN_PMI = 4, 4.0, 3.5


def mark(context: Context) -> Marks:
    """Two neighbouring candidates whose likely originals form a collocation ("guardian firm" ->
    "parent company") while the observed words form no known pair: the feature holds the
    collocation's pointwise mutual information (the strongest of the word's pairs), those
    originals go first, and the two words are one phrase."""
    lex, singles = context.lex, context.singles
    marks = Marks()
    rows = unknown_neighbours(lex, singles, context.ids, context.tokens)
    if not len(rows):
        return marks
    # each pair's best JOINT_POOL x JOINT_POOL originals (a-major, padded with -1), scored at once
    left = _best_originals(singles, rows)[:, :, None].repeat(JOINT_POOL, axis=2).reshape(len(rows), -1)
    right = _best_originals(singles, rows + 1)[:, None, :].repeat(JOINT_POOL, axis=1).reshape(len(rows), -1)
    both = (left >= 0) & (right >= 0)
    left, right = np.where(both, left, -1), np.where(both, right, -1)
    strength = lex.bigrams(left.ravel(), right.ravel()).reshape(left.shape)
    pmi = lex.pmi(strength, left, right)
    pmi = np.where(~np.isnan(strength) & (strength >= JOINT_MIN_STRENGTH), pmi, -np.inf)
    strongest_pmi = pmi.max(axis=1)
    # the evidence is the strongest collocation above chance (PMI); the originals shown are the
    # likeliest pair among the collocations that pass ("recently acquired", not the rarer
    # "newly acquired" whose PMI is higher)
    best = np.argmax(np.where(pmi >= JOINT_MIN_PMI, strength, -np.inf), axis=1)
    strong = np.flatnonzero(strongest_pmi >= JOINT_MIN_PMI)
    value: dict[int, float] = {}
    for n, row in zip(strong.tolist(), rows[strong].tolist()):
        k = int(best[n])
        i = int(singles.tokens[row])
        for token in (i, i + 1):       # a word in two pairs keeps the stronger
            value[token] = max(value.get(token, singles[token].features[JOINT]), strongest_pmi[n])
        marks.preferred += [(i, int(left[n, k])), (i + 1, int(right[n, k]))]
        marks.joined.append((i, i + 1))
    marks.features = [(token, "joint_pair", v) for token, v in value.items()]
    return marks


def unknown_neighbours(lex: Lexicon, singles: SingleWords, ids: np.ndarray, tokens: Tokens) -> np.ndarray:
    """Rows k of neighbouring candidates (rows k and k + 1 hold tokens i and i + 1, in one run of
    words) whose observed words form no known pair."""
    at = singles.tokens
    if len(at) < 2:
        return np.zeros(0, dtype=np.int64)
    rows = np.flatnonzero((at[1:] == at[:-1] + 1) & ~tokens.breaks()[at[1:]])
    return rows[np.isnan(lex.bigrams(ids[at[rows]], ids[at[rows] + 1]))]


def _best_originals(singles: SingleWords, rows: np.ndarray) -> np.ndarray:
    """The first JOINT_POOL ranked originals of each candidate row (-1 past the end of its pool)."""
    start, end = singles.offsets[rows], singles.offsets[rows + 1]
    out = np.full((len(rows), JOINT_POOL), -1, dtype=np.int64)
    for k in range(JOINT_POOL):
        has = start + k < end
        out[has, k] = singles.pool[start[has] + k]
    return out

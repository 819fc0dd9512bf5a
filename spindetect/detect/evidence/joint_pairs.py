"""In-document evidence from collocations: "guardian firm" -> "parent company".

When two neighbouring words are both candidates and their likely originals form an established
collocation while the observed pair is unknown, each substitution supports the other.
"""
from __future__ import annotations

import numpy as np

from ..candidates import FEATURES, SingleWords
from ..lexicon import Lexicon
from ..tokens import Tokens

JOINT = FEATURES.index("joint_pair")
# only each word's best few originals, and a strong collocation, or some pair among many
# combinations always looks established ("Musk signed" -> "balsam scented")
JOINT_POOL, JOINT_MIN_STRENGTH, JOINT_MIN_PMI = 4, 4.0, 3.5


def mark_joint_pairs(lex: Lexicon, singles: SingleWords, ids: np.ndarray, tokens: Tokens) -> None:
    """Two neighbouring candidates whose likely originals form a collocation ("guardian firm" ->
    "parent company") while the observed words form no known pair: the feature holds the
    collocation's pointwise mutual information, and those originals move to the front. The first
    evidence step: each candidate's originals are still as ranked (``singles.pool``)."""
    rows = _unknown_neighbours(lex, singles, ids, tokens)
    if not len(rows):
        return
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
    for n, row in zip(strong.tolist(), rows[strong].tolist()):
        k = int(best[n])
        cand, nxt = singles.at(row), singles.at(row + 1)
        cand.features[JOINT] = max(cand.features[JOINT], strongest_pmi[n])
        nxt.features[JOINT] = max(nxt.features[JOINT], strongest_pmi[n])
        cand.promote(int(np.flatnonzero(cand.original_ids == left[n, k])[0]))
        nxt.promote(int(np.flatnonzero(nxt.original_ids == right[n, k])[0]))
        cand.extend_right = nxt.extend_left = True


def _unknown_neighbours(lex: Lexicon, singles: SingleWords, ids: np.ndarray, tokens: Tokens) -> np.ndarray:
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


def mark_domain_pairs(lex: Lexicon, singles: SingleWords, ids: np.ndarray, tokens: Tokens) -> set[int]:
    """The same evidence from a reference collection's established pairs (``lex.domain_keys``,
    set by ``spindetect.index.domain.merged``), searched over every original a thesaurus gives
    each word rather than the best few: a field's phrase ("random forest") is specific enough
    that finding it among all the combinations is evidence ("irregular backwoods"). Returns the
    token indices marked: the span model never saw such evidence, so scoring weighs it apart."""
    domain_keys = getattr(lex, "domain_keys", None)
    marked: set[int] = set()
    if domain_keys is None or not len(domain_keys):
        return marked
    rows = _unknown_neighbours(lex, singles, ids, tokens)
    rows = rows[singles.features[rows, JOINT] == 0]              # not already a joint pair
    # only originals that begin (end) some established pair can begin (end) one: the rest of
    # the up to 96 x 96 combinations are not looked up (a long text has thousands of rows)
    begins, ends = lex.domain_begins, lex.domain_ends
    for i in singles.tokens[rows].tolist():
        a, _ = lex.originals(int(ids[i]))
        b, _ = lex.originals(int(ids[i + 1]))
        a, b = a[begins[a]].astype(np.int64), b[ends[b]].astype(np.int64)
        if not len(a) or not len(b):
            continue
        keys = (a[:, None] * lex.n + b[None, :]).ravel()      # every (a, b), a by a
        pos = np.minimum(np.searchsorted(domain_keys, keys), len(domain_keys) - 1)
        hit = np.flatnonzero(domain_keys[pos] == keys)
        if not len(hit):
            continue
        left, right = a[hit // len(b)], b[hit % len(b)]
        pmi = lex.pmi(lex.bigrams(left, right), left, right)
        k = int(np.argmax(pmi))
        if pmi[k] < JOINT_MIN_PMI:
            continue
        cand, nxt = singles[i], singles[i + 1]
        cand.features[JOINT] = nxt.features[JOINT] = pmi[k]
        cand.put_first(int(left[k]))
        nxt.put_first(int(right[k]))
        cand.extend_right = nxt.extend_left = True
        marked.update((i, i + 1))
    return marked

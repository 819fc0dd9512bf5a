"""In-document evidence from collocations: "guardian firm" -> "parent company".

When two neighbouring words are both candidates and their likely originals form an established
collocation while the observed pair is unknown, each substitution supports the other.
"""
from __future__ import annotations

import numpy as np

from .candidates import FEATURES, Candidate
from .lexicon import Lexicon
from .tokens import Token

JOINT = FEATURES.index("joint_pair")
# only each word's best few originals, and a strong collocation, or some pair among many
# combinations always looks established ("Musk signed" -> "balsam scented")
JOINT_POOL, JOINT_MIN_STRENGTH, JOINT_MIN_PMI = 4, 4.0, 3.5


def mark_joint_pairs(lex: Lexicon, by_token: dict[int, Candidate], ids: np.ndarray, tokens: list[Token]) -> None:
    """Two neighbouring candidates whose likely originals form a collocation ("guardian firm" ->
    "parent company") while the observed words form no known pair: the feature holds the
    collocation's pointwise mutual information, and those originals move to the front."""
    firsts = [i for i in sorted(by_token) if i + 1 in by_token and not tokens[i + 1].brk]
    if not firsts:
        return
    unknown = np.isnan(lex.bigrams(ids[firsts], ids[np.array(firsts) + 1]))
    pairs = [i for i, u in zip(firsts, unknown) if u]
    if not pairs:
        return
    lefts, rights = [], []
    for i in pairs:
        a, b = by_token[i].original_ids[:JOINT_POOL], by_token[i + 1].original_ids[:JOINT_POOL]
        lefts.append(np.repeat(a, len(b)))
        rights.append(np.tile(b, len(a)))
    left, right = np.concatenate(lefts), np.concatenate(rights)
    strength = lex.bigrams(left, right)
    pmi = strength - lex.zipf_by_id[left] - lex.zipf_by_id[right] + 9.0
    pmi = np.where(~np.isnan(strength) & (strength >= JOINT_MIN_STRENGTH), pmi, -np.inf)
    bounds = np.r_[0, np.cumsum([len(x) for x in lefts])]
    for n, i in enumerate(pairs):
        lo, hi = bounds[n], bounds[n + 1]
        k = lo + int(np.argmax(pmi[lo:hi]))
        if pmi[k] < JOINT_MIN_PMI:
            continue
        cand, nxt = by_token[i], by_token[i + 1]
        cand.features[JOINT] = max(cand.features[JOINT], pmi[k])
        nxt.features[JOINT] = max(nxt.features[JOINT], pmi[k])
        cand.promote(int(np.flatnonzero(cand.original_ids == left[k])[0]))
        nxt.promote(int(np.flatnonzero(nxt.original_ids == right[k])[0]))
        cand.extend_right = nxt.extend_left = True

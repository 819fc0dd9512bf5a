"""Scored candidates -> findings: non-overlapping spans with their likely originals."""
from __future__ import annotations

import numpy as np

from ..core.types import Finding
from .analysis import Analysis
from .candidates import FEATURES, Candidate
from .tokens import Tokens, match_case


def select_findings(analysis: Analysis, probabilities: np.ndarray, threshold: float, text: str) -> list[Finding]:
    """Non-overlapping findings, most probable first, extended over the words of the evidence."""
    groups = _group(greedy_choice(analysis, probabilities, threshold), analysis, analysis.tokens)
    marked = marked_reasons(analysis)
    return [_finding(group, analysis.tokens, text, marked) for group in groups]


def marked_reasons(analysis: Analysis) -> dict[int, list[str]]:
    """Per token of a single-word candidate with marked evidence (which is not among the
    features): the words that explain the mark (``evidence.Marks.reason``)."""
    reasons: dict[int, list[str]] = {}
    for marked in analysis.marked.values():
        if marked.reason is not None:
            for token in analysis.candidates.firsts[marked.candidates].tolist():
                reasons.setdefault(token, []).append(marked.reason)
    return reasons


def greedy_choice(analysis: Analysis, probabilities: np.ndarray,
                  threshold: float) -> list[tuple[int, int, Candidate, float]]:
    """(first token, last token, candidate, probability) of the candidates at or above
    ``threshold``, most probable first, skipping any that overlaps one already chosen (so the
    choice at a higher threshold is a prefix of this one)."""
    taken: set[int] = set()
    chosen: list[tuple[int, int, Candidate, float]] = []
    for k in np.argsort(-probabilities, kind="stable").tolist():
        p = float(probabilities[k])
        if p < threshold:
            break
        cand = analysis.candidates[k]
        span = range(cand.first, cand.last + 1)
        if any(i in taken for i in span) or _letter(analysis.tokens, cand):
            continue
        taken.update(span)
        chosen.append((cand.first, cand.last, cand, p))
    return chosen


def _letter(tokens: Tokens, cand: Candidate) -> bool:
    """A lone letter ("George R. Reilly", "3-to-o") is an initial or a label, never reported as
    a substitution. It stays a candidate: the document context the models were trained with
    counts such candidates, and dropping them would shift every other probability."""
    return cand.first == cand.last and len(tokens.norms[cand.first]) == 1


def _group(chosen, analysis: Analysis, tokens: Tokens):
    """Merge chosen candidates that belong to one phrase: adjacent, or in one of the analysis's
    phrases (a defined acronym's words)."""
    extents = []
    for first, last, cand, p in chosen:
        lo, hi = first, last
        if cand.extend_left and first > 0 and not tokens.brk[first]:
            lo = first - 1
        if cand.extend_right and last + 1 < len(tokens) and not tokens.brk[last + 1]:
            hi = last + 1
        for phrase_first, phrase_last in analysis.phrases:
            if phrase_first <= first <= phrase_last:
                lo, hi = min(lo, phrase_first), max(hi, phrase_last)
        extents.append([lo, hi, [(first, last, cand, p)]])
    extents.sort(key=lambda e: e[0])
    merged = []
    for ext in extents:
        # overlapping extents are one finding; touching ones only within a phrase
        if merged and (ext[0] <= merged[-1][1] or (ext[0] == merged[-1][1] + 1 and not tokens.brk[ext[0]])):
            merged[-1][1] = max(merged[-1][1], ext[1])
            merged[-1][2].extend(ext[2])
        else:
            merged.append(ext)
    return merged


def _finding(group, tokens: Tokens, text: str, marked: dict[int, list[str]]) -> Finding:
    lo, hi, members = group
    replaced = {first: (last, cand) for first, last, cand, _ in members}
    best = max(members, key=lambda m: m[3])
    suggestions = []
    for rank in range(3):
        words, i = [], lo
        while i <= hi:
            if i in replaced:
                last, cand = replaced[i]
                pick = cand.original(rank if cand is best[2] and rank < cand.count_originals() else 0)
                words.append(match_case(pick, tokens.words[i]))
                i = last + 1
            else:
                words.append(tokens.words[i])
                i += 1
        suggestion = " ".join(words)
        if suggestion not in suggestions:
            suggestions.append(suggestion)
    confidence = 1.0 - float(np.prod([1.0 - m[3] for m in members]))
    rule = "phrase-rewrite" if any(m[2].last > m[2].first for m in members) else "synonym-substitution"
    start, end = tokens.starts[lo], tokens.ends[hi]
    evidence = sorted({reason for m in members
                       for reason in explain(m[2].features) + (marked.get(m[0], []) if m[0] == m[1] else [])})
    return Finding(start, end, text[start:end], suggestions, round(confidence, 4), rule, evidence)


F = {name: k for k, name in enumerate(FEATURES)}


def explain(features: np.ndarray) -> list[str]:
    """The evidence behind a candidate, in words an editor can check."""
    reasons = []
    if features[F["acronym"]] > 0:
        reasons.append("the original restores the initials of the acronym that follows")
    if features[F["joint_pair"]] > 0:
        reasons.append("the originals of neighbouring words form an established phrase")
    if features[F["is_phrase"]] > 0 and features[F["gain"]] > 0:
        reasons.append("a thesaurus rewrite of a more common phrase")
    elif features[F["gain"]] >= 1.0:
        reasons.append("the original fits the neighbouring words better")
    if features[F["coherence_known"]] > 0 and features[F["coherence_gain"]] >= 0.1:
        reasons.append("the original fits the topic of the text better")
    if features[F["original_in_doc"]] > 0:
        reasons.append("the original appears elsewhere in the text")
    return reasons

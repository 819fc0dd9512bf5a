"""Document analysis: tokens -> candidates -> span probabilities -> findings and verdict.

Two passes: the span model scores every candidate alone; the document's density of likely
substitutions is then a feature of the second span model (a text that is visibly spun makes
a borderline phrase more suspect, a clean text makes it less), and of the document model.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.types import Finding
from . import acronyms
from .candidates import FEATURES, Candidate, CandidateFinder
from .lexicon import Lexicon
from .model import Models
from .tokens import Token, tokenize

DOC_FEATURES = ("expected_per_100", "likely_per_100", "top5_mean", "max_p", "log_words")
ACRONYM = FEATURES.index("acronym")
JOINT = FEATURES.index("joint_pair")
ACRONYM_RATIO_FOR, ACRONYM_RATIO_AGAINST = 20.0, 5.0
# joint pairs: only each word's best few originals, and a strong collocation, or some pair
# among many combinations always looks established ("Musk signed" -> "balsam scented")
JOINT_POOL, JOINT_MIN_STRENGTH, JOINT_MIN_PMI = 4, 4.0, 3.5


@dataclass
class Analysis:
    tokens: list[Token]
    candidates: list[Candidate]
    features: np.ndarray         # one row per candidate (FEATURES)
    expansions: list[acronyms.Expansion]


def analyse_candidates(lex: Lexicon, text: str) -> Analysis:
    tokens = tokenize(text)
    finder = CandidateFinder(lex, tokens, text)
    singles = finder.single_word()
    by_token = {c.first: c for c in singles}
    _mark_joint_pairs(lex, by_token, tokens)
    expansions = acronyms.find_expansions(tokens, text)
    acronyms.apply(expansions, by_token, tokens, ACRONYM)
    candidates = singles + finder.multiword()
    features = np.vstack([c.features for c in candidates]) if candidates else np.zeros((0, len(FEATURES)), np.float32)
    return Analysis(tokens, candidates, features, expansions)


def _mark_joint_pairs(lex: Lexicon, by_token: dict[int, Candidate], tokens: list[Token]) -> None:
    """Two neighbouring candidates whose likely originals form a collocation ("guardian firm" ->
    "parent company") while the observed words form no known pair: the feature holds the
    collocation's pointwise mutual information, and those originals move to the front."""
    for i, cand in by_token.items():
        nxt = by_token.get(i + 1)
        if nxt is None or tokens[i + 1].brk:
            continue
        if lex.bigram(lex.id(tokens[i].norm), lex.id(tokens[i + 1].norm)) is not None:
            continue
        firsts, seconds = lex.ids(cand.originals[:JOINT_POOL]), lex.ids(nxt.originals[:JOINT_POOL])
        left, right = np.repeat(firsts, len(seconds)), np.tile(seconds, len(firsts))
        strength = lex.bigrams(left, right)
        pmi = strength - lex.zipf_by_id[left] - lex.zipf_by_id[right] + 9.0
        pmi = np.where((strength >= JOINT_MIN_STRENGTH) & ~np.isnan(strength), pmi, -np.inf)
        k = int(np.argmax(pmi))
        if pmi[k] < JOINT_MIN_PMI:
            continue
        a, b = lex.words[int(left[k])], lex.words[int(right[k])]
        cand.features[JOINT] = max(cand.features[JOINT], pmi[k])
        nxt.features[JOINT] = max(nxt.features[JOINT], pmi[k])
        cand.originals = [a] + [o for o in cand.originals if o != a]
        nxt.originals = [b] + [o for o in nxt.originals if o != b]
        cand.extend_right = nxt.extend_left = True


def document_features(probabilities: np.ndarray, words: int) -> np.ndarray:
    n = max(words, 1)
    top = np.sort(probabilities)[::-1][:5] if len(probabilities) else np.zeros(1)
    return np.array([
        100.0 * probabilities.sum() / n,
        100.0 * (probabilities >= 0.5).sum() / n,
        float(np.mean(top)) if len(top) else 0.0,
        float(probabilities.max()) if len(probabilities) else 0.0,
        np.log1p(n),
    ], dtype=np.float64)


def score_candidates(models: Models, analysis: Analysis, words: int) -> tuple[np.ndarray, np.ndarray]:
    """Second-pass span probabilities and document features."""
    if not analysis.candidates:
        return np.zeros(0), document_features(np.zeros(0), words)
    first = models.span.predict(analysis.features)
    context = document_features(first, words)
    rows = np.hstack([analysis.features, np.tile(context[:4], (len(first), 1))])
    second = _acronym_evidence(models.span_in_context.predict(rows), analysis.features[:, ACRONYM])
    return second, document_features(second, words)


def _acronym_evidence(probabilities: np.ndarray, acronym: np.ndarray) -> np.ndarray:
    """Acronym evidence is near-deterministic but too rare in training text for the model to
    weigh, so it enters as a fixed likelihood ratio on the odds: x20 when the original restores
    the initials of a defined acronym, /5 when the observed words already match them."""
    odds = probabilities / np.maximum(1.0 - probabilities, 1e-9)
    odds = np.where(acronym > 0, odds * ACRONYM_RATIO_FOR, np.where(acronym < 0, odds / ACRONYM_RATIO_AGAINST, odds))
    return odds / (1.0 + odds)


def select_findings(analysis: Analysis, probabilities: np.ndarray, threshold: float, text: str) -> list[Finding]:
    """Non-overlapping findings, most probable first, extended over the words of the evidence."""
    tokens = analysis.tokens
    order = np.argsort(-probabilities, kind="stable")
    taken: set[int] = set()
    chosen: list[tuple[int, int, Candidate, float]] = []
    for k in order.tolist():
        p = float(probabilities[k])
        if p < threshold:
            break
        cand = analysis.candidates[k]
        span = range(cand.first, cand.last + 1)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        chosen.append((cand.first, cand.last, cand, p))
    groups = _group(chosen, analysis, tokens)
    return [_finding(group, tokens, text) for group in groups]


def _group(chosen, analysis: Analysis, tokens: list[Token]):
    """Merge chosen candidates that belong to one phrase: adjacent, or in one acronym expansion."""
    extents = []
    for first, last, cand, p in chosen:
        lo, hi = first, last
        if cand.extend_left and first > 0 and not tokens[first].brk:
            lo = first - 1
        if cand.extend_right and last + 1 < len(tokens) and not tokens[last + 1].brk:
            hi = last + 1
        for exp in analysis.expansions:
            if exp.first <= first <= exp.last:
                lo, hi = min(lo, exp.first), max(hi, exp.last)
        extents.append([lo, hi, [(first, last, cand, p)]])
    extents.sort(key=lambda e: e[0])
    merged = []
    for ext in extents:
        if merged and ext[0] <= merged[-1][1] + 1 and not tokens[ext[0]].brk:
            merged[-1][1] = max(merged[-1][1], ext[1])
            merged[-1][2].extend(ext[2])
        else:
            merged.append(ext)
    return merged


def _match_case(original: str, observed: str) -> str:
    if observed.isupper() and len(observed) > 1:
        return original.upper()
    if observed[:1].isupper():
        return original[:1].upper() + original[1:]
    return original


def _finding(group, tokens: list[Token], text: str) -> Finding:
    lo, hi, members = group
    replaced = {first: (last, cand) for first, last, cand, _ in members}
    best = max(members, key=lambda m: m[3])
    suggestions = []
    for rank in range(3):
        words, i = [], lo
        while i <= hi:
            if i in replaced:
                last, cand = replaced[i]
                pick = cand.originals[rank] if cand is best[2] and rank < len(cand.originals) else cand.originals[0]
                words.append(_match_case(pick, tokens[i].text))
                i = last + 1
            else:
                words.append(tokens[i].text)
                i += 1
        suggestion = " ".join(words)
        if suggestion not in suggestions:
            suggestions.append(suggestion)
    confidence = 1.0 - float(np.prod([1.0 - m[3] for m in members]))
    rule = "phrase-rewrite" if any(m[2].last > m[2].first for m in members) else "synonym-substitution"
    start, end = tokens[lo].start, tokens[hi].end
    return Finding(start, end, text[start:end], suggestions, round(confidence, 4), rule)


def verdict_for(score: float, thresholds: dict[str, float]) -> str:
    if score >= thresholds["spun"]:
        return "spun"
    if score >= thresholds["suspect"]:
        return "suspect"
    return "clean"

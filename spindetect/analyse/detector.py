"""Document analysis: tokens -> candidates -> span probabilities -> findings and verdict.

Two passes: the span model scores every candidate alone; what the document then says about
itself (the density of likely substitutions, and an EM estimate of its rate of substitution)
becomes context for the second span model (a visibly spun text makes a borderline phrase more
suspect, a clean one less) and for the document model, which gives the spin score.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.types import Finding
from . import acronyms
from .candidates import FEATURES, Candidate, CandidateFinder
from .lexicon import Lexicon
from .model import Models
from .tokens import Token, match_case, tokenize

DOC_FEATURES = ("expected_per_100", "likely_per_100", "top5_mean", "max_p", "log_words", "estimated_rate")
CONTEXT_FEATURES = tuple(f"doc_{name}" for name in DOC_FEATURES if name != "log_words")
ACRONYM = FEATURES.index("acronym")
JOINT = FEATURES.index("joint_pair")
BLOCK_TOKENS = 1_000        # long texts are judged in blocks of about this many tokens
LONG_TEXT_QUANTILE = 0.75   # a long text's score: this quantile of its blocks' scores
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
    _mark_joint_pairs(lex, by_token, finder.ids, tokens)
    expansions = acronyms.find_expansions(tokens, text)
    acronyms.apply(expansions, by_token, tokens, ACRONYM)
    candidates = singles + finder.multiword()
    features = np.vstack([c.features for c in candidates]) if candidates else np.zeros((0, len(FEATURES)), np.float32)
    return Analysis(tokens, candidates, features, expansions)


def _mark_joint_pairs(lex: Lexicon, by_token: dict[int, Candidate], ids: np.ndarray, tokens: list[Token]) -> None:
    """Two neighbouring candidates whose likely originals form a collocation ("guardian firm" ->
    "parent company") while the observed words form no known pair: the feature holds the
    collocation's pointwise mutual information, and those originals move to the front."""
    firsts = [i for i in sorted(by_token) if i + 1 in by_token and not tokens[i + 1].brk]
    if not firsts:
        return
    unknown = np.isnan(lex.bigrams(ids[firsts], ids[np.array(firsts) + 1]))
    pairs = [i for i, u in zip(firsts, unknown) if u]
    lefts, rights, owners = [], [], []
    for i in pairs:
        a, b = by_token[i].original_ids[:JOINT_POOL], by_token[i + 1].original_ids[:JOINT_POOL]
        lefts.append(np.repeat(a, len(b)))
        rights.append(np.tile(b, len(a)))
        owners.append(np.full(len(a) * len(b), i))
    if not pairs:
        return
    left, right, owner = np.concatenate(lefts), np.concatenate(rights), np.concatenate(owners)
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


def document_features(probabilities: np.ndarray, rate: float, words: int) -> np.ndarray:
    n = max(words, 1)
    top = np.sort(probabilities)[::-1][:5] if len(probabilities) else np.zeros(1)
    return np.array([
        100.0 * probabilities.sum() / n,
        100.0 * (probabilities >= 0.5).sum() / n,
        float(np.mean(top)) if len(top) else 0.0,
        float(probabilities.max()) if len(probabilities) else 0.0,
        np.log1p(n),
        rate,
    ], dtype=np.float64)


def _odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return p / (1.0 - p)


def prior_shift(probabilities: np.ndarray, base_rate: float, iterations: int = 30) -> tuple[np.ndarray, float]:
    """Re-estimate each candidate's probability for this document's own rate of substitution.

    The span model was trained where a fraction ``base_rate`` of candidates were substituted;
    a document has its own rate. EM (Saerens, Latinne & Decaestecker 2002): rescale the odds
    by the ratio of the rates' odds, re-estimate the rate as the mean adjusted probability,
    repeat. A visibly spun text raises every borderline candidate; a clean one lowers them."""
    if not len(probabilities):
        return probabilities, 0.0
    base_odds = base_rate / (1.0 - base_rate)
    odds = _odds(probabilities)
    rate = base_rate
    for _ in range(iterations):
        shifted = odds * (rate / (1.0 - rate)) / base_odds
        adjusted = shifted / (1.0 + shifted)
        new_rate = float(np.clip(adjusted.mean(), 1e-4, 0.95))
        if abs(new_rate - rate) < 1e-5:
            break
        rate = new_rate
    return adjusted, rate


def context_features(probabilities: np.ndarray, base_rate: float, words: int) -> np.ndarray:
    """What the document says about its own spinning, from first-pass probabilities: the
    density of likely substitutions and the EM estimate of its rate of substitution."""
    _, rate = prior_shift(probabilities, base_rate)
    return document_features(probabilities, rate, words)[[0, 1, 2, 3, 5]]


def _blocks(analysis: Analysis) -> list[tuple[np.ndarray, int]]:
    """Candidates grouped by blocks of BLOCK_TOKENS tokens (a short tail joins the block before),
    with each block's word count: long texts are judged block by block, like the documents the
    models were trained on, so their context features do not saturate with length."""
    n_tokens = len(analysis.tokens)
    n_blocks = max(1, round(n_tokens / BLOCK_TOKENS))
    firsts = np.array([c.first for c in analysis.candidates])
    block_of = np.minimum(firsts // BLOCK_TOKENS, n_blocks - 1)
    edges = [min(b * BLOCK_TOKENS, n_tokens) for b in range(n_blocks)] + [n_tokens]
    return [(np.flatnonzero(block_of == b), edges[b + 1] - edges[b]) for b in range(n_blocks)]


def score_document(models: Models, analysis: Analysis, words: int) -> tuple[np.ndarray, float]:
    """Second-pass span probabilities (with their block's context) and the spin score."""
    if not analysis.candidates or not words:
        return np.zeros(0), 0.0
    first = models.span.predict(analysis.features)
    second = np.zeros(len(first))
    scores, sizes = [], []
    for rows, tokens in _blocks(analysis):
        block_words = max(1, round(words * tokens / max(len(analysis.tokens), 1)))
        if not len(rows):
            scores.append(float(models.document.predict(document_features(np.zeros(0), 0.0, block_words))[0]))
            continue
        context = context_features(first[rows], models.base_rate, block_words)
        x = np.hstack([analysis.features[rows], np.tile(context, (len(rows), 1))])
        second[rows] = _acronym_evidence(models.span_in_context.predict(x), analysis.features[rows, ACRONYM])
        scores.append(float(models.document.predict(document_features(second[rows], context[-1], block_words))[0]))
    score = scores[0] if len(scores) == 1 else float(np.quantile(scores, LONG_TEXT_QUANTILE))
    return second, score


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
                words.append(match_case(pick, tokens[i].text))
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


def finding_threshold(verdict: str, thresholds: dict[str, float]) -> float:
    """In a document judged spun a phrase needs less evidence: the prior that any given phrase
    was substituted is much higher there (both thresholds are calibrated by the training script)."""
    return thresholds.get("finding_in_spun", thresholds["finding"]) if verdict == "spun" else thresholds["finding"]


def verdict_for(score: float, thresholds: dict[str, float]) -> str:
    if score >= thresholds["spun"]:
        return "spun"
    if score >= thresholds["suspect"]:
        return "suspect"
    return "clean"

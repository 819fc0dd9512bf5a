"""Span probabilities in their document's context, the spin score and the verdict.

Two passes: the span model scores every candidate alone; what the document then says about
itself (the density of likely substitutions, and an EM estimate of its rate of substitution)
becomes context for the second span model (a visibly spun text makes a borderline phrase more
suspect, a clean one less) and for the document model, which gives the spin score.
"""
from __future__ import annotations

import numpy as np

from .analysis import Analysis
from .candidates import FEATURES
from .model import Models
from .tokens import BLOCK_TOKENS, block_count, blocks_of

DOC_FEATURES = ("expected_per_100", "likely_per_100", "top5_mean", "max_p", "log_words", "estimated_rate")
CONTEXT_FEATURES = tuple(f"doc_{name}" for name in DOC_FEATURES if name != "log_words")
CONTEXT_COLUMNS = [DOC_FEATURES.index(name[4:]) for name in CONTEXT_FEATURES]
ACRONYM = FEATURES.index("acronym")
LONG_TEXT_QUANTILE = 0.75   # a long text's score: this quantile of its blocks' scores
ACRONYM_RATIO_FOR, ACRONYM_RATIO_AGAINST = 20.0, 5.0
# A text (block) shorter than SHORT_TEXT_TOKENS is judged as the start of a longer clean text: its
# candidates are joined by those of the clean tokens that would fill it up to that length, at a
# clean text's levels (benchmarks/clean_levels.py: 600 clean training documents). Otherwise the EM
# rate of one or two candidates runs to its bound, and one likely substitution in a few words
# reads as a heavily spun text's density ("Elaine nodded." was spun, 1.00). The models'
# training documents are longer.
SHORT_TEXT_TOKENS = 30
CLEAN_CANDIDATES_PER_TOKEN = 0.605
CLEAN_FIRST_PASS = 0.0916      # mean first-pass probability of a clean text's candidates
CLEAN_SECOND_PASS = 0.0148     # mean in-context probability


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


def padded(probabilities: np.ndarray, words: int, level: float) -> tuple[np.ndarray, int]:
    """A short text's candidate probabilities and length, filled up to SHORT_TEXT_TOKENS with
    clean text's candidates at ``level``; unchanged for a text that long, or without candidates."""
    if words >= SHORT_TEXT_TOKENS or not len(probabilities):
        return probabilities, words
    fill = round((SHORT_TEXT_TOKENS - words) * CLEAN_CANDIDATES_PER_TOKEN)
    return np.concatenate([probabilities, np.full(fill, level)]), SHORT_TEXT_TOKENS


def document_row(probabilities: np.ndarray, rate: float, words: int) -> np.ndarray:
    """The document model's features of a text (block) from its in-context probabilities."""
    probabilities, words = padded(probabilities, words, CLEAN_SECOND_PASS)
    return document_features(probabilities, rate, words)


def _odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return p / (1.0 - p)


def shifted_rates(probabilities: np.ndarray, starts, base_rate: float, iterations: int = 30) -> np.ndarray:
    """Each document's own rate of substitution, re-estimated from its candidates' probabilities.

    The span model was trained where a fraction ``base_rate`` of candidates were substituted;
    a document has its own rate. EM (Saerens, Latinne & Decaestecker 2002): rescale the odds
    by the ratio of the rates' odds, re-estimate the rate as the mean adjusted probability,
    repeat until it stops moving. A visibly spun text gets a higher rate, a clean one lower.

    Several documents at once: ``probabilities`` holds their candidates one document after
    another, document k's from ``starts[k]`` (none empty). Each document's sums are its own
    (``np.add.reduceat``), so its rate is the same whatever documents come with it; a document
    stops moving once its rate has converged."""
    starts = np.asarray(starts, dtype=np.intp)
    base_odds = base_rate / (1.0 - base_rate)
    odds = _odds(probabilities)
    if len(starts) == 1:
        return np.array([_shifted_rate(odds, base_rate, iterations)])
    sizes = np.diff(np.r_[starts, len(probabilities)])
    rates = np.full(len(starts), base_rate)
    moving = np.ones(len(starts), dtype=bool)
    for _ in range(iterations):
        shifted = odds * np.repeat(rates / (1.0 - rates), sizes) / base_odds
        adjusted = shifted / (1.0 + shifted)
        new_rates = np.minimum(np.maximum(np.add.reduceat(adjusted, starts) / sizes, 1e-4), 0.95)
        moving &= ~(np.abs(new_rates - rates) < 1e-5)
        if not moving.any():
            break
        rates = np.where(moving, new_rates, rates)
    return rates


def _shifted_rate(odds: np.ndarray, base_rate: float, iterations: int) -> float:
    """``shifted_rates`` for one document, with the same arithmetic on a scalar rate (a short
    document's 30 iterations are mostly numpy's per-call overhead)."""
    base_odds = base_rate / (1.0 - base_rate)
    starts, size, rate = np.zeros(1, dtype=np.intp), len(odds), np.float64(base_rate)
    for _ in range(iterations):
        shifted = odds * (rate / (1.0 - rate)) / base_odds
        adjusted = shifted / (1.0 + shifted)
        new_rate = min(max(np.add.reduceat(adjusted, starts)[0] / size, 1e-4), 0.95)
        if abs(new_rate - rate) < 1e-5:
            break
        rate = new_rate
    return rate


def context_features(probabilities: np.ndarray, base_rate: float, words: int) -> np.ndarray:
    """What the document says about its own spinning, from first-pass probabilities: the
    density of likely substitutions and the EM estimate of its rate of substitution."""
    probabilities, words = padded(probabilities, words, CLEAN_FIRST_PASS)
    rate = float(shifted_rates(probabilities, [0], base_rate)[0]) if len(probabilities) else 0.0
    return context_row(probabilities, rate, words)


def context_row(probabilities: np.ndarray, rate: float, words: int) -> np.ndarray:
    """The context features of a document whose EM rate is known (CONTEXT_FEATURES)."""
    return document_features(probabilities, rate, words)[CONTEXT_COLUMNS]


def _blocks(analysis: Analysis) -> list[tuple[np.ndarray, int]]:
    """Candidates grouped by blocks of BLOCK_TOKENS tokens (a short tail joins the block before),
    with each block's word count: long texts are judged block by block, like the documents the
    models were trained on, so their context features do not saturate with length."""
    n_tokens = len(analysis.tokens)
    n_blocks = block_count(n_tokens)
    block_of = blocks_of(analysis.candidates.firsts, n_tokens)
    edges = [min(b * BLOCK_TOKENS, n_tokens) for b in range(n_blocks)] + [n_tokens]
    return [(np.flatnonzero(block_of == b), edges[b + 1] - edges[b]) for b in range(n_blocks)]


def score_document(models: Models, analysis: Analysis, words: int) -> tuple[np.ndarray, float]:
    """Second-pass span probabilities (with their block's context) and the spin score."""
    second, scores = score_blocks(models, analysis, words)
    return second, combined_score(scores)


def score_blocks(models: Models, analysis: Analysis, words: int) -> tuple[np.ndarray, np.ndarray]:
    """Second-pass span probabilities and each block's document score (none without
    candidates or words)."""
    if not analysis.candidates or not words:
        return np.zeros(0), np.zeros(0)
    first = models.span.predict(analysis.features)
    blocks = _blocks(analysis)
    n_tokens = max(len(analysis.tokens), 1)
    block_words = [max(1, round(words * tokens / n_tokens)) for _, tokens in blocks]
    second, rates = _in_context(models, analysis, first, blocks, block_words)
    scores = models.document.predict(np.array([document_row(second[rows], rates[k], block_words[k])
                                               for k, (rows, _) in enumerate(blocks)]))
    return second, np.asarray(scores)


def combined_score(block_scores: np.ndarray) -> float:
    """The spin score of a text from its blocks' scores: a long text's LONG_TEXT_QUANTILE."""
    if not len(block_scores):
        return 0.0
    return float(block_scores[0]) if len(block_scores) == 1 else quantile(block_scores, LONG_TEXT_QUANTILE)


def quantile(values: np.ndarray, q: float) -> float:
    """``np.quantile(values, q)`` (its default, linear interpolation, with numpy's arithmetic),
    without the np.unique inside np.quantile, whose first call imports numpy.ma (~9 ms)."""
    ordered = np.sort(np.asarray(values, dtype=np.float64))
    at = (len(ordered) - 1) * q
    low = int(np.floor(at))
    high = min(low + 1, len(ordered) - 1)
    gamma = at - low
    a, b = ordered[low], ordered[high]
    diff = b - a
    return float(b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma)


def _in_context(models: Models, analysis: Analysis, first: np.ndarray, blocks, block_words) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate's probability given its block's context, and each block's EM rate (0 for
    a block without candidates). The model runs once over all blocks' rows (a long text has
    dozens of blocks)."""
    second, rates = np.zeros(len(first)), np.zeros(len(blocks))
    filled = [k for k, (rows, _) in enumerate(blocks) if len(rows)]
    if not filled:
        return second, rates
    parts = [blocks[k][0] for k in filled]
    rows = np.concatenate(parts)
    filled_up = [padded(first[part], block_words[k], CLEAN_FIRST_PASS) for part, k in zip(parts, filled)]
    padded_sizes = [len(probabilities) for probabilities, _ in filled_up]
    rates[filled] = shifted_rates(np.concatenate([p for p, _ in filled_up]), np.cumsum([0] + padded_sizes[:-1]),
                                  models.base_rate)
    contexts = np.array([context_row(p, rates[k], words) for (p, words), k in zip(filled_up, filled)])
    sizes = [len(part) for part in parts]
    x = np.hstack([analysis.features[rows], np.repeat(contexts, sizes, axis=0)])
    probabilities = acronym_evidence(models.span_in_context.predict(x), analysis.features[rows, ACRONYM])
    for marked in analysis.marked.values():       # each kind's ratio (``detect.evidence``), in order
        ratio = marked.ratio[rows] if np.ndim(marked.ratio) else marked.ratio    # one, or one per candidate
        probabilities = likelihood_ratio(probabilities, marked.candidates[rows], ratio)
    second[rows] = probabilities
    return second, rates


def acronym_evidence(probabilities: np.ndarray, acronym: np.ndarray) -> np.ndarray:
    """Acronym evidence is near-deterministic but too rare in training text for the model to
    weigh, so it enters as a fixed likelihood ratio on the odds: x20 when the original restores
    the initials of a defined acronym, /5 when the observed words already match them."""
    odds = probabilities / np.maximum(1.0 - probabilities, 1e-9)
    odds = np.where(acronym > 0, odds * ACRONYM_RATIO_FOR, np.where(acronym < 0, odds / ACRONYM_RATIO_AGAINST, odds))
    return odds / (1.0 + odds)


def likelihood_ratio(probabilities: np.ndarray, marked: np.ndarray, ratio: float) -> np.ndarray:
    """Evidence the span model never saw in training (a reference collection's phrase restored
    by two neighbouring substitutions, with ``--index``; a name the text writes elsewhere; an
    article that fits the original) enters, like acronyms, as a likelihood ratio on the odds of
    the marked candidates."""
    odds = probabilities / np.maximum(1.0 - probabilities, 1e-9)
    odds = np.where(marked, odds * ratio, odds)
    return odds / (1.0 + odds)


def finding_threshold(verdict: str, thresholds: dict[str, float], min_confidence: float | None = None) -> float:
    """In a document judged spun a phrase needs less evidence: the prior that any given phrase
    was substituted is much higher there (both thresholds are calibrated by the training script).
    A user's ``min_confidence`` replaces both."""
    if min_confidence is not None:
        return min_confidence
    return thresholds.get("finding_in_spun", thresholds["finding"]) if verdict == "spun" else thresholds["finding"]


def verdict_for(score: float, thresholds: dict[str, float]) -> str:
    if score >= thresholds["spun"]:
        return "spun"
    if score >= thresholds["suspect"]:
        return "suspect"
    return "clean"


def check_models(models, name: str) -> None:
    """InputError naming the file ``name`` unless the models' networks take the features this
    version computes and give one probability each (a model file trained by another version)."""
    from ..core.types import InputError

    hint = " (train one with this version: spindetect train --out FILE)"
    if list(models.span.features) != list(FEATURES) or list(models.document.features) != list(DOC_FEATURES):
        raise InputError(name, "model file was trained on other features" + hint)
    widths = ((models.span, len(FEATURES)), (models.span_in_context, len(FEATURES) + len(CONTEXT_FEATURES)),
              (models.document, len(DOC_FEATURES)))
    for network, width in widths:
        try:
            out = network.predict(np.zeros((1, width)))
        except (ValueError, IndexError):
            out = None
        if out is None or out.shape != (1,) or not np.isfinite(out).all():
            raise InputError(name, "model file's networks do not fit this version's features" + hint)
    thresholds = models.thresholds
    if not isinstance(thresholds, dict) or not all(isinstance(thresholds.get(k), (int, float))
                                                   for k in ("suspect", "spun", "finding", "finding_in_spun")):
        raise InputError(name, "model file has no thresholds" + hint)

"""Detection of one text, in order: tokens -> candidates -> in-document evidence -> scores ->
findings.

``analyse_candidates`` finds the candidates (``candidates.CandidateFinder``) and runs the kinds
of evidence in ``EVIDENCE``, in that order, each kind's marks applied (``evidence.apply``)
before the next reads the candidates; ``detect`` scores them (``scoring``) and turns them into
findings (``findings``).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..core.forked import Later
from ..core.types import Finding
from . import context, evidence, findings, scoring
from .analysis import Analysis, Marked
from .candidates import (
    FEATURES,
    CandidateFinder,
    CandidateList,
    SingleWords,
    phrases_from_bytes,
    phrases_to_bytes,
)
from .evidence import acronyms, articles, domain_pairs, joint_pairs, names
from .lexicon import Lexicon
from .model import Models
from .tokens import dense_segments, segments, tokenize

# The kinds of in-document evidence, in the order they run: joint pairs read the originals as
# ranked; domain pairs skip words already in a joint pair; names and articles read the
# originals the pairs put first; acronyms come last, so their initials decide what is shown.
EVIDENCE = (joint_pairs, domain_pairs, names, articles, acronyms)


def analyse_candidates(lex: Lexicon, text: str, helper: bool = False, tokens=None) -> Analysis:
    """With ``helper``, the phrase candidates (which need nothing the single-word steps find)
    are computed in a forked child meanwhile (``core.forked``; the same result either way).
    ``tokens``: the text's tokens, when the caller has them already."""
    tokens = tokenize(text) if tokens is None else tokens
    finder = CandidateFinder(lex, tokens, text)
    phrases = Later(finder.multiword, phrases_to_bytes, phrases_from_bytes, fork=helper)
    singles = _single_words(finder, helper)
    context = evidence.Context(lex, text, tokens, finder.ids, finder.capital, singles)
    found = {}
    for kind in EVIDENCE:
        marks = found[kind.__name__.rsplit(".", 1)[-1]] = kind.mark(context)
        evidence.apply(singles, marks)
    # the features of a candidate whose best original a kind moved follow it (evidence columns kept)
    moved = sorted({token for marks in found.values() if marks.refeature for token in marks.marked})
    finder.refeature([singles[i] for i in moved], keep=tuple(FEATURES.index(f) for f in evidence.EVIDENCE_FEATURES))
    candidates = CandidateList(singles, phrases.result())
    marked = {kind: Marked(_marks(candidates, marks.marked), marks.ratio, marks.reason)
              for kind, marks in found.items() if marks.marked}
    return Analysis(tokens, candidates, candidates.feature_rows(),
                    [span for marks in found.values() for span in marks.phrases], marked)


def _single_words(finder: CandidateFinder, helper: bool) -> SingleWords:
    """With ``helper``, the second half of the text's single-word candidates is scored in
    another forked child while this process scores the first (the same result either way)."""
    if not helper:
        return finder.single_word()
    words = finder.lex.words
    finder.single_word_plan                    # made here, so the child inherits it
    second = Later(lambda: finder.single_word(1, 2), SingleWords.to_bytes,
                   lambda payload: SingleWords.from_bytes(payload, words))
    return SingleWords.joined([finder.single_word(0, 2), second.result()], words)


def _marks(candidates: CandidateList, marked: list[int]) -> np.ndarray:
    """Per candidate: a single-word candidate at a marked token."""
    single = np.r_[np.ones(len(candidates.singles), bool), np.zeros(len(candidates.phrases), bool)]
    return single & np.isin(candidates.firsts, sorted(marked))


def _reread(lm, models: Models, analysis: Analysis, prose: str, words: int) -> tuple[np.ndarray, np.ndarray]:
    """The span probabilities and the blocks' document scores once the language model has
    re-read the likeliest candidates (``context.confirm``): its readings reach the verdict
    through the probabilities the document model reads. (The first context version, with the
    model's raw preference and ratios measured against first-pass probabilities, called 4 of
    40 held-out clean documents spun; with the frequency correction and ratios measured in
    context, docs/quality.md.)"""
    context.confirm(lm, models, analysis, prose)
    return scoring.score_blocks(models, analysis, words)


@dataclass
class Detection:
    findings: list[Finding]
    spin_score: float
    verdict: str
    words: int


def detect(lex: Lexicon, models: Models, prose: str, source: str, helper: bool = False,
           min_confidence: float | None = None, lm=None) -> Detection:
    """Analyse ``prose`` (markup blanked) and report findings with offsets into ``source``
    (``helper``: use a forked child for part of the work, see ``analyse_candidates``): the
    candidates at or above the models' finding threshold, or ``min_confidence`` when given. A
    text longer than ``tokens.SEGMENT_CHARS`` (or with more than 1.5 x ``tokens.SEGMENT_TOKENS``
    tokens) is analysed in segments (``_detect_in_segments``). ``lm``: a language model
    (``lm.scorer.LanguageModel``) that re-reads the likeliest candidates (``context``)."""
    pieces, tokens = segments(prose), None
    if len(pieces) == 1:
        tokens = tokenize(prose)
        pieces = dense_segments(prose, len(tokens))
    if len(pieces) > 1:
        return _detect_in_segments(lex, models, prose, source, pieces, helper, min_confidence, lm)
    analysis = analyse_candidates(lex, prose, helper, tokens)
    words = len(analysis.tokens)
    probabilities, score = scoring.score_document(models, analysis, words)
    if lm is not None:
        probabilities, blocks = _reread(lm, models, analysis, prose, words)
        score = scoring.combined_score(blocks)
    verdict = scoring.verdict_for(score, models.thresholds)
    threshold = scoring.finding_threshold(verdict, models.thresholds, min_confidence)
    return Detection(findings.select_findings(analysis, probabilities, threshold, source), score, verdict, words)


def _detect_in_segments(lex: Lexicon, models: Models, prose: str, source: str,
                        pieces: list[tuple[int, int]], helper: bool, min_confidence: float | None,
                        lm=None) -> Detection:
    """``detect`` for a text too long to analyse whole: each segment is analysed on its own, so
    memory follows the segment's size, not the text's. The segments hold whole blocks
    (``tokens.segments``), whose evidence is their own, so the probabilities are the whole
    text's (but for float rounding in the topical fit, and the words at a cut inside a
    sentence); the score is the quantile of all segments' blocks, as for a whole text, and each
    segment keeps its findings at both finding thresholds until the verdict says which applies."""
    block_scores, kept, words = [], {}, 0
    thresholds = {scoring.finding_threshold(v, models.thresholds, min_confidence) for v in ("clean", "spun")}
    for start, end in pieces:
        analysis = analyse_candidates(lex, prose[start:end], helper)
        words += len(analysis.tokens)
        probabilities, scores = scoring.score_blocks(models, analysis, len(analysis.tokens))
        if lm is not None:
            probabilities, scores = _reread(lm, models, analysis, prose[start:end], len(analysis.tokens))
        block_scores.append(scores)
        for threshold in thresholds:
            found = findings.select_findings(analysis, probabilities, threshold, source[start:end])
            kept.setdefault(threshold, []).extend(replace(f, start=f.start + start, end=f.end + start) for f in found)
    score = scoring.combined_score(np.concatenate(block_scores))
    verdict = scoring.verdict_for(score, models.thresholds)
    return Detection(kept[scoring.finding_threshold(verdict, models.thresholds, min_confidence)], score, verdict, words)

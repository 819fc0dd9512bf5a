"""The flat API: ``spindetect.scan_text(text)`` gives a DocumentReport in one call."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .core.forked import Later
from .core.types import DocumentReport, merge_findings
from .detect import lexicon, model, pipeline
from .detect.phraselist import Matcher
from .ingest.markup import prose_of
from .readability.figures import quality

if TYPE_CHECKING:
    from .index.search import ReferenceIndex

PARALLEL_MIN_CHARS = 60_000      # ~10,000 words; shorter texts gain less from helper processes than forks cost


def scan_text(text: str, path: str = "<text>", fingerprints: Matcher | None = None,
              warnings: list[str] | None = None, honour_suppressions: bool = False,
              with_quality: bool = True, index: ReferenceIndex | None = None, workers: int = 1,
              min_confidence: float | None = None) -> DocumentReport:
    """Scan one document. HTML and Markdown (by the path's extension) are analysed with their
    markup blanked out; offsets in the findings index ``text`` either way. With
    ``honour_suppressions``, text inside ``spindetect-disable`` comments is left out. Without
    ``with_quality`` the readability figures (a third of the time on short texts) are skipped.
    With a reference ``index`` (``spindetect.index.search.open_index(path)``) the collection's
    phrases join the detector's knowledge and the report carries the best sources found. With
    ``workers`` > 1 a long text (PARALLEL_MIN_CHARS of prose) uses helper processes for its
    readability figures, its phrase candidates and half of its single-word candidates (same
    report, less wall time). A document with a ``fingerprints`` match is at least
    ``suspect``. ``min_confidence`` (0-1) replaces the models' finding thresholds:
    lower shows more of a spun text's likely substitutions, at lower precision (README)."""
    prose = prose_of(text, path, honour_suppressions).text
    helper = workers > 1 and len(prose) >= PARALLEL_MIN_CHARS
    figures = _quality_later(prose, helper) if with_quality else None      # forked first: it takes longest
    lex = index.lexicon() if index is not None else lexicon.load()
    found = pipeline.detect(lex, model.load(), prose, text, helper, min_confidence)
    findings, words = found.findings, found.words
    listed = fingerprints.find(prose) if fingerprints is not None else []
    if listed:
        findings = merge_findings(listed, findings)
    source, verdict = None, found.verdict
    if listed and verdict == "clean":
        verdict = "suspect"         # a phrase from the user's own list: the document needs a look
    if index is not None:
        from .index import evidence
        source = index.source_report(prose, lex)
        if source is not None:
            findings = evidence.with_source(findings, source, prose, text)
            source.spun_copy = evidence.is_spun_copy(source, words)
            verdict = "spun" if source.spun_copy else verdict
    return DocumentReport(
        path=path, text=text, words=words, spin_score=found.spin_score, verdict=verdict,
        findings=findings, warnings=list(warnings or []),
        quality=figures.result() if figures is not None else {},
        source=source, indexed=index is not None,
    )


def _quality_later(prose: str, fork: bool) -> Later[dict[str, float]]:
    return Later(lambda: quality(prose), lambda figures: json.dumps(figures).encode("utf-8"), json.loads, fork)

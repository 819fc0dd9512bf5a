"""The flat API: ``spindetect.scan_text(text)`` gives a DocumentReport in one call."""
from __future__ import annotations

from .analyse import detector, lexicon, model
from .analyse.fingerprints import Matcher
from .analyse.quality import quality
from .analyse.tokens import word_count
from .core.types import DocumentReport, Finding


def scan_text(text: str, path: str = "<text>", fingerprints: Matcher | None = None,
              warnings: list[str] | None = None) -> DocumentReport:
    lex, models = lexicon.load(), model.load()
    analysis = detector.analyse_candidates(lex, text)
    words = word_count(text)
    probabilities, doc_features = detector.score_candidates(models, analysis, words)
    findings = detector.select_findings(analysis, probabilities, models.thresholds["finding"], text)
    if fingerprints is not None:
        findings = merge_findings(fingerprints.find(text), findings)
    score = float(models.document.predict(doc_features)[0]) if words else 0.0
    return DocumentReport(
        path=path, text=text, words=words, spin_score=score,
        verdict=detector.verdict_for(score, models.thresholds),
        findings=findings, quality=quality(text), warnings=list(warnings or []),
    )


def merge_findings(preferred: list[Finding], others: list[Finding]) -> list[Finding]:
    """Sorted, non-overlapping findings; on overlap the preferred (listed) finding wins."""
    kept = list(preferred)
    for finding in others:
        if not any(f.start < finding.end and finding.start < f.end for f in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)

"""What an aligned source says about a submission: its synonym substitutions become findings
(or the first suggestion of the detector's findings that cover them), and a copy made mostly by
substitution is judged a spun copy.

The alignment (``align``) classes each difference from the best source; a *synonym* difference
is a word (or phrase) a thesaurus in the lexicon offers for the source's word at that place.
Those are the spinner's work, found without guessing: each becomes a ``source-substitution``
finding with the source's words as its suggestion (neighbouring ones, with only spaces between
them, make one finding: "irregular backwoods" -> "random forest"). Their confidence is the
share of such differences that were a spinner's changes, measured on spun copies of indexed
documents (``benchmarks/eval_source.py``).

A submission is a *spun copy* when the source covers most of it and synonym substitutions are
both numerous and most of what differs: a revised or excerpted copy differs by insertions,
deletions and other edits, an exact copy not at all. ``benchmarks/eval_source.py`` measures the
rule on spun, exact, revised and unrelated copies.
"""
from __future__ import annotations

from ..core.types import Finding, SourceReport, merge_findings
from ..detect.tokens import match_case

SOURCE_RULE = "source-substitution"
# measured (benchmarks/eval_source.py): 6,892 of 6,892 such findings on spun copies were spinner
# changes; 0.99, not 1, because an alignment can pair the wrong words
SUBSTITUTION_CONFIDENCE = 0.99
SPUN_COPY_MIN_COVERAGE = 0.5     # the source covers at least half of the submission's words
SPUN_COPY_MIN_SYNONYMS = 3       # at least this many synonym substitutions ...
SPUN_COPY_MIN_RATE = 0.025       # ... in at least 2.5% of its words (spun at 10%: >= 0.030 measured;
                                 # revised copies with 2% of words swapped by a copy-editor: <= 0.023)
SPUN_COPY_MIN_SHARE = 0.5        # ... and at least half of all the differences


def suggest_from_source(findings: list[Finding], report: SourceReport) -> list[Finding]:
    """Findings holding synonym substitutions take the source's words as their first
    suggestion: with the source at hand the original is no longer a guess."""
    synonyms = [d for d in report.differences if d.kind == "synonym"]
    for finding in findings:
        inside = [d for d in synonyms if finding.start <= d.start and d.end <= finding.end]
        if not inside:
            continue
        pieces, pos = [], finding.start
        for d in inside:
            pieces += [finding.text[pos - finding.start:d.start - finding.start], match_case(d.source_text, d.text)]
            pos = d.end
        pieces.append(finding.text[pos - finding.start:])
        suggestion = "".join(pieces)
        finding.suggestions = [suggestion] + [s for s in finding.suggestions if s != suggestion][:2]
        finding.evidence = sorted(set(finding.evidence) | {"the indexed source has these words here"})
    return findings


def with_source(findings: list[Finding], report: SourceReport, prose: str, text: str) -> list[Finding]:
    """The detector's findings with the source's words as first suggestions, and a finding for
    every other synonym substitution; sorted, non-overlapping (the detector's win on overlap)."""
    return merge_findings(suggest_from_source(findings, report), source_findings(report, prose, text))


def _synonym_groups(report: SourceReport, prose: str) -> list[list]:
    """The source's synonym differences, neighbours with only whitespace between them grouped
    (``prose``: the submission with its markup blanked, as it was aligned)."""
    groups: list[list] = []
    for d in sorted((d for d in report.differences if d.kind == "synonym"), key=lambda d: d.start):
        if groups and not prose[groups[-1][-1].end:d.start].strip():
            groups[-1].append(d)
        else:
            groups.append([d])
    return groups


def source_findings(report: SourceReport, prose: str, text: str) -> list[Finding]:
    """One finding per group of neighbouring synonym substitutions, the source's words suggested
    (offsets into ``text``, the submission, which ``prose`` is with its markup blanked)."""
    path = report.matches[0].path
    out = []
    for group in _synonym_groups(report, prose):
        first, last = group[0], group[-1]
        original = report.source_text[first.source_start:last.source_end]
        written = text[first.start:last.end]
        out.append(Finding(first.start, last.end, written, [match_case(original, written)],
                           SUBSTITUTION_CONFIDENCE, SOURCE_RULE,
                           [f"the indexed source {path} has \"{original}\" here"]))
    return out


def is_spun_copy(report: SourceReport, words: int) -> bool:
    """The best source covers most of the submission, which differs from it mainly by synonyms."""
    if not report.aligned or not report.matches or report.matches[0].coverage < SPUN_COPY_MIN_COVERAGE:
        return False
    counts = report.counts()
    synonyms, differences = counts["synonym"], sum(counts.values())
    return (synonyms >= SPUN_COPY_MIN_SYNONYMS and synonyms >= SPUN_COPY_MIN_RATE * max(words, 1)
            and synonyms >= SPUN_COPY_MIN_SHARE * differences)

"""Apply a policy to scanned documents: findings and policy failures, located by line/column.

A finding is a warning; a fingerprint match (a phrase from the user's own list) and every
policy failure are errors. A document fails when it has an error the baseline does not hold.
Readability bounds apply to documents of ``MIN_WORDS_FOR_READABILITY`` words or more:
shorter texts give unstable scores.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..core.location import LineIndex, Location
from ..core.types import VERDICTS, DocumentReport, Finding, SourceFile
from .baseline import Baseline, document_key, finding_key
from .policy import Policy

MIN_WORDS_FOR_READABILITY = 100
DOCUMENT_RULES = {
    "spin-verdict": "The document's spin verdict reaches the policy's fail level.",
    "finding-density": "More findings per 1,000 words than the policy allows.",
    "reading-ease": "Flesch reading ease below the policy's minimum.",
    "grade-level": "Flesch-Kincaid grade above the policy's maximum.",
    "source-match": "The reference index holds a likely source of the document (a warning).",
}
FINDING_RULES = {
    "synonym-substitution": "A word or phrase that looks like a thesaurus substitution for an established one.",
    "phrase-rewrite": "A multiword rewrite of an established phrase.",
    "fingerprint": "A phrase from a loaded known-phrase (fingerprint) list.",
    "source-substitution": "A thesaurus substitution for the words of the document's indexed source (with an index).",
}


@dataclass
class Issue:
    rule: str
    level: str                     # "error" fails the document, "warning" does not
    message: str
    start: int
    end: int
    location: Location
    key: tuple[str, str, str]      # baseline key
    finding: Finding | None = None
    baselined: bool = False


@dataclass
class FileResult:
    path: str
    report: DocumentReport
    policy: Policy
    issues: list[Issue] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(i.level == "error" and not i.baselined for i in self.issues)


def finding_message(finding: Finding) -> str:
    original = finding.suggestions[0] if finding.suggestions else "?"
    if finding.rule == "fingerprint":
        return f'"{finding.text}" is a known tortured phrase; expected "{original}"'
    if finding.rule == "source-substitution":
        return f'"{finding.text}" is a thesaurus substitution for "{original}" of the indexed source'
    return f'"{finding.text}" looks spun; likely original "{original}" (confidence {finding.confidence:.2f})'


def policy_failures(report: DocumentReport, policy: Policy, new_findings: int) -> list[tuple[str, str]]:
    failures = []
    if policy.fail_on != "never" and VERDICTS.index(report.verdict) >= VERDICTS.index(policy.fail_on):
        why = (f"a spun copy of {report.source.matches[0].path}; " if report.source is not None
               and report.source.spun_copy else "")
        if any(f.rule == "fingerprint" for f in report.findings):     # such a document is at least suspect
            why += "phrases from a fingerprint list; "
        failures.append(("spin-verdict", f"verdict {report.verdict} ({why}spin score {report.spin_score:.2f}); "
                                         f"the policy fails on {policy.fail_on}"))
    limit = policy.max_findings_per_1000_words
    if limit is not None and report.words and new_findings * 1000 / report.words > limit:
        failures.append(("finding-density", f"{new_findings * 1000 / report.words:.1f} findings per 1,000 words; "
                                             f"the policy allows {limit:g}"))
    if report.words >= MIN_WORDS_FOR_READABILITY:
        ease = report.quality.get("flesch_reading_ease")
        grade = report.quality.get("flesch_kincaid_grade")
        if policy.min_reading_ease is not None and ease is not None and ease < policy.min_reading_ease:
            failures.append(("reading-ease", f"Flesch reading ease {ease:.1f} is below the policy's "
                                              f"minimum {policy.min_reading_ease:g}"))
        if policy.max_grade is not None and grade is not None and grade > policy.max_grade:
            failures.append(("grade-level", f"Flesch-Kincaid grade {grade:.1f} is above the policy's "
                                             f"maximum {policy.max_grade:g}"))
    return failures


class Checker:
    """Checks documents, each under its own policy; baselines are loaded once per path."""

    def __init__(self, baseline_override: str | None = None, with_readability: bool = True):
        self.baseline_override = baseline_override
        self.with_readability = with_readability      # False: readability only where the policy bounds it
        self._baselines: dict[str, Baseline] = {}

    def baseline(self, policy: Policy) -> Baseline | None:
        """The baseline named on the command line (it must exist) or by the policy (one not
        written yet is empty: everything is new, the strict side)."""
        path = self.baseline_override or policy.baseline
        if path is None:
            return None
        if path not in self._baselines:
            if path != self.baseline_override and not os.path.exists(path):
                self._baselines[path] = Baseline(path, {})
            else:
                self._baselines[path] = Baseline.load(path)
        return self._baselines[path]

    def check(self, source: SourceFile, policy: Policy, use_baseline: bool = True) -> FileResult:
        needs_readability = self.with_readability or policy.min_reading_ease is not None or policy.max_grade is not None
        report = policy.scanner(with_readability=needs_readability).scan_source(source)
        baseline = self.baseline(policy) if use_baseline else None
        lines = LineIndex(source.text)
        result = FileResult(source.path, report, policy)
        for f in report.findings:
            key = finding_key(f.rule, f.text, source.text, f.start, f.end)
            level = "error" if f.rule == "fingerprint" else "warning"
            result.issues.append(Issue(f.rule, level, finding_message(f), f.start, f.end,
                                       lines.locate(f.start, f.end), key, f,
                                       bool(baseline and baseline.consume(source.path, key))))
        if report.source is not None:
            key = document_key("source-match")
            result.issues.append(Issue("source-match", "warning", "likely source: " + report.source.describe(),
                                       0, 0, Location(1, 1, 1, 1), key,
                                       baselined=bool(baseline and baseline.consume(source.path, key))))
        new_findings = sum(1 for i in result.issues if not i.baselined)
        for rule, message in policy_failures(report, policy, new_findings):
            key = document_key(rule)
            # density already counts only new findings: the baseline never silences it as a whole
            known = rule != "finding-density" and bool(baseline and baseline.consume(source.path, key))
            result.issues.append(Issue(rule, "error", message, 0, 0, Location(1, 1, 1, 1), key, baselined=known))
        return result

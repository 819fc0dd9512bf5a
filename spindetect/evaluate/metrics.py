"""Metrics of the evaluation, as pure functions of labels, scores and spans.

A finding counts as a hit when it overlaps a span the spinner changed; a change counts as found
when some finding overlaps it. The suggested original is right at rank k when the change's
original appears, as whole words, in one of the finding's first k suggestions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class DocumentScores:
    precision: float
    recall: float
    f1: float
    auc: float


def document_scores(labels: list[bool], predicted: list[bool], scores: list[float]) -> DocumentScores:
    """Precision, recall and F1 of ``predicted`` against ``labels``; ROC AUC of ``scores``."""
    tp = sum(p and y for p, y in zip(predicted, labels))
    fp = sum(p and not y for p, y in zip(predicted, labels))
    fn = sum(y and not p for p, y in zip(predicted, labels))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return DocumentScores(precision, recall, f1, roc_auc(labels, scores))


def roc_auc(labels: list[bool], scores: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    positives = [s for s, y in zip(scores, labels) if y]
    negatives = [s for s, y in zip(scores, labels) if not y]
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def replaced_candidates(tokens, candidates, changes) -> list[bool]:
    """Per candidate: its words overlap a change the spinner made (the span model's label)."""
    spans = [(c.start, c.end) for c in changes]
    starts, ends = tokens.starts, tokens.ends
    return [any(s < ends[c.last] and starts[c.first] < e for s, e in spans) for c in candidates]


@dataclass
class SpanCounts:
    """Sums over documents, so that ratios weigh every span equally."""
    findings: int = 0
    hits: int = 0              # findings overlapping a change
    changes: int = 0
    found: int = 0             # changes overlapped by a finding
    top1: int = 0              # found changes whose original is the first suggestion
    top3: int = 0

    def add(self, findings, changes) -> None:
        self.findings += len(findings)
        self.changes += len(changes)
        self.hits += sum(any(overlaps(f, c) for c in changes) for f in findings)
        for change in changes:
            covering = [f for f in findings if overlaps(f, change)]
            if not covering:
                continue
            self.found += 1
            ranks = [suggestion_rank(f.suggestions, change.original) for f in covering]
            best = min((r for r in ranks if r is not None), default=None)
            self.top1 += best is not None and best == 1
            self.top3 += best is not None and best <= 3

    @property
    def precision(self) -> float:
        return self.hits / self.findings if self.findings else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.changes if self.changes else 0.0

    @property
    def top1_accuracy(self) -> float:
        return self.top1 / self.found if self.found else 0.0

    @property
    def top3_accuracy(self) -> float:
        return self.top3 / self.found if self.found else 0.0


def suggestion_rank(suggestions: list[str], original: str) -> int | None:
    """1-based rank of the first suggestion holding ``original`` as whole words, or None."""
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, original.lower().split())) + r"(?!\w)")
    for rank, suggestion in enumerate(suggestions, start=1):
        if pattern.search(suggestion.lower()):
            return rank
    return None

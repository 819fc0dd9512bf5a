"""``spindetect summarize``: what a JSONL results file says, in one screen. Streams the file."""
from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

from .jsonl import iter_records


@dataclass
class Summary:
    documents: int = 0
    words: int = 0
    verdicts: Counter = field(default_factory=Counter)
    formats: Counter = field(default_factory=Counter)            # "pdf", "docx", "text" (plain, Markdown, HTML)
    errors: int = 0
    skipped: int = 0
    bad_lines: int = 0
    findings: int = 0
    phrases: Counter = field(default_factory=Counter)            # (text, original) -> count
    worst: list = field(default_factory=list)                    # heap of (score, path, findings)
    sources: Counter = field(default_factory=Counter)            # scanned with --index: best source -> documents
    spun_copies: Counter = field(default_factory=Counter)        # best source -> documents that are spun copies of it

    def to_dict(self, top: int) -> dict:
        return {
            "documents": self.documents, "words": self.words, "verdicts": dict(self.verdicts),
            "formats": dict(self.formats),
            "errors": self.errors, "skipped": self.skipped, "bad_lines": self.bad_lines,
            "findings": self.findings,
            "top_phrases": [{"text": t, "original": o, "count": c} for (t, o), c in self.phrases.most_common(top)],
            "worst_documents": [{"path": p, "spin_score": s, "findings": n}
                                for s, p, n in sorted(self.worst, key=lambda w: (-w[0], w[1]))],
            "with_source": sum(self.sources.values()),
            "spun_copies": sum(self.spun_copies.values()),
            "top_sources": [{"path": p, "documents": c, "spun_copies": self.spun_copies[p]}
                            for p, c in self.sources.most_common(top)],
        }


def summarize(path: str, top: int = 10) -> Summary:
    summary = Summary()
    for record in iter_records(path):
        if record is None:
            summary.bad_lines += 1
        elif "error" in record:
            summary.errors += 1
        elif "skipped" in record:
            summary.skipped += 1
        elif _is_document(record):
            _add(summary, record, top)
        else:
            summary.bad_lines += 1          # JSON, but not a document record of the contract
    return summary


def _is_document(record) -> bool:
    """Whether a parsed line has the shape ``_add`` reads (a results file may come from
    elsewhere, or be damaged): a path, numbers where numbers go, findings with text."""
    if not (isinstance(record, dict) and isinstance(record.get("path"), str)
            and isinstance(record.get("words", 0), int) and isinstance(record.get("verdict", "?"), str)
            and isinstance(record.get("spin_score", 0.0), (int, float))
            and isinstance(record.get("findings", []), list)):
        return False
    for finding in record.get("findings", []):
        suggestions = finding.get("suggestions") if isinstance(finding, dict) else None
        if not (isinstance(finding, dict) and isinstance(finding.get("text", ""), str)
                and (suggestions is None or (isinstance(suggestions, list)
                                             and all(isinstance(s, str) for s in suggestions)))):
            return False
    source = record.get("source")
    return not source or (isinstance(source, dict) and isinstance(source.get("best"), dict)
                          and isinstance(source["best"].get("path"), str))


def _add(summary: Summary, record: dict, top: int) -> None:
    summary.documents += 1
    summary.words += int(record.get("words", 0))
    summary.verdicts[record.get("verdict", "?")] += 1
    summary.formats[record["format"] if record.get("format") in ("pdf", "docx") else "text"] += 1
    findings = record.get("findings", [])
    summary.findings += len(findings)
    for f in findings:
        original = f["suggestions"][0] if f.get("suggestions") else ""
        summary.phrases[(f.get("text", "").lower(), original.lower())] += 1
    source = record.get("source")
    if source:
        summary.sources[source["best"]["path"]] += 1
        summary.spun_copies[source["best"]["path"]] += bool(source["best"].get("spun_copy"))
    entry = (float(record.get("spin_score", 0.0)), record["path"], len(findings))
    if len(summary.worst) < top:
        heapq.heappush(summary.worst, entry)
    elif entry > summary.worst[0]:
        heapq.heapreplace(summary.worst, entry)

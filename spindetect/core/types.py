"""Types that cross module boundaries: ingest -> detect -> report."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate

from .plural import plural

VERDICTS = ("clean", "suspect", "spun")
DIFFERENCE_KINDS = ("synonym", "insertion", "deletion", "edit")


def display_path(path: str) -> str:
    """``path`` as reports write it: bytes of a file name that are not UTF-8 (which Python keeps
    as lone surrogates) written as \\xNN, so that JSON, HTML and terminal output stay valid UTF-8
    ("bad\\xffname.txt"); any other name unchanged."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        try:
            raw = path.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return path.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "backslashreplace")


def internal_error(exc: Exception) -> str:
    """How one document's unexpected failure is reported (a line, never a traceback)."""
    return f"internal error: {type(exc).__name__}: {exc}"


class InputError(Exception):
    """A file or argument the tool cannot use; the CLI prints it in one line and exits 2."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{display_path(path)}: {problem}")
        self.path = path
        self.problem = problem


class OutputError(Exception):
    """What the command writes could not be written (disk full, standard output closed, a
    broken pipe); the CLI prints it in one line and exits 3."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{display_path(path)}: {problem}")
        self.path = path
        self.problem = problem


class SetupError(Exception):
    """The environment cannot do what was asked (a Dask scheduler unreachable, the language
    model not installed); the CLI prints it in one line and exits 3."""


@contextmanager
def os_errors_as_input_errors(path: str, missing: str = "no such file or directory"):
    """Operating-system errors on ``path`` become one-line InputErrors naming it."""
    try:
        yield
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except FileNotFoundError:
        raise InputError(path, missing) from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


@dataclass
class Layout:
    """Where the text of a PDF or Word document came from: the page (PDF) or paragraph (Word)
    each offset of the extracted text lies on, and the references section, if one was found."""
    kind: str                                  # "pdf" or "docx"
    unit: str                                  # "page" or "paragraph"
    starts: list[int]                          # offset in the text where each unit begins, ascending
    numbers: list[int]                         # the unit's number (1-based)
    references: tuple[int, int] | None = None  # the references section, as offsets
    pages: int | None = None                   # a PDF's page count

    def locate(self, offset: int) -> int | None:
        """The page or paragraph number at ``offset``."""
        at = bisect_right(self.starts, offset) - 1
        return self.numbers[at] if at >= 0 else None

    def span_at(self, offset: int, text: str) -> tuple[int, int]:
        """Offsets in ``text`` of the page or paragraph that holds ``offset``."""
        at = max(bisect_right(self.starts, offset) - 1, 0)
        end = self.starts[at + 1] if at + 1 < len(self.starts) else len(text)
        return self.starts[at], end

    def to_dict(self) -> dict:
        return {"kind": self.kind, "unit": self.unit, "starts": self.starts, "numbers": self.numbers,
                "references": list(self.references) if self.references else None, "pages": self.pages}

    @classmethod
    def from_dict(cls, data: dict) -> Layout:
        references = data.get("references")
        return cls(data["kind"], data["unit"], list(data["starts"]), list(data["numbers"]),
                   tuple(references) if references else None, data.get("pages"))


@dataclass
class SourceFile:
    """Decoded text of one input, with what ingest noticed while reading it (``layout``: where
    a PDF's or Word document's extracted text came from)."""
    path: str
    text: str
    warnings: list[str] = field(default_factory=list)
    layout: Layout | None = None


@dataclass
class Finding:
    start: int
    end: int
    text: str
    suggestions: list[str]
    confidence: float
    rule: str            # "synonym-substitution", "phrase-rewrite", "fingerprint", "source-substitution"
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON contract's finding object (the fields in order; lists copied, as
        ``dataclasses.asdict`` gives, without its recursive deep copy: ~10x faster, and a
        document may have 100,000 findings)."""
        return {"start": self.start, "end": self.end, "text": self.text, "suggestions": list(self.suggestions),
                "confidence": self.confidence, "rule": self.rule, "evidence": list(self.evidence)}


def merge_findings(preferred: list[Finding], others: list[Finding]) -> list[Finding]:
    """Sorted, non-overlapping findings; on overlap the preferred (listed) finding wins. Each list
    is non-overlapping in itself (a detector's findings, a list's matches, aligned groups), so a
    finding of ``others`` is checked against the preferred ones only, by a binary search among
    them sorted by start with the furthest end so far: a long spun text has thousands."""
    kept = sorted(preferred, key=lambda f: f.start)
    starts = [f.start for f in kept]
    reach = list(accumulate((f.end for f in kept), max))    # the furthest end of kept[:k + 1]
    merged = list(kept)
    for finding in others:
        before = bisect_left(starts, finding.end)           # kept[:before] start before it ends
        if not before or reach[before - 1] <= finding.start:
            merged.append(finding)
    return sorted(merged, key=lambda f: f.start)


@dataclass
class SourceMatch:
    """An indexed document a submission may have been made from."""
    id: int
    path: str
    similarity: float      # Jaccard similarity of the two texts' immutable shingles
    overlap: float         # share of the smaller shingle set found in the other
    coverage: float        # share of the submission's words aligned to it (same or synonym)

    def to_dict(self) -> dict:
        return {"id": self.id, "path": self.path, "similarity": round(self.similarity, 4),
                "overlap": round(self.overlap, 4), "coverage": round(self.coverage, 4)}


@dataclass
class Difference:
    """One aligned difference: ``kind`` is synonym, insertion, deletion or edit."""
    kind: str
    start: int             # offsets into the submission
    end: int
    text: str
    source_start: int      # offsets into the source's text
    source_end: int
    source_text: str

    def to_dict(self) -> dict:
        return {"kind": self.kind,
                "submission": {"start": self.start, "end": self.end, "text": self.text},
                "source": {"start": self.source_start, "end": self.source_end, "text": self.source_text}}


@dataclass
class SentencePair:
    start: int
    end: int
    source_start: int
    source_end: int

    def to_dict(self) -> dict:
        return {"submission": [self.start, self.end], "source": [self.source_start, self.source_end]}


@dataclass
class SourceReport:
    """What the reference index knows of a submission: candidate sources, best first, and the
    alignment against the best one."""
    matches: list[SourceMatch]
    differences: list[Difference] = field(default_factory=list)
    sentences: list[SentencePair] = field(default_factory=list)
    source_text: str = ""
    aligned: bool = True       # False: too long to align; no differences or sentences
    spun_copy: bool = False    # mostly synonym substitutions of the best source (``index.evidence``)

    def counts(self) -> dict[str, int]:
        return {kind: sum(d.kind == kind for d in self.differences) for kind in DIFFERENCE_KINDS}

    def describe(self) -> str:
        """One line: the best source and what the alignment found."""
        best, counts = self.matches[0], self.counts()
        others = f"; {len(self.matches) - 1} more" if len(self.matches) > 1 else ""
        found = (f"{plural(counts['synonym'], 'synonym substitution')}, {plural(counts['insertion'], 'insertion')}, "
                 f"{plural(counts['deletion'], 'deletion')}, {plural(counts['edit'], 'other edit')}" if self.aligned
                 else "too long to align word by word")
        copy = "a spun copy of " if self.spun_copy else ""
        return (f"{copy}{best.path} (similarity {best.similarity:.2f}, covers {best.coverage:.0%} of the text): "
                f"{found}{others}")

    def to_dict(self) -> dict:
        best, counts = self.matches[0], self.counts()
        return {"matches": [m.to_dict() for m in self.matches],
                "best": {"id": best.id, "path": best.path, "aligned": self.aligned, "spun_copy": self.spun_copy,
                         "counts": counts,
                         "differences": [d.to_dict() for d in self.differences],
                         "sentences": [s.to_dict() for s in self.sentences]}}


@dataclass
class DocumentReport:
    path: str
    text: str
    words: int
    spin_score: float
    verdict: str
    findings: list[Finding]
    quality: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    source: SourceReport | None = None
    indexed: bool = False          # scanned against a reference index (``source`` may be None)
    layout: Layout | None = None   # a PDF or Word document: pages or paragraphs of the text
    references_skipped: bool = False
    readable: str | None = None    # an HTML document's text with its markup blanked (same offsets)

    def shown(self) -> str:
        """The text a report shows: an HTML document's readable text (tags, scripts and styles
        as spaces, the same offsets as ``text``); any other document's text."""
        return self.text if self.readable is None else self.readable
    def to_dict(self, include_text: bool = False) -> dict:
        """The JSON contract's document object. A PDF or Word document adds ``format``, its
        ``pages`` (PDF), ``references`` (the section's offsets, or null) and, per finding, its
        ``page`` or ``paragraph``; ``include_text`` adds the text the offsets index (for a PDF
        or Word document, the extracted text)."""
        out = {
            "path": self.path,
            "words": self.words,
            "spin_score": round(self.spin_score, 4),
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
            "quality": self.quality,
            "warnings": self.warnings,
        }
        if self.indexed:
            out["source"] = self.source.to_dict() if self.source else None
        if self.layout is not None:
            layout = self.layout
            out["format"] = layout.kind
            if layout.pages is not None:
                out["pages"] = layout.pages
            out["references"] = ({"start": layout.references[0], "end": layout.references[1],
                                  "skipped": self.references_skipped} if layout.references else None)
            for finding, record in zip(self.findings, out["findings"]):
                record[layout.unit] = layout.locate(finding.start)
        if include_text:
            out["text"] = self.text
        return out

    def where(self, finding: Finding) -> str:
        """"p. 4" or "¶ 12" for a finding of a PDF or Word document; "" otherwise."""
        if self.layout is None:
            return ""
        number = self.layout.locate(finding.start)
        return f"p. {number}" if self.layout.unit == "page" else f"\u00b6 {number}"

    def quote(self, finding: Finding, around: int = 60) -> str:
        """The words around a finding, within its page or paragraph, on one line."""
        low, high = 0, len(self.text)
        if self.layout is not None:
            low, high = self.layout.span_at(finding.start, self.text)
        start, end = max(low, finding.start - around), min(high, finding.end + around)
        return (("\u2026" if start > low else "") + " ".join(self.text[start:end].split())
                + ("\u2026" if end < high else ""))

"""Types that cross module boundaries: ingest -> analyse -> report."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

VERDICTS = ("clean", "suspect", "spun")


class InputError(Exception):
    """A file or argument the tool cannot use; the CLI prints it in one line and exits 2."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


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
class SourceFile:
    """Decoded text of one input, with what ingest noticed while reading it."""
    path: str
    text: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class Finding:
    start: int
    end: int
    text: str
    suggestions: list[str]
    confidence: float
    rule: str            # "synonym-substitution", "phrase-rewrite", "fingerprint"
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


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

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "words": self.words,
            "spin_score": round(self.spin_score, 4),
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
            "quality": self.quality,
            "warnings": self.warnings,
        }

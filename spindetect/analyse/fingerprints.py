"""User-supplied fingerprint lists in the Problematic Paper Screener CSV format.

    Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers
    profound learning,deep learning,123

Matches are case-insensitive, on word boundaries, and tolerate any run of whitespace between
words. They are reported with rule ``fingerprint`` and the list's expected text.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from ..core.types import Finding, InputError, os_errors_as_input_errors

HEADER = ("Fingerprint - Tortured Phrase", "Expected Text")


@dataclass(frozen=True)
class Fingerprint:
    phrase: str
    expected: str
    papers: int | None


def parse(path: str, content: str) -> list[Fingerprint]:
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None:
        raise InputError(path, "empty fingerprint file")
    names = [h.strip() for h in header]
    if tuple(names[:2]) != HEADER:
        raise InputError(path, f"not a Problematic Paper Screener CSV: header must start with {','.join(HEADER)!r}")
    out = []
    for line_no, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip():
            raise InputError(path, f"line {line_no}: expected 'phrase,expected text[,papers]'")
        papers = row[2].strip() if len(row) > 2 else ""
        out.append(Fingerprint(row[0].strip(), row[1].strip(), int(papers) if papers.isdigit() else None))
    return out


def load(path: str) -> list[Fingerprint]:
    try:
        with os_errors_as_input_errors(path, "no such fingerprint file"), \
                open(path, encoding="utf-8", errors="strict") as handle:
            return parse(path, handle.read())
    except UnicodeDecodeError:
        raise InputError(path, "fingerprint file is not UTF-8 text") from None


@lru_cache(maxsize=8)
def load_matcher(paths: tuple[str, ...]) -> Matcher | None:
    """One Matcher for these lists (None for none), loaded once per process."""
    return Matcher([f for path in paths for f in load(path)]) if paths else None


class Matcher:
    def __init__(self, fingerprints: list[Fingerprint]):
        self.expected = {}
        parts = []
        for fp in sorted(fingerprints, key=lambda f: -len(f.phrase)):
            key = " ".join(fp.phrase.lower().split())
            if key and key not in self.expected:
                self.expected[key] = fp.expected
                parts.append(r"\s+".join(re.escape(w) for w in key.split()))
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE) if parts else None

    def find(self, text: str) -> list[Finding]:
        if self.pattern is None:
            return []
        out = []
        for match in self.pattern.finditer(text):
            key = " ".join(match.group().lower().split())
            out.append(Finding(match.start(), match.end(), match.group(), [self.expected[key]], 1.0,
                               "fingerprint", ["listed in the fingerprint file"]))
        return out

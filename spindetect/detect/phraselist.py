"""The user's known-phrase lists ("fingerprints" in the Problematic Paper Screener CSV format).

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
class ListedPhrase:
    phrase: str
    expected: str
    papers: int | None


def parse(path: str, content: str) -> list[ListedPhrase]:
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
        out.append(ListedPhrase(row[0].strip(), row[1].strip(), int(papers) if papers.isdigit() else None))
    return out


def load(path: str) -> list[ListedPhrase]:
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


_TOKEN = re.compile(r"\w+|[^\w\s]")     # a run of word characters, or one other visible character
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class _Phrase:
    tokens: tuple[str, ...]     # casefolded, as _TOKEN splits the phrase
    spaced: tuple[bool, ...]    # per pair of neighbouring tokens: whitespace between them
    expected: str
    evidence: str


def _shape(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    found = list(_TOKEN.finditer(text))
    return (tuple(m.group().casefold() for m in found),
            tuple(b.start() > a.end() for a, b in zip(found, found[1:])))


class Matcher:
    """Finds a list's phrases in a text: case-insensitively (casefolded), on word boundaries,
    with any run of whitespace where a phrase has a space and none where it has none
    ("k-nearest"). The text is split into tokens once and each token is looked up among the
    phrases' first tokens, so a list of thousands of phrases (the Problematic Paper Screener's
    holds several thousand) costs about what a short one does. Matches do not overlap: leftmost
    first, and of the phrases that start at the same token the longest."""

    def __init__(self, fingerprints: list[ListedPhrase]):
        self.by_first: dict[str, list[_Phrase]] = {}
        seen = set()
        for fp in sorted(fingerprints, key=lambda f: -len(f.phrase)):
            key = " ".join(fp.phrase.lower().split())
            if key and key not in seen:
                seen.add(key)
                tokens, spaced = _shape(key)
                self.by_first.setdefault(tokens[0], []).append(_Phrase(tokens, spaced, fp.expected, _evidence(fp)))

    def find(self, text: str) -> list[Finding]:
        if not self.by_first:
            return []
        tokens = list(_TOKEN.finditer(text))
        folded = [m.group().casefold() for m in tokens]
        out, free_from = [], 0          # matches do not overlap: none starts before free_from
        for i in [i for i, token in enumerate(folded) if token in self.by_first]:
            if i < free_from:
                continue
            for phrase in self.by_first[folded[i]]:
                n = len(phrase.tokens)
                if (tuple(folded[i:i + n]) == phrase.tokens
                        and all((tokens[k + 1].start() > tokens[k].end()) == spaced
                                for k, spaced in zip(range(i, i + n - 1), phrase.spaced))
                        and _bounded(text, tokens[i].start(), tokens[i + n - 1].end())):
                    start, end = tokens[i].start(), tokens[i + n - 1].end()
                    out.append(Finding(start, end, text[start:end], [phrase.expected], 1.0,
                                       "fingerprint", [phrase.evidence]))
                    free_from = i + n
                    break
        return out


def _evidence(fp: ListedPhrase) -> str:
    if fp.papers is None:
        return "listed in the fingerprint file"
    return f"listed in the fingerprint file (found in {fp.papers:,} paper{'s' if fp.papers != 1 else ''})"


def _bounded(text: str, start: int, end: int) -> bool:
    """No word character right before ``start`` or right after ``end`` (a phrase that begins or
    ends with a word token has that already: the token is a whole run of word characters)."""
    return not ((start > 0 and _WORD_CHAR.match(text, start - 1))
                or (end < len(text) and _WORD_CHAR.match(text, end)))

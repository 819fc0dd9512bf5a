"""Acronyms: "graphics processing items (GPUs)".

A writer who defines an acronym spells it with the initials of the words before it. A spinner
rewrites the words but leaves the acronym, so initials that no longer match, and that a
candidate original would restore, are strong evidence; initials that match are evidence the
words are authentic. Both enter scoring as fixed likelihood ratios on the ``acronym`` feature
(``scoring.acronym_evidence``), and a finding inside a defined acronym's words covers them all.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..tokens import Tokens
from . import Context, Marks

_ACRONYM = re.compile(r"^([A-Z]{2,6})s?$")
_OPEN = re.compile(r"\(")


@dataclass(frozen=True)
class Expansion:
    first: int       # token index of the first expanded word
    last: int        # token index of the last expanded word
    letters: str     # lowercase initials the words should have


def find_expansions(tokens: Tokens, text: str) -> list[Expansion]:
    found = []
    words, brk = tokens.words, tokens.brk
    for j in _after_parentheses(tokens, text):
        match = _ACRONYM.match(words[j])
        if not match or j == 0 or "(" not in text[tokens.ends[j - 1]:tokens.starts[j]]:
            continue
        letters = match.group(1).lower()
        first = j - len(letters)
        if first < 0 or any(brk[k] for k in range(first + 1, j)):
            continue
        if not all(tokens.norms[k][0].isalpha() for k in range(first, j)):
            continue
        found.append(Expansion(first, j - 1, letters))
    return found


def _after_parentheses(tokens: Tokens, text: str) -> list[int]:
    """The tokens that an opening parenthesis precedes, in order: the only places an acronym is
    defined (found from the text's few parentheses, not by testing each of its words)."""
    starts = tokens.starts
    return sorted({bisect_left(starts, at.start()) for at in _OPEN.finditer(text)} - {len(starts)})


def mark(context: Context) -> Marks:
    """The acronym feature (+1: originals restore the initials, -1: the initials already match)
    and an original with the needed initial put first; each expansion's words are one phrase.
    Only when originals restore every initial that differs: an acronym whose letters the words
    cannot give ("the World Conservation Union (IUCN)", named in another language or order) says
    nothing about them."""
    tokens, singles = context.tokens, context.singles
    marks = Marks()
    for exp in find_expansions(tokens, context.text):
        marks.phrases.append((exp.first, exp.last))
        positions = [(exp.first + p, ch) for p, ch in enumerate(exp.letters)]
        differing = [(i, ch) for i, ch in positions if tokens[i].norm[0] != ch]
        if not differing:
            marks.features += [(i, "acronym", -1.0) for i, _ in positions if i in singles]
            continue
        restoring = [(i, _first_with(singles[i], ch)) for i, ch in differing if i in singles]
        if len(restoring) < len(differing) or any(word_id is None for _, word_id in restoring):
            continue
        marks.preferred += restoring
        marks.features += [(i, "acronym", 1.0) for i, _ in restoring]
    return marks


def _first_with(cand, initial: str) -> int | None:
    """The best-ranked original (word id) starting with ``initial`` (None: there is none)."""
    return next((int(cand.original_ids[k]) for k, o in enumerate(cand.originals) if o[0] == initial), None)

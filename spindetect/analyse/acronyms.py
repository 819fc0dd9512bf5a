"""In-document evidence from acronyms: "graphics processing items (GPUs)".

A writer who defines an acronym spells it with the initials of the words before it. A spinner
rewrites the words but leaves the acronym, so initials that no longer match, and that a
candidate original would restore, are strong evidence; initials that match are evidence the
words are authentic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .tokens import Token

_ACRONYM = re.compile(r"^([A-Z]{2,6})s?$")


@dataclass(frozen=True)
class Expansion:
    first: int       # token index of the first expanded word
    last: int        # token index of the last expanded word
    letters: str     # lowercase initials the words should have


def find_expansions(tokens: list[Token], text: str) -> list[Expansion]:
    found = []
    for j, tok in enumerate(tokens):
        match = _ACRONYM.match(tok.text)
        if not match or j == 0 or "(" not in text[tokens[j - 1].end:tok.start]:
            continue
        letters = match.group(1).lower()
        first = j - len(letters)
        if first < 0 or any(tokens[k].brk for k in range(first + 1, j)):
            continue
        if not all(tokens[k].is_word for k in range(first, j)):
            continue
        found.append(Expansion(first, j - 1, letters))
    return found


def apply(expansions: list[Expansion], candidates_by_token: dict, tokens: list[Token], feature_index: int) -> None:
    """Set the acronym feature (+1 restores the initials, -1 the initials already match) and
    move an original with the needed initial to the front."""
    for exp in expansions:
        matches = all(tokens[exp.first + p].norm[0] == ch for p, ch in enumerate(exp.letters))
        for p, ch in enumerate(exp.letters):
            cand = candidates_by_token.get(exp.first + p)
            if cand is None:
                continue
            if matches:
                cand.features[feature_index] = -1.0
                continue
            if tokens[exp.first + p].norm[0] == ch:
                continue
            fitting = [k for k, o in enumerate(cand.originals) if o[0] == ch]
            if fitting:
                cand.promote(fitting[0])
                cand.features[feature_index] = 1.0

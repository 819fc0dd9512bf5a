"""Tokenisation with character offsets.

A small regular-expression tokenizer: the hot path must not import NLTK (1.2 s of
imports), and the detector only needs word tokens, their offsets, and where
punctuation breaks the flow of words (no bigram is read across a break).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Words (with inner apostrophes), or numbers with separators.
_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*|\d+(?:[.,]\d+)*")
# Between two tokens only spaces or a hyphen keep them in one run of words.
_JOINER = re.compile(r"[ \t\-]*\Z")
_SENTENCE_END = re.compile(r"[.!?:;\n]")


@dataclass(frozen=True, slots=True)
class Token:
    text: str        # as written
    norm: str        # lowercased, typographic apostrophe folded
    start: int
    end: int
    brk: bool        # True when punctuation separates this token from the previous one
    sent_start: bool # first token of a sentence (or of the text)

    @property
    def is_word(self) -> bool:
        return self.norm[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()


def normalise(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def match_case(word: str, model: str) -> str:
    """``word`` written in the case of ``model`` (UPPER, Capitalised or as it is)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    prev_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[prev_end:match.start()]
        first = not tokens
        brk = first or not _JOINER.match(gap)
        sent_start = first or bool(_SENTENCE_END.search(gap)) or "\n\n" in gap
        tokens.append(Token(match.group(), normalise(match.group()), match.start(), match.end(), brk, sent_start))
        prev_end = match.end()
    return tokens


def word_count(text: str) -> int:
    return sum(1 for _ in _TOKEN.finditer(text))

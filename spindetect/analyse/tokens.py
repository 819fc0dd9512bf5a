"""Tokenisation with character offsets.

A small regular-expression tokenizer: the hot path must not import NLTK (1.2 s of
imports), and the detector only needs word tokens, their offsets, and where
punctuation breaks the flow of words (no bigram is read across a break).
"""
from __future__ import annotations

import re
from typing import NamedTuple

# Words (with inner apostrophes), or numbers with separators; letters and digits written together
# stay one token ("18th", "1990s", "B52", "mp3"), so an ordinal's "th" is never read as a word.
_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*(?:\d+[A-Za-z]*)*|\d+(?:[.,]\d+)*[A-Za-z]*")
# Between two tokens only spaces or a hyphen keep them in one run of words.
_JOINER = re.compile(r"[ \t\-]*")
_SENTENCE_END = re.compile(r"[.!?:;\n]")


BLOCK_TOKENS = 1_000   # a long text is judged, and its own evidence sought, in blocks of about this size


def block_count(n_tokens: int) -> int:
    """Blocks of BLOCK_TOKENS tokens, a short tail joined to the block before (``round``). A text
    of up to ~1,500 tokens is one block: the documents the models were trained and measured on
    were 250 to 800 words, and a long text's blocks stand in for them, both for the document
    context and for "elsewhere in the text"."""
    return max(1, round(n_tokens / BLOCK_TOKENS))


def blocks_of(indices, n_tokens: int):
    """The block of each token index (numpy array in, numpy array out)."""
    import numpy as np    # here: this module is also imported where nothing else needs numpy
    return np.minimum(np.asarray(indices) // BLOCK_TOKENS, block_count(n_tokens) - 1)


class Token(NamedTuple):      # a tuple: made fast, immutable
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
    lower = word.lower()
    return lower if "\u2019" not in lower else lower.replace("\u2019", "'")


def match_case(word: str, model: str) -> str:
    """``word`` written in the case of ``model`` (UPPER, Capitalised or as it is)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append, joined, sentence_end = tokens.append, _JOINER.fullmatch, _SENTENCE_END.search
    prev_end = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        if tokens:
            gap = text[prev_end:start]
            brk = joined(gap) is None
            # only a break (not spaces or a hyphen) can hold a sentence end
            sent_start = brk and (sentence_end(gap) is not None or "\n\n" in gap)
        else:
            brk = sent_start = True
        append(Token(word, normalise(word), start, end, brk, sent_start))
        prev_end = end
    return tokens


def word_count(text: str) -> int:
    return sum(1 for _ in _TOKEN.finditer(text))

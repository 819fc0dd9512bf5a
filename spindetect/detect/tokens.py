"""Tokenisation with character offsets.

A small regular-expression tokenizer: the hot path must not import NLTK (1.2 s of
imports), and the detector only needs word tokens, their offsets, and where
punctuation breaks the flow of words (no bigram is read across a break).
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

# Words (with inner apostrophes), or numbers with separators; letters and digits written together
# stay one token ("18th", "1990s", "B52", "mp3"), so an ordinal's "th" is never read as a word.
TOKEN_PATTERN = r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*(?:\d+[A-Za-z]*)*|\d+(?:[.,]\d+)*[A-Za-z]*"
# the same tokens with possessive quantifiers (Python 3.11+): nothing to backtrack into, ~15% faster
TOKEN_PATTERN_POSSESSIVE = r"[A-Za-z]++(?:['\u2019][A-Za-z]++)*+(?:\d++[A-Za-z]*+)*+|\d++(?:[.,]\d++)*+[A-Za-z]*+"
_TOKEN = re.compile(TOKEN_PATTERN_POSSESSIVE if sys.version_info >= (3, 11) else TOKEN_PATTERN)
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


SEGMENT_CHARS = 1_000_000   # a longer text is analysed in segments of about this size (~170,000 words)
SEGMENT_TOKENS = 200_000    # ... and of at most this many tokens (a text of short words is denser)
SEGMENT_ALIGN = 2_000       # segments hold whole blocks: a multiple of BLOCK_TOKENS and of the topic block


def segments(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets cutting ``text`` into pieces of at most about ``size`` characters,
    each cut where a token whose index in the whole text is a multiple of SEGMENT_ALIGN begins,
    so that every segment's blocks are the whole text's (a block's evidence stays the same),
    and where that token begins a sentence if one of them does: no word pair, phrase or name
    then spans the cut, so each segment reads its words as the whole text does. A last piece
    under half of ``size`` stays with the one before; no piece but the last holds more than
    SEGMENT_TOKENS tokens. A text of up to ``size`` characters is one segment."""
    size = SEGMENT_CHARS if size is None else size
    cuts, start = [], 0
    while len(text) - start > size * 3 // 2:
        cut = sentence_cut = None
        previous_end = start
        for k, match in enumerate(_TOKEN.finditer(text, start, start + size)):
            if k > SEGMENT_TOKENS:
                break
            if k and k % SEGMENT_ALIGN == 0:
                cut = match.start()
                if _gap_flags(text[previous_end:cut])[1]:
                    sentence_cut = cut
            previous_end = match.end()
        if cut is None:                 # fewer than SEGMENT_ALIGN tokens in the window
            break
        cut = cut if sentence_cut is None else sentence_cut
        cuts.append((start, cut))
        start = cut
    cuts.append((start, len(text)))
    return cuts


def dense_segments(text: str, n_tokens: int) -> list[tuple[int, int]]:
    """``segments`` for a text within SEGMENT_CHARS that has ``n_tokens`` tokens: one piece, or,
    for a text of short words with more than 1.5 x SEGMENT_TOKENS, pieces whose size in
    characters holds about SEGMENT_TOKENS of its tokens (memory follows the tokens)."""
    if n_tokens <= SEGMENT_TOKENS * 3 // 2:
        return [(0, len(text))]
    return segments(text, len(text) * SEGMENT_TOKENS // n_tokens)


def blocks_of(indices, n_tokens: int):
    """The block of each token index (numpy array in, numpy array out)."""
    import numpy as np  # here: this module is also imported where nothing else needs numpy
    return np.minimum(np.asarray(indices) // BLOCK_TOKENS, block_count(n_tokens) - 1)


def capitals(tokens: Tokens):
    """Per token (numpy bool): does it begin with a capital letter (a number never does); made
    once per text (several analysis steps read it)."""
    def make():
        first = first_codes(tokens.words)
        return (first >= 65) & (first <= 90)
    return tokens.array("capitals", make)


def first_codes(words: list[str]):
    """Each word's first character as an ASCII code (numpy uint8), "?" for any other (a token
    begins with an ASCII letter or a digit, which may be a non-ASCII one)."""
    import numpy as np
    return np.frombuffer("".join(map(itemgetter(0), words)).encode("ascii", "replace"), dtype=np.uint8)


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


class Tokens(Sequence):
    """A text's tokens as columns (lists), made by one regular-expression split; ``tokens[i]``
    makes the ``Token`` for one index. The hot paths read the columns: making a tuple for every
    token of a long text costs more than finding the tokens."""

    __slots__ = ("words", "norms", "starts", "ends", "brk", "sent_start", "_arrays")

    def __init__(self, words: list[str], norms: list[str], starts: list[int], ends: list[int],
                 brk: list[bool], sent_start: list[bool]):
        self.words, self.norms, self.starts, self.ends = words, norms, starts, ends
        self.brk, self.sent_start = brk, sent_start
        self._arrays: dict = {}

    def array(self, name: str, make):
        """A numpy array derived from the columns, made by ``make()`` once per text (several
        analysis steps read the same ones)."""
        if name not in self._arrays:
            self._arrays[name] = make()
        return self._arrays[name]

    def breaks(self):
        """``brk`` as a numpy bool array."""
        import numpy as np
        return self.array("brk", lambda: np.array(self.brk, dtype=bool))

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.words)))]
        return Token(self.words[index], self.norms[index], self.starts[index], self.ends[index],
                     self.brk[index], self.sent_start[index])

    def __iter__(self) -> Iterator[Token]:
        return map(Token, self.words, self.norms, self.starts, self.ends, self.brk, self.sent_start)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None


_SPLIT = re.compile(f"({_TOKEN.pattern})")    # gap, token, gap, token, ..., gap


def _gap_flags(gap: str) -> tuple[bool, bool]:
    """(break, sentence start) for the token after ``gap``."""
    brk = _JOINER.fullmatch(gap) is None
    # only a break (not spaces or a hyphen) can hold a sentence end
    return brk, brk and (_SENTENCE_END.search(gap) is not None or "\n\n" in gap)


def _normalised(words: list[str]) -> list[str]:
    """``normalise`` of every word, in one pass over them joined: tokens hold ASCII letters,
    digits and apostrophes only (``TOKEN_PATTERN``), so lowercasing them joined is lowercasing
    each, and none holds the NUL that separates them."""
    if not words:
        return []
    return "\0".join(words).lower().replace("\u2019", "'").split("\0")


def tokenize(text: str) -> Tokens:
    parts = _SPLIT.split(text)
    words = parts[1::2]
    offsets = list(accumulate(map(len, parts)))      # where each part ends
    norms = _normalised(words)
    inner = parts[2:-1:2]                            # the gaps between tokens
    flags = {gap: _gap_flags(gap) for gap in set(inner)}
    brk_after = {gap: flag[0] for gap, flag in flags.items()}
    starts_after = {gap: flag[1] for gap, flag in flags.items()}
    brk = [True, *map(brk_after.__getitem__, inner)] if words else []
    sent_start = [True, *map(starts_after.__getitem__, inner)] if words else []
    return Tokens(words, norms, offsets[0:-1:2], offsets[1::2], brk, sent_start)


def word_count(text: str) -> int:
    return len(_TOKEN.findall(text))

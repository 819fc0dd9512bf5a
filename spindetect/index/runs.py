"""Classing a run where a submission differs from its source: synonym substitutions (a word a
thesaurus offers for the source's word, or a phrase the lexicon offers for the source's phrase),
edits, insertions and deletions.

A run of equal length is classed word for word, unless splitting it differently explains more of
its words as synonyms; other runs (up to MAX_SEGMENTED words) are split by dynamic programming so
that as many words as possible are synonyms, fewest pieces on ties. A phrase rewrite may also
take in identical words around the run, which difflib matched on their own ("waiting for" for
"on the lookout for" shares the "for"). Pieces are (kind, submission tokens a1:a2, source tokens
b1:b2).
"""
from __future__ import annotations

import numpy as np

from ..detect.candidates import token_ids
from ..detect.lexicon import Lexicon
from ..detect.tokens import Tokens

MAX_PHRASE = 4             # the longest phrase a multiword rewrite replaces or writes
MAX_SEGMENTED = 12         # longer differing runs are classed whole (the search is quadratic)

Piece = tuple[str, int, int, int, int]


def explained(pieces: list[Piece]) -> int:
    """Submitted words the pieces explain as synonyms."""
    return sum(a2 - a1 for kind, a1, a2, _, _ in pieces if kind == "synonym")


class RunClassifier:
    """Classes the differing runs of one submission against one source."""

    def __init__(self, lex: Lexicon, sub: Tokens, src: Tokens):
        self.lex, self.sub, self.src = lex, sub, src
        self.sub_ids, self.src_ids = token_ids(lex, sub), token_ids(lex, src)
        self._originals: dict[str, set[str]] = {}        # submitted phrase -> what it rewrites

    def replaced(self, i1: int, i2: int, j1: int, j2: int) -> list[Piece]:
        """Submitted tokens i1:i2 in place of source tokens j1:j2."""
        word_for_word = []
        if i2 - i1 == j2 - j1:
            word_for_word = [("synonym" if self.offers(i, j) else "edit", i, i + 1, j, j + 1)
                             for i, j in zip(range(i1, i2), range(j1, j2))]
            if i2 - i1 == 1 or all(kind == "synonym" for kind, *_ in word_for_word):
                return word_for_word
        pieces = self._segments(i1, i2, j1, j2)
        if word_for_word and explained(pieces) <= explained(word_for_word):
            return word_for_word
        return [split for piece in pieces for split in _classed(piece)]

    def phrase_around(self, run: tuple[int, int, int, int], before: int, after: int) -> Piece | None:
        """A phrase rewrite taking in up to MAX_PHRASE - 1 of the identical words around a run
        (``before``/``after``: how many are free on each side), fewest taken in first."""
        for a1, a2, b1, b2 in _around(run, before, after):
            if self.phrase(a1, a2, b1, b2):
                return ("synonym", a1, a2, b1, b2)
        return None

    def prefetch_around(self, runs: list[tuple[int, int, int, int, int, int]]) -> None:
        """Look up at once every phrase ``phrase_around`` may ask about: (run, before, after)."""
        self._prefetch([(a1, a2) for *run, before, after in runs for a1, a2, _, _ in _around(run, before, after)])

    def offers(self, i: int, j: int) -> bool:
        """A thesaurus offers submitted token i for source token j."""
        written, original = int(self.sub_ids[i]), int(self.src_ids[j])
        if written < 0 or original < 0:
            return False
        ids, _ = self.lex.originals(written)
        return bool(np.any(ids == original))

    def phrase(self, i1: int, i2: int, j1: int, j2: int) -> bool:
        """The lexicon offers submitted tokens i1:i2 as a rewrite of source tokens j1:j2."""
        written = _words(self.sub, i1, i2)
        if written not in self._originals:
            self._prefetch([(i1, i2)])
        originals = self._originals[written]
        return bool(originals) and _words(self.src, j1, j2) in originals

    def _prefetch(self, spans: list[tuple[int, int]]) -> None:
        """Look the submitted words of these token spans up in one call, once each."""
        wanted = sorted({_words(self.sub, i, j) for i, j in spans} - self._originals.keys())
        for written, entry in zip(wanted, self.lex.multiword(wanted) if wanted else []):
            self._originals[written] = {original for original, _, _ in entry[1]} if entry else set()

    def _segments(self, i1: int, i2: int, j1: int, j2: int) -> list[Piece]:
        """The split of a run that explains most submitted words as synonyms, fewest pieces on
        ties (dynamic programming over positions in both runs); what lies between synonyms is
        one unexplained piece. A run too long to search, or with no synonym, is one piece."""
        n, m = i2 - i1, j2 - j1
        whole = [("synonym" if self.phrase(i1, i2, j1, j2) else "gap", i1, i2, j1, j2)]
        if n > MAX_SEGMENTED or m > MAX_SEGMENTED or whole[0][0] == "synonym":
            return whole
        self._prefetch([(i1 + a, i1 + a + da) for a in range(n) for da in range(1, min(MAX_PHRASE, n - a) + 1)])
        # best[a][b]: (words explained, -pieces, (previous a, previous b, a synonym step)) over the
        # first a submitted and b source words
        best: list[list] = [[None] * (m + 1) for _ in range(n + 1)]
        best[0][0] = (0, 0, None)
        for a in range(n + 1):
            for b in range(m + 1):
                if best[a][b] is None:
                    continue
                done, pieces, _ = best[a][b]
                for na, nb, gained in self._steps(i1, j1, a, b, n, m):
                    score = (done + gained, pieces - 1, (a, b, gained > 0))
                    if best[na][nb] is None or score[:2] > best[na][nb][:2]:
                        best[na][nb] = score
        if best[n][m][0] == 0:
            return whole
        return _pieces(best, n, m, i1, j1)

    def _steps(self, i1, j1, a, b, n, m):
        """From a submitted and b source words: one unexplained word on either side or both, or a
        synonym (a word, or a phrase of up to MAX_PHRASE words on each side)."""
        steps = [(a + 1, b, 0), (a, b + 1, 0), (a + 1, b + 1, 0)]
        for da in range(1, min(MAX_PHRASE, n - a) + 1):
            for db in range(1, min(MAX_PHRASE, m - b) + 1):
                if (self.offers(i1 + a, j1 + b) if da == db == 1
                        else self.phrase(i1 + a, i1 + a + da, j1 + b, j1 + b + db)):
                    steps.append((a + da, b + db, da))
        return [(na, nb, gained) for na, nb, gained in steps if na <= n and nb <= m]


def _pieces(best, n: int, m: int, i1: int, j1: int) -> list[Piece]:
    """The best path's steps, back from the end, with neighbouring unexplained steps joined."""
    moves, a, b = [], n, m
    while (a, b) != (0, 0):
        pa, pb, synonym = best[a][b][2]
        moves.append((synonym, pa, a, pb, b))
        a, b = pa, pb
    pieces: list[Piece] = []
    for synonym, a1, a2, b1, b2 in reversed(moves):
        if not synonym and pieces and pieces[-1][0] == "gap":
            pieces[-1] = ("gap", pieces[-1][1], i1 + a2, pieces[-1][3], j1 + b2)
        else:
            pieces.append(("synonym" if synonym else "gap", i1 + a1, i1 + a2, j1 + b1, j1 + b2))
    return pieces


def _classed(piece: Piece) -> list[Piece]:
    """An unexplained piece classed: an insertion (no source words), a deletion (no submitted
    words), or edits, one per word where its two sides have the same length."""
    kind, a1, a2, b1, b2 = piece
    if kind == "synonym":
        return [piece]
    if a1 == a2 or b1 == b2:
        return [("deletion" if a1 == a2 else "insertion", a1, a2, b1, b2)]
    if a2 - a1 != b2 - b1:
        return [("edit", a1, a2, b1, b2)]
    return [("edit", a, a + 1, b, b + 1) for a, b in zip(range(a1, a2), range(b1, b2))]


def _around(run, before: int, after: int) -> list[tuple[int, int, int, int]]:
    """The spans of a run with 1 to MAX_PHRASE - 1 identical words around it, fewest first."""
    i1, i2, j1, j2 = run
    spans = []
    for extra in range(1, MAX_PHRASE):
        for kb in range(min(extra, before), -1, -1):
            ka = extra - kb
            if ka <= after and max(i2 - i1, j2 - j1) + extra <= MAX_PHRASE:
                spans.append((i1 - kb, i2 + ka, j1 - kb, j2 + ka))
    return spans


def _words(tokens: Tokens, i: int, j: int) -> str:
    return " ".join(tokens.norms[i:j])

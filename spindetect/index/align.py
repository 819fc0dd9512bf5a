"""Word and sentence alignment of a submission against its source, each difference classed.

difflib's SequenceMatcher (no junk heuristic) aligns the two token sequences. A replaced run
is a *synonym* substitution when a thesaurus in the lexicon offers each submitted word for the
source word at its place (or offers the submitted phrase for the source phrase); otherwise an
*edit*. Words only in the submission are *insertions*, words only in the source *deletions*.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from ..analyse.candidates import token_ids
from ..analyse.lexicon import Lexicon
from ..analyse.tokens import Tokens, tokenize
from ..core.types import Difference, SentencePair

@dataclass
class Alignment:
    differences: list[Difference]
    sentences: list[SentencePair]
    coverage: float            # share of the submission's words identical or synonym-aligned


def align(lex: Lexicon, text: str, source: str) -> Alignment:
    """Align ``text`` (the submission) with ``source``; offsets index the two strings."""
    sub, src = tokenize(text), tokenize(source)
    matcher = SequenceMatcher(None, [t.norm for t in sub], [t.norm for t in src], autojunk=False)
    sub_ids, src_ids = token_ids(lex, sub), token_ids(lex, src)
    differences, pairs, covered = [], [], 0
    ops = matcher.get_opcodes()
    claimed = 0        # submitted tokens before this one belong to a difference already
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
            covered += i2 - i1
            continue
        before = i1 - max(claimed, ops[k - 1][1]) if k else 0              # the equal words around
        after = ops[k + 1][2] - ops[k + 1][1] if k + 1 < len(ops) else 0
        phrase = _phrase_around(lex, sub, src, (i1, i2, j1, j2), before, after)
        if phrase is not None:
            pieces = [phrase]
        elif op == "delete":
            pieces = [("insertion", i1, i2, j1, j1)]
        elif op == "insert":
            pieces = [("deletion", i1, i1, j1, j2)]
        else:
            pieces = _replacements(lex, sub, src, sub_ids, src_ids, i1, i2, j1, j2)
        differences.extend(_difference(*piece, sub, src, text, source) for piece in pieces)
        covered += (i2 - i1) if phrase is not None else _explained(pieces)
        claimed = max(i2, pieces[-1][2])
        if op == "replace" and i2 - i1 == j2 - j1:
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
    sentences = _sentences(sub, src, pairs)
    return Alignment(differences, sentences, covered / len(sub) if sub else 0.0)


MAX_PHRASE = 4             # the longest phrase a multiword rewrite replaces or writes
MAX_SEGMENTED = 12         # longer replaced runs are classed whole (the search is quadratic)


def _replacements(lex, sub, src, sub_ids, src_ids, i1, i2, j1, j2) -> list[tuple[str, int, int, int, int]]:
    """A replaced run, split into synonym substitutions (word for word, or a phrase the lexicon
    offers for the source's phrase: "waiting for" for "on the lookout for") and what lies between
    them: edits (classed word for word where the lengths agree), insertions, deletions. Pieces
    are (kind, submission tokens a1:a2, source tokens b1:b2)."""
    word_for_word = []
    if i2 - i1 == j2 - j1:
        word_for_word = [("synonym" if _offers(lex, sub_ids[i], src_ids[j]) else "edit", i, i + 1, j, j + 1)
                         for i, j in zip(range(i1, i2), range(j1, j2))]
        if i2 - i1 == 1 or all(kind == "synonym" for kind, *_ in word_for_word):
            return word_for_word
    pieces = _segments(lex, sub, src, sub_ids, src_ids, i1, i2, j1, j2)
    if word_for_word and _explained(pieces) <= _explained(word_for_word):
        return word_for_word
    return [split for piece in pieces for split in _word_by_word(piece)]


def _explained(pieces) -> int:
    return sum(a2 - a1 for kind, a1, a2, _, _ in pieces if kind == "synonym")


def _word_by_word(piece):
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


def _phrase_synonym(lex, sub, src, i1, i2, j1, j2) -> bool:
    """The lexicon offers the submitted words as a rewrite of the source's phrase."""
    written = " ".join(t.norm for t in sub[i1:i2])
    original = " ".join(t.norm for t in src[j1:j2])
    entry = lex.multiword([written])[0]
    return bool(entry) and any(o == original for o, _, _ in entry[1])


def _phrase_around(lex, sub, src, run, before: int, after: int):
    """A phrase rewrite that takes in up to MAX_PHRASE - 1 of the identical words around a
    differing run ("waiting for" for "on the lookout for": difflib matches the "for"; "At the
    least" for "At least": it sees an inserted "the"), as one synonym piece; the fewest words
    taken in win. ``before``/``after``: the identical words free on each side."""
    i1, i2, j1, j2 = run
    for extra in range(1, MAX_PHRASE):
        for kb in range(min(extra, before), -1, -1):
            ka = extra - kb
            if ka > after or max(i2 - i1, j2 - j1) + extra > MAX_PHRASE:
                continue
            if _phrase_synonym(lex, sub, src, i1 - kb, i2 + ka, j1 - kb, j2 + ka):
                return ("synonym", i1 - kb, i2 + ka, j1 - kb, j2 + ka)
    return None


def _segments(lex, sub, src, sub_ids, src_ids, i1, i2, j1, j2) -> list[tuple[str, int, int, int, int]]:
    """The split of a replaced run that explains most submitted words as synonyms, fewest pieces
    on ties (dynamic programming over positions in both runs); the unexplained rest between
    synonyms becomes one piece. A run too long to search, or with no synonym, is one edit."""
    n, m = i2 - i1, j2 - j1
    whole = [("synonym" if n and m and _phrase_synonym(lex, sub, src, i1, i2, j1, j2) else "gap", i1, i2, j1, j2)]
    if n > MAX_SEGMENTED or m > MAX_SEGMENTED or whole[0][0] == "synonym":
        return whole
    # best[a][b]: (words explained, -pieces, back pointer) for the first a submitted and b source words
    best = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0, 0, None)
    for a in range(n + 1):
        for b in range(m + 1):
            if best[a][b] is None:
                continue
            explained, pieces, _ = best[a][b]
            steps = [(a + 1, b, 0), (a, b + 1, 0), (a + 1, b + 1, 0)]       # unexplained words
            for da in range(1, MAX_PHRASE + 1):
                for db in range(1, MAX_PHRASE + 1):
                    if a + da > n or b + db > m:
                        continue
                    if (da == db == 1 and _offers(lex, sub_ids[i1 + a], src_ids[j1 + b])) or \
                            (max(da, db) > 1 and _phrase_synonym(lex, sub, src, i1 + a, i1 + a + da, j1 + b, j1 + b + db)):
                        steps.append((a + da, b + db, da))
            for na, nb, gained in steps:
                if na > n or nb > m:
                    continue
                score = (explained + gained, pieces - 1, (a, b, gained > 0))
                if best[na][nb] is None or score[:2] > best[na][nb][:2]:
                    best[na][nb] = score
    if best[n][m][0] == 0:
        return whole
    moves, a, b = [], n, m
    while (a, b) != (0, 0):
        pa, pb, synonym = best[a][b][2]
        moves.append((synonym, pa, a, pb, b))
        a, b = pa, pb
    pieces: list[tuple[str, int, int, int, int]] = []
    for synonym, a1, a2, b1, b2 in reversed(moves):
        if not synonym and pieces and pieces[-1][0] == "gap":
            pieces[-1] = ("gap", pieces[-1][1], i1 + a2, pieces[-1][3], j1 + b2)
        else:
            pieces.append(("synonym" if synonym else "gap", i1 + a1, i1 + a2, j1 + b1, j1 + b2))
    return pieces


def _offers(lex: Lexicon, written: int, original: int) -> bool:
    if written < 0 or original < 0:
        return False
    ids, _ = lex.originals(int(written))
    return bool(np.any(ids == original))


def _bounds(tokens: Tokens, lo: int, hi: int, length: int) -> tuple[int, int]:
    if hi > lo:
        return tokens[lo].start, tokens[hi - 1].end
    at = tokens[lo].start if lo < len(tokens) else length
    return at, at


def _difference(kind, i1, i2, j1, j2, sub, src, text, source) -> Difference:
    start, end = _bounds(sub, i1, i2, len(text))
    source_start, source_end = _bounds(src, j1, j2, len(source))
    return Difference(kind, start, end, text[start:end], source_start, source_end, source[source_start:source_end])


def _sentence_spans(tokens: Tokens) -> tuple[list[int], list[tuple[int, int]]]:
    """Sentence number of each token, and each sentence's character span."""
    numbers, spans = [], []
    for token in tokens:
        if token.sent_start or not spans:
            spans.append([token.start, token.end])
        spans[-1][1] = token.end
        numbers.append(len(spans) - 1)
    return numbers, [tuple(s) for s in spans]


def _sentences(sub, src, pairs) -> list[SentencePair]:
    """Each submission sentence with the source sentence most of its aligned words come from."""
    sub_number, sub_spans = _sentence_spans(sub)
    src_number, src_spans = _sentence_spans(src)
    votes: dict[int, Counter] = {}
    for i, j in pairs:
        votes.setdefault(sub_number[i], Counter())[src_number[j]] += 1
    out = []
    for sentence, counter in sorted(votes.items()):
        best = counter.most_common(1)[0][0]
        out.append(SentencePair(*sub_spans[sentence], *src_spans[best]))
    return out

"""Word and sentence alignment of a submission against its source, each difference classed.

difflib's SequenceMatcher (no junk heuristic) aligns the two token sequences; each run where
they differ is classed by ``runs``: *synonym* substitutions (a word or phrase a thesaurus in the
lexicon offers for the source's), *edits*, *insertions* (words only in the submission) and
*deletions* (words only in the source).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..core.types import Difference, SentencePair
from ..detect.lexicon import Lexicon
from ..detect.tokens import Tokens, tokenize
from .runs import RunClassifier, explained


@dataclass
class Alignment:
    differences: list[Difference]
    sentences: list[SentencePair]
    coverage: float            # share of the submission's words identical or synonym-aligned


def align(lex: Lexicon, text: str, source: str) -> Alignment:
    """Align ``text`` (the submission) with ``source``; offsets index the two strings."""
    sub, src = tokenize(text), tokenize(source)
    matcher = SequenceMatcher(None, sub.norms, src.norms, autojunk=False)
    runs = RunClassifier(lex, sub, src)
    differences, pairs, covered = [], [], 0
    ops = matcher.get_opcodes()
    runs.prefetch_around([(i1, i2, j1, j2, _equal(ops, k - 1), _equal(ops, k + 1))
                          for k, (op, i1, i2, j1, j2) in enumerate(ops) if op != "equal"])
    claimed = 0        # submitted tokens before this one belong to a difference already
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
            covered += i2 - i1
            continue
        before = min(_equal(ops, k - 1), i1 - claimed)                     # the equal words around
        after = _equal(ops, k + 1)
        phrase = runs.phrase_around((i1, i2, j1, j2), before, after)
        if phrase is not None:
            pieces = [phrase]
        elif op == "delete":
            pieces = [("insertion", i1, i2, j1, j1)]
        elif op == "insert":
            pieces = [("deletion", i1, i1, j1, j2)]
        else:
            pieces = runs.replaced(i1, i2, j1, j2)
        differences.extend(_difference(*piece, sub, src, text, source) for piece in pieces)
        covered += (i2 - i1) if phrase is not None else explained(pieces)
        claimed = max(i2, pieces[-1][2])
        if op == "replace" and i2 - i1 == j2 - j1:
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
    sentences = _sentences(sub, src, pairs)
    return Alignment(differences, sentences, covered / len(sub) if sub else 0.0)


def _equal(ops, k: int) -> int:
    """Words in the k-th opcode when it is an equal run (0 otherwise or out of range)."""
    if not 0 <= k < len(ops) or ops[k][0] != "equal":
        return 0
    return ops[k][2] - ops[k][1]


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

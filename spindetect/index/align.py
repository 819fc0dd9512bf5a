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
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
            covered += i2 - i1
        elif op == "delete":
            differences.append(_difference("insertion", sub, i1, i2, src, j1, j1, text, source))
        elif op == "insert":
            differences.append(_difference("deletion", sub, i1, i1, src, j1, j2, text, source))
        else:
            found = _replacements(lex, sub, src, sub_ids, src_ids, i1, i2, j1, j2, text, source)
            differences.extend(found)
            if i2 - i1 == j2 - j1:
                pairs.extend(zip(range(i1, i2), range(j1, j2)))
                covered += sum(d.kind == "synonym" for d in found)
            elif found[0].kind == "synonym":
                covered += i2 - i1
    sentences = _sentences(sub, src, pairs)
    return Alignment(differences, sentences, covered / len(sub) if sub else 0.0)


def _replacements(lex, sub, src, sub_ids, src_ids, i1, i2, j1, j2, text, source) -> list[Difference]:
    if i2 - i1 == j2 - j1:       # word for word: class each pair
        return [_difference("synonym" if _offers(lex, sub_ids[i], src_ids[j]) else "edit",
                            sub, i, i + 1, src, j, j + 1, text, source)
                for i, j in zip(range(i1, i2), range(j1, j2))]
    written = " ".join(t.norm for t in sub[i1:i2])
    original = " ".join(t.norm for t in src[j1:j2])
    entry = lex.multiword([written])[0]
    kind = "synonym" if entry and any(o == original for o, _, _ in entry[1]) else "edit"
    return [_difference(kind, sub, i1, i2, src, j1, j2, text, source)]


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


def _difference(kind, sub, i1, i2, src, j1, j2, text, source) -> Difference:
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

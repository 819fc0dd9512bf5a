"""Names: "Enterprise Insider" where the text also says "Business Insider".

A spinner rewrites each occurrence of a name independently, so a spun name often sits in the
same text as the name itself. A capitalised word inside a name (a run of capitalised words, not
at a sentence start) whose likely original turns the run into another run of the text is
evidence of spinning that the span model never saw in training (training spins leave names
alone); scoring weighs a mark by ``RATIO``, measured by ``python -m benchmarks.eval_names``.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from ..lexicon import Lexicon
from ..tokens import Tokens, blocks_of, capitals
from . import Context, Marks

RATIO = 1000.0      # measured 1,472 / 1,351 at 20% / 40% (names profile, training corpora)
REASON = "the original gives a name the text writes elsewhere"

CONNECTORS = frozenset({"of", "for"})   # lowercase words inside names ("School of Public Health")
MAX_NAME_WORDS = 8      # a longer run of capitalised words is a heading or a list, not a name


def capitalised_runs(tokens: Tokens) -> list[tuple[int, int]]:
    """(first, last) token index of each run of two or more capitalised words in one phrase, a
    single "of" or "for" between two of them included ("Harvard School of Public Health" is one
    name, not "Harvard School" beside "Harvard University"); a run that starts a sentence is also
    given without its first word ("Meanwhile Business Insider"). Runs of more than MAX_NAME_WORDS
    words are no names (and comparing every word of a run with every other run's is quadratic in
    its length: a text of 200,000 capitalised words in a row exhausted memory)."""
    n = len(tokens)
    capital = capitals(tokens)
    brk = tokens.breaks()
    connector = np.fromiter(map(CONNECTORS.__contains__, tokens.norms), dtype=bool, count=n)
    connector[1:-1] &= capital[:-2] & capital[2:] & ~brk[1:-1] & ~brk[2:]
    connector[[0, -1] if n else []] = False
    inside = capital | connector
    joins = np.r_[False, inside[1:] & inside[:-1] & ~brk[1:]]     # continues the run before it
    firsts = np.flatnonzero(capital & ~joins)
    breaks = np.r_[np.flatnonzero(~joins), n]
    lasts = breaks[np.searchsorted(breaks, firsts, side="right")] - 1
    runs = []
    for first, last in zip(firsts.tolist(), lasts.tolist()):
        longest = MAX_NAME_WORDS + tokens.sent_start[first]    # a sentence's first word may not be in the name
        if 2 <= last - first + 1 <= longest:
            runs.append((first, last))
            if tokens.sent_start[first] and last - first >= 2 and capital[first + 1]:
                runs.append((first + 1, last))
    return runs


def _established(lex: Lexicon, ids: np.ndarray, places: list[tuple[int, int, int]]) -> np.ndarray:
    """Per (token, first, last) of its name: the word forms a known pair with a neighbour inside
    its name ("South Korea", "Federal Court"), a real name of its own, not a spun one, even
    beside its sibling ("North Korea"). All pairs in one lookup."""
    if not places:
        return np.zeros(0, dtype=bool)
    at = np.array(places, dtype=np.int64).reshape(-1, 3)
    i, first, last = at[:, 0], at[:, 1], at[:, 2]
    left = np.where(i > first, ids[np.maximum(i - 1, 0)], -1)
    right = np.where(i < last, ids[np.minimum(i + 1, len(ids) - 1)], -1)
    with_left, with_right = lex.bigrams_of((left, ids[i]), (ids[i], right))
    return ~np.isnan(with_left) | ~np.isnan(with_right)


def mark(context: Context) -> Marks:
    """The candidates whose original rewrites their name into one written elsewhere in the text
    are marked, and that original goes first; their features follow it."""
    tokens, singles, norms = context.tokens, context.singles, context.tokens.norms
    marks = Marks(ratio=RATIO, reason=REASON, refeature=True)
    runs = capitalised_runs(tokens)
    # "elsewhere in the text" is within the run's block (``tokens.blocks_of``), as in the short
    # documents the evidence was measured on; names are keyed by their block
    block = dict(zip((a for a, _ in runs), blocks_of([a for a, _ in runs], len(tokens)).tolist()))
    written = {(block[a], tuple(norms[a:b + 1])) for a, b in runs}
    # a word can only be rewritten into another written name if some other name shares every
    # word but that one: count the names per "name with a hole" and skip holes only one fills
    holes = Counter((b, name[:k] + (None,) + name[k + 1:]) for b, name in written for k in range(len(name)))
    places = []         # (token, first, last) of the words some other name could fill in for
    for first, last in runs:
        words = tuple(norms[first:last + 1])
        for i in range(first, last + 1):
            k = i - first
            if words[k] in CONNECTORS and not tokens.words[i][0].isupper():
                continue
            if holes[(block[first], words[:k] + (None,) + words[k + 1:])] < 2:
                continue
            if i in singles and not (i == first and tokens.sent_start[i]):
                places.append((i, first, last))
    order: dict[int, list[int]] = {}       # a word in two runs is tried in the order the first left
    for (i, first, last), established in zip(places, _established(context.lex, context.ids, places).tolist()):
        if established:
            continue
        ids = order.setdefault(i, singles[i].original_ids.tolist())
        words, k = tuple(norms[first:last + 1]), i - first
        for word_id in ids:
            original = context.lex.words[word_id]
            name = words[:k] + (original,) + words[k + 1:]
            if " " not in original and (block[first], name) in written:
                ids.remove(word_id)
                ids.insert(0, word_id)
                marks.preferred.append((i, word_id))
                if i not in marks.marked:
                    marks.marked.append(i)
                break
    marks.marked.sort()
    return marks

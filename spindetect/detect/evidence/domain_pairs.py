"""Domain pairs: a reference collection's established phrases restored ("irregular backwoods"
-> "random forest"), with ``--index``.

The joint-pair evidence (``joint_pairs``) from the collection's own word pairs
(``lex.domain_keys``, set by ``spindetect.index.domain.merged``), searched over every original a
thesaurus gives each word rather than the best few: a field's phrase is specific enough that
finding it among all the combinations is evidence. The span model never saw such evidence, so a
mark is weighed by ``RATIO``, measured by ``python -m benchmarks.eval_domain`` (ABC science
archive, 20% mixed spins).
"""
from __future__ import annotations

import numpy as np

from . import Context, Marks
from .joint_pairs import JOINT, JOINT_MIN_PMI, unknown_neighbours

RATIO = 3.5


def mark(context: Context) -> Marks:
    """Two neighbouring candidates, not already a joint pair, some of whose originals form one of
    the collection's established pairs well above chance: the feature holds that pair's PMI, its
    originals go first (taken in from outside the ranked pool if need be), the two words are one
    phrase, and both are marked."""
    lex, singles, ids = context.lex, context.singles, context.ids
    marks = Marks(ratio=RATIO)
    domain_keys = getattr(lex, "domain_keys", None)
    if domain_keys is None or not len(domain_keys):
        return marks
    rows = unknown_neighbours(lex, singles, ids, context.tokens)
    rows = rows[singles.features[rows, JOINT] == 0]              # not already a joint pair
    # only originals that begin (end) some established pair can begin (end) one: the rest of
    # the up to 96 x 96 combinations are not looked up (a long text has thousands of rows)
    begins, ends = lex.domain_begins, lex.domain_ends
    marked: set[int] = set()
    for i in singles.tokens[rows].tolist():
        a, _ = lex.originals(int(ids[i]))
        b, _ = lex.originals(int(ids[i + 1]))
        a, b = a[begins[a]].astype(np.int64), b[ends[b]].astype(np.int64)
        if not len(a) or not len(b):
            continue
        keys = (a[:, None] * lex.n + b[None, :]).ravel()      # every (a, b), a by a
        pos = np.minimum(np.searchsorted(domain_keys, keys), len(domain_keys) - 1)
        hit = np.flatnonzero(domain_keys[pos] == keys)
        if not len(hit):
            continue
        left, right = a[hit // len(b)], b[hit % len(b)]
        pmi = lex.pmi(lex.bigrams(left, right), left, right)
        k = int(np.argmax(pmi))
        if pmi[k] < JOINT_MIN_PMI:
            continue
        marks.features += [(i, "joint_pair", pmi[k]), (i + 1, "joint_pair", pmi[k])]
        marks.preferred += [(i, int(left[k])), (i + 1, int(right[k]))]
        marks.joined.append((i, i + 1))
        marked.update((i, i + 1))
    marks.marked = sorted(marked)
    return marks

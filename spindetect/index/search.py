"""Finding the source of a submission: LSH candidates, exact scoring, then alignment.

The LSH bands give the few documents sharing most bands with the submission (``CANDIDATES``);
each is scored exactly on the two shingle sets. A document is reported as a source when the
smaller of the two sets is at least ``MIN_OVERLAP`` contained in the other and their Jaccard
similarity is at least ``MIN_SIMILARITY``: a spun copy of an indexed article keeps well over
half of its shingles, unrelated texts share a few percent (benchmarks/benchmark_index.py measures
both). The similarity floor keeps a short text from matching a long one of the same genre
through common phrases alone (a State of the Union paragraph in a whole other speech).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..core.types import SourceMatch, SourceReport
from ..detect import lexicon as lexicon_module
from ..detect.lexicon import Lexicon
from ..ingest.markup import prose_of
from . import domain, minhash
from .align import align
from .store import IndexStore

CANDIDATES = 10
MAX_MATCHES = 5
MIN_OVERLAP = 0.25
MIN_SIMILARITY = 0.05
MIN_SHINGLES = 8          # fewer immutable shingles than this: too short to attribute
ALIGN_MAX_WORDS = 20_000  # measured: 22,000 words align in 2.4-3.3 s, 57,000 in 16 s


class ReferenceIndex:
    def __init__(self, store: IndexStore):
        self.store = store
        self._lexicon: Lexicon | None = None

    def lexicon(self) -> Lexicon:
        """The shipped lexicon with the collection's established word pairs merged in."""
        if self._lexicon is None:
            base = lexicon_module.load()
            if self.store.same_lexicon:
                keys, counts, words = self.store.domain_bigrams(domain.MIN_COUNT)
                self._lexicon = domain.merged(base, keys, counts, words)
            else:
                self._lexicon = base
        return self._lexicon

    def scored(self, sketch: minhash.Sketch) -> list[tuple[int, float, float]]:
        """(document id, Jaccard similarity, overlap) of the candidates that pass, best first."""
        if len(sketch.shingles) < MIN_SHINGLES:
            return []
        candidates = [doc for doc, _ in self.store.candidates(sketch.bands, CANDIDATES)]
        if not candidates:
            return []
        scored = []
        for doc, shingles in self.store.shingles(candidates).items():
            shared = len(np.intersect1d(sketch.shingles, shingles, assume_unique=True))
            overlap = shared / max(1, min(len(sketch.shingles), len(shingles)))
            similarity = shared / max(1, len(sketch.shingles) + len(shingles) - shared)
            if overlap >= MIN_OVERLAP and similarity >= MIN_SIMILARITY:
                scored.append((doc, similarity, overlap))
        scored.sort(key=lambda s: (-s[2], -s[1], s[0]))
        return scored[:MAX_MATCHES]

    def source_report(self, prose: str, lex: Lexicon) -> SourceReport | None:
        """Sources of a submission (``prose``: its text with markup blanked), aligned with the
        best. Texts over ``ALIGN_MAX_WORDS`` are not aligned (the word alignment grows faster
        than linearly): their coverage is the shingle overlap and the diff is left empty."""
        sketch = minhash.sketch(prose, lex)
        scored = self.scored(sketch)
        if not scored:
            return None
        matches, best = [], None
        for doc, similarity, overlap in scored:
            stored = self.store.document(doc)
            alignment = None
            if max(sketch.words, stored.words) <= ALIGN_MAX_WORDS:
                alignment = align(lex, prose, prose_of(stored.text, stored.path).text)
            coverage = alignment.coverage if alignment is not None else overlap
            matches.append(SourceMatch(doc, stored.path, similarity, overlap, coverage))
            if best is None:
                best = (stored, alignment)
        stored, alignment = best
        if alignment is None:
            return SourceReport(matches, source_text=stored.text, aligned=False)
        return SourceReport(matches, alignment.differences, alignment.sentences, stored.text)


@lru_cache(maxsize=4)
def open_index(path: str) -> ReferenceIndex:
    """The index at ``path``, opened read-only once per process."""
    return ReferenceIndex(IndexStore.open(path))

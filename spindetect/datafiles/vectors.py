"""Build topical word vectors (``spindetect/data/lexicon/vectors.npy``): PPMI + truncated SVD.

Run after the lexicon: ``NLTK_DATA=../shared/nltk_data python -m spindetect.datafiles.vectors``

A spinner picks synonyms without regard to topic: "irregular backwoods" in a machine-learning
paper, "giant language mannequin" in a tech story. Word vectors from co-occurrence in the same
corpora as the lexicon's statistics (Brown, State of the Union, inaugural addresses, WordNet
glosses) let the detector ask whether the original fits the document's topic better than the
observed word. Words seen fewer than MIN_COUNT times get no vector.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

from ..detect import lexicon
from ..detect.tokens import tokenize
from .lexicon import LM_CORPORA

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
VOCAB = 40_000        # the most frequent words of the lexicon
DIMENSIONS = 64
WINDOW = 5
MIN_COUNT = 5
WORD_RE = re.compile(r"^[a-z]+(?:'[a-z]+)*$")


def cooccurrences(lex) -> tuple[np.ndarray, np.ndarray]:
    import nltk
    from nltk.corpus import wordnet as wn
    rows, cols = [], []

    def add(words):
        ids = lex.ids(words)
        ids = ids[(ids >= 0) & (ids < VOCAB)]
        for offset in range(1, WINDOW + 1):
            rows.append(ids[:-offset])
            cols.append(ids[offset:])

    for name in LM_CORPORA:
        corpus = getattr(nltk.corpus, name)
        for fileid in corpus.fileids():
            add([w.lower() for w in corpus.words(fileid) if WORD_RE.match(w.lower())])
    for synset in wn.all_synsets():
        add([t.norm for t in tokenize(" ".join([synset.definition(), *synset.examples()]))])
    return np.concatenate(rows), np.concatenate(cols)


def embed(rows: np.ndarray, cols: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from scipy import sparse
    from sklearn.utils.extmath import randomized_svd
    counts = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(VOCAB, VOCAB)).tocsr()
    counts = (counts + counts.T).tocoo()
    total = counts.data.sum()
    row_sums = np.asarray(counts.tocsr().sum(axis=1)).ravel()
    context = row_sums ** 0.75
    context /= context.sum()
    pmi = np.log(counts.data / total / (row_sums[counts.row] / total) / context[counts.col])
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (counts.row[keep], counts.col[keep])), shape=(VOCAB, VOCAB))
    u, s, _ = randomized_svd(ppmi, DIMENSIONS, random_state=seed)
    vectors = u * np.sqrt(s)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    vectors[row_sums < MIN_COUNT] = 0.0
    return vectors, row_sums


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build spindetect's topical word vectors.")
    parser.add_argument("--out", default=str(DATA_DIR / "lexicon"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.time()
    lex = lexicon.load()
    rows, cols = cooccurrences(lex)
    vectors, counts = embed(rows, cols, args.seed)
    quantised = np.round(vectors * 127).astype(np.int8)
    np.save(Path(args.out) / "vectors.npy", quantised, allow_pickle=False)
    print(f"[vectors] {int((counts >= MIN_COUNT).sum()):,} of {VOCAB:,} words have a vector; "
          f"{len(rows):,} co-occurrences; wrote {args.out} in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

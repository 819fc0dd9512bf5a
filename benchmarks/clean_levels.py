"""What a clean text's candidates look like to the shipped models: the constants a short text
is padded with (``scoring.CLEAN_CANDIDATES_PER_TOKEN``, ``CLEAN_FIRST_PASS``, ``CLEAN_SECOND_PASS``).

    NLTK_DATA=../shared/nltk_data python -m benchmarks.clean_levels [--docs 600]

Clean documents of the training corpora (``evaluate.corpora.TRAIN_SOURCES``, cut as the training
script cuts them, seed 13), unspun: candidates per token, and the mean first-pass and
second-pass (in-context) probability of their candidates. Deterministic.
"""
from __future__ import annotations

import argparse
import random

import numpy as np  # noqa: E402

from spindetect.detect import lexicon, model, pipeline, scoring  # noqa: E402
from spindetect.evaluate.corpora import TRAIN_SOURCES, corpus_documents  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600, help="clean training documents to measure")
    args = parser.parse_args()
    lex, models = lexicon.load(), model.load()
    docs = corpus_documents(TRAIN_SOURCES, random.Random(13), args.docs)
    tokens, first, second = 0, [], []
    for text in docs:
        analysis = pipeline.analyse_candidates(lex, text)
        tokens += len(analysis.tokens)
        if len(analysis.candidates):
            first.append(models.span.predict(analysis.features))
            second.append(scoring.score_document(models, analysis, len(analysis.tokens))[0])
    first, second = np.concatenate(first), np.concatenate(second)
    print(f"{len(docs)} clean training documents, {tokens:,} tokens, {len(first):,} candidates")
    print(f"candidates per token      {len(first) / tokens:.3f}")
    print(f"mean first-pass p         {first.mean():.4f}")
    print(f"mean second-pass p        {second.mean():.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

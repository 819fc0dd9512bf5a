"""The name evidence's likelihood ratio, measured on the training corpora.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_names [--docs 400]

The detector marks a capitalised word inside a name when one of its likely originals turns the
name into another name the same text writes ("Enterprise Insider" beside "Business Insider").
Here documents from the training corpora (movie reviews, ABC rural news, webtext) are spun with
the ``names`` profile at 20% and 40%; the ratio is how much more often a mark falls on a replaced
word than on an unchanged one, and ``names.RATIO`` is set from it. Clean copies give the
marks per 1,000 words on text nobody spun. Seeded and deterministic.
"""
from __future__ import annotations

import argparse

from spindetect.detect import lexicon, pipeline  # noqa: E402
from spindetect.evaluate.run import training_documents  # noqa: E402
from spindetect.spinner import spin  # noqa: E402


def marks(lex, text):
    analysis = pipeline.analyse_candidates(lex, text)
    marks = analysis.marks_of("names")
    if marks is None:
        return analysis.tokens, set()
    return analysis.tokens, {c.first for c, m in zip(analysis.candidates, marks) if m}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    args = parser.parse_args()
    lex = lexicon.load()
    docs = training_documents(args.docs, seed=23)
    words = clean_marks = 0
    for text in docs:
        tokens, marked = marks(lex, text)
        words += len(tokens)
        clean_marks += len(marked)
    print(f"clean: {len(docs)} training documents, {words:,} words, {clean_marks} marks "
          f"({1000 * clean_marks / words:.3f} per 1,000 words)")
    for rate in (0.2, 0.4):
        counts = [0, 0, 0, 0]   # marked replaced, replaced, marked unchanged, unchanged
        for seed, text in enumerate(docs):
            result = spin(text, "names", rate, seed=seed)
            tokens, marked = marks(lex, result.text)
            for k, token in enumerate(tokens):
                replaced = any(c.start < token.end and token.start < c.end for c in result.changes)
                counts[0 if replaced else 2] += k in marked
                counts[1 if replaced else 3] += 1
        ratio = (counts[0] / max(counts[1], 1)) / max(counts[2] / max(counts[3], 1), 1e-9)
        print(f"names {rate:.0%}: marks {counts[0]}/{counts[1]} replaced words, {counts[2]}/{counts[3]} "
              f"unchanged; likelihood ratio {ratio:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

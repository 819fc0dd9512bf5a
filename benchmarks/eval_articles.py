"""The article evidence's likelihood ratio, measured on the training corpora.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_articles [--docs 400]

The detector marks a candidate right after "a"/"an" whose pronunciation disagrees with the
article while one of its likely originals agrees ("such a amount" -> "such a quantity";
``detect.evidence.articles``). Here documents from the training corpora (movie reviews, ABC rural news,
webtext) are spun (mixed, wordnet and thesaurus profiles, 20% and 40%; the spinner, like real
ones, leaves articles as they were) and the marks are counted:

- how much more often a mark falls on a replaced candidate than on an unchanged one;
- the same conditioned on what the span model already says: a logistic fit of "replaced" on the
  logit of the candidate's probability (in its document's context, without this evidence) and
  the mark, whose exp(coefficient) is the ratio ``articles.RATIO`` is set from (a mark is
  worth only what the model does not already know);
- on the clean copies, marks per 1,000 words (each close to a false finding).

Seeded and deterministic.
"""
from __future__ import annotations

import argparse

import numpy as np

from spindetect.detect import lexicon, model, pipeline, scoring  # noqa: E402
from spindetect.evaluate.metrics import replaced_candidates  # noqa: E402
from spindetect.evaluate.run import training_documents  # noqa: E402
from spindetect.spinner import spin  # noqa: E402

SPINS = [("mixed", 0.2), ("mixed", 0.4), ("wordnet", 0.2), ("thesaurus", 0.2)]


def scored(lex, models, text: str):
    """(analysis, per-candidate probability without the article evidence, per-candidate mark)."""
    analysis = pipeline.analyse_candidates(lex, text)
    marks = analysis.marks_of("articles")
    analysis.marked.pop("articles", None)
    probabilities, _ = scoring.score_document(models, analysis, len(analysis.tokens))
    if marks is None:
        marks = np.zeros(len(probabilities), dtype=bool)
    return analysis, probabilities, marks


def conditional_ratio(p: np.ndarray, marks: np.ndarray, labels: np.ndarray) -> float:
    from sklearn.linear_model import LogisticRegression
    p = np.clip(p, 1e-6, 1 - 1e-6)
    x = np.column_stack([np.log(p / (1 - p)), marks.astype(float)])
    fit = LogisticRegression(C=1e6, max_iter=1000).fit(x, labels)
    return float(np.exp(fit.coef_[0][1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    args = parser.parse_args()
    lex, models = lexicon.load(), model.load()
    docs = training_documents(args.docs, seed=23)
    words = clean_marks = 0
    for text in docs:
        analysis, _, marks = scored(lex, models, text)
        words += len(analysis.tokens)
        clean_marks += int(marks.sum())
    print(f"clean: {len(docs)} training documents, {words:,} words, {clean_marks} marks "
          f"({1000 * clean_marks / words:.3f} per 1,000 words)")
    for profile, rate in SPINS:
        ps, ms, ys = [], [], []
        for seed, text in enumerate(docs):
            result = spin(text, profile, rate, seed=seed)
            analysis, p, marks = scored(lex, models, result.text)
            ps.append(p), ms.append(marks)
            ys.append(np.array(replaced_candidates(analysis.tokens, analysis.candidates, result.changes), dtype=bool))
        p, marks, labels = np.concatenate(ps), np.concatenate(ms), np.concatenate(ys)
        hit, miss = int((marks & labels).sum()), int((marks & ~labels).sum())
        ratio = (hit / max(labels.sum(), 1)) / max(miss / max((~labels).sum(), 1), 1e-9)
        print(f"{profile} {rate:.0%}: marks on {hit} of {int(labels.sum())} replaced candidates, {miss} of "
              f"{int((~labels).sum())} unchanged; ratio {ratio:.0f}; conditioned on the model's "
              f"probability {conditional_ratio(p, marks, labels):.1f}; marked candidates' mean "
              f"probability {p[marks].mean() if marks.any() else float('nan'):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

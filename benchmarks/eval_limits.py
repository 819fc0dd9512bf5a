"""What stops the span targets: candidate coverage and the precision/recall curve, held out.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_limits [--docs 40] [--rate 0.2]

On the held-out genres of ``spindetect eval`` (same sample and seeds), spun with the mixed
profile: (1) the share of changed spans that any candidate covers at all (recall can never
exceed it); (2) the span model's curve over every threshold: the best recall at precision 0.90,
and the best precision at recall 0.75, counting a candidate as right when it overlaps a change
(non-overlapping best candidates, as findings are chosen). The shipped threshold's point is
printed for comparison.
"""
from __future__ import annotations

import argparse

import numpy as np

from spindetect.detect import lexicon, model, pipeline, scoring  # noqa: E402
from spindetect.detect.tokens import word_count  # noqa: E402
from spindetect.evaluate import corpora  # noqa: E402
from spindetect.spinner import spin  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    lex, models = lexicon.load(), model.load()
    docs = corpora.held_out(corpora.GENRES, args.docs, args.seed)
    probabilities, right, changes, covered = [], [], 0, 0
    for k, (_, _, text) in enumerate(docs):
        result = spin(text, "mixed", args.rate, seed=args.seed * 1_000_003 + k)
        analysis = pipeline.analyse_candidates(lex, result.text)
        probs, _ = scoring.score_document(models, analysis, word_count(result.text))
        spans = [(analysis.tokens[c.first].start, analysis.tokens[c.last].end) for c in analysis.candidates]
        changes += len(result.changes)
        covered += sum(any(s < c.end and c.start < e for s, e in spans) for c in result.changes)
        taken: set[int] = set()
        for i in np.argsort(-probs, kind="stable").tolist():      # non-overlapping, best first
            cand = analysis.candidates[i]
            if any(t in taken for t in range(cand.first, cand.last + 1)):
                continue
            taken.update(range(cand.first, cand.last + 1))
            s, e = spans[i]
            probabilities.append(float(probs[i]))
            right.append(any(s < c.end and c.start < e for c in result.changes))
    order = np.argsort(-np.array(probabilities))
    hits = np.cumsum(np.array(right)[order])
    precision = hits / np.arange(1, len(order) + 1)
    recall = hits / changes               # a candidate finds at most about one change
    threshold = models.thresholds["finding"]
    at = int(np.searchsorted(-np.array(probabilities)[order], -threshold, side="right"))
    print(f"{len(docs)} held-out documents, mixed {args.rate:.0%}: {changes} changed spans")
    print(f"candidate coverage: {covered / changes:.3f} of changed spans have a candidate at all")
    ok = precision >= 0.90
    print(f"best recall at precision >= 0.90: {recall[ok].max() if ok.any() else 0.0:.3f}")
    ok = recall >= 0.75
    print(f"best precision at recall >= 0.75: {precision[ok].max() if ok.any() else float('nan'):.3f}"
          f"  (recall 0.75 reachable: {bool(ok.any())}; highest recall on the curve {recall.max():.3f})")
    print(f"shipped threshold {threshold}: precision {precision[max(at - 1, 0)]:.3f}, recall {recall[max(at - 1, 0)]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

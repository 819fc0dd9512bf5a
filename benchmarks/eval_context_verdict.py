"""The verdict with and without the language model's readings (``scan --context``).

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_context_verdict [--docs 10] [--every 2 --start 1]

For held-out documents (``spindetect eval``'s draw: ``--docs`` per genre, seed 1; every
``--every``-th of them from ``--start``), clean and spun by the ``mixed`` profile at 5% and at 20% (the spins
``spindetect eval`` makes), prints how many each verdict calls spun and suspect: the lexicon's
spin score (the default mode's) and the score once the model has re-read the candidates (the
context mode's). Clean documents are listed by genre with both scores. Needs the language model
(README, "Context mode"); about a minute per document on one of these cores.
"""
from __future__ import annotations

import argparse
import sys
import time

from spindetect.detect import context, lexicon, model, pipeline, scoring
from spindetect.evaluate import corpora
from spindetect.spinner import spin

KINDS = (("clean", 0.0), ("mixed", 0.05), ("mixed", 0.2))
SEED = 1


def scores(lex, models, lm, text: str) -> tuple[float, float]:
    """The lexicon's spin score and the score after the model's readings."""
    analysis = pipeline.analyse_candidates(lex, text)
    words = len(analysis.tokens)
    _, plain = scoring.score_document(models, analysis, words)
    context.confirm(lm, models, analysis, text)
    return plain, scoring.combined_score(scoring.score_blocks(models, analysis, words)[1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10, help="held-out documents per genre (default 10)")
    parser.add_argument("--every", type=int, default=1, help="measure every so many of them (default 1: all)")
    parser.add_argument("--start", type=int, default=0, help="... from this one (default 0: the first)")
    args = parser.parse_args(argv)
    from spindetect.lm import weights
    from spindetect.lm.scorer import LanguageModel

    try:
        lm = LanguageModel.load()
    except (weights.NoModel, ImportError) as error:
        print(f"eval_context_verdict: {error}", file=sys.stderr)
        return 3
    lex, models = lexicon.load(), model.load()
    thresholds = models.thresholds
    docs = corpora.held_out(corpora.GENRES, args.docs, SEED)
    rows, began = [], time.time()
    for k, (genre, _, text) in enumerate(docs):
        if k < args.start or (k - args.start) % args.every:
            continue
        for profile, rate in KINDS:
            body = text if not rate else spin(text, profile, rate, seed=SEED * 1_000_003 + k).text
            rows.append((genre, profile, rate, *scores(lex, models, lm, body)))
        print(f"[eval_context_verdict] document {k + 1} of {len(docs)}, {time.time() - began:.0f} s", file=sys.stderr)
    print("| documents | n | lexicon: spun / suspect | with the model: spun / suspect |")
    print("| --- | ---: | ---: | ---: |")
    for profile, rate in KINDS:
        chosen = [r for r in rows if r[1] == profile and r[2] == rate]
        counts = []
        for column in (3, 4):
            verdicts = [scoring.verdict_for(r[column], thresholds) for r in chosen]
            counts.append(f"{verdicts.count('spun')} / {verdicts.count('suspect')}")
        label = "clean" if not rate else f"{profile} {rate:.0%}"
        print(f"| {label} | {len(chosen)} | {counts[0]} | {counts[1]} |")
    print()
    print("| clean genre | n | lexicon score, highest | with the model, highest |")
    print("| --- | ---: | ---: | ---: |")
    for genre in corpora.GENRES:
        chosen = [r for r in rows if r[0] == genre and not r[2]]
        if chosen:
            print(f"| {genre} | {len(chosen)} | {max(r[3] for r in chosen):.3f} | {max(r[4] for r in chosen):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

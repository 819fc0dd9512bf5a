"""Held-out evaluation: clean news the lexicon and models never saw, and the same texts spun.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_heldout [--docs 60]

Corpora: ABC science news and the Penn Treebank WSJ sample (neither feeds the lexicon's
statistics nor the training). Prints false findings per 1,000 words and verdicts on the clean
documents, then verdicts and span recall/precision (a finding counts when it overlaps a span
the spinner changed) for the mixed profile at 20% and 40%. Seeded and deterministic.
"""
from __future__ import annotations

import argparse
import random

from spindetect.evaluate.corpora import (
    chunk_words,  # noqa: E402
    treebank_texts,  # noqa: E402
)
from spindetect.evaluate.metrics import overlaps  # noqa: E402
from spindetect.scanner import scan_text  # noqa: E402
from spindetect.spinner import spin  # noqa: E402


def corpora(limit: int) -> dict[str, list[str]]:
    from nltk.corpus import abc
    rng = random.Random(7)
    wsj = [text for _, text in treebank_texts()]
    return {"abc_science": chunk_words(abc.raw("science.txt"), rng)[:limit],
            "wsj_treebank": [d for d in wsj if len(d.split()) >= 150][:limit]}



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=60)
    args = parser.parse_args()
    for name, docs in corpora(args.docs).items():
        words = sum(len(d.split()) for d in docs)
        reports = [scan_text(d) for d in docs]
        false = sum(len(r.findings) for r in reports)
        verdicts = {v: sum(r.verdict == v for r in reports) for v in ("clean", "suspect", "spun")}
        print(f"{name}: {len(docs)} clean documents, {words:,} words: "
              f"{1000 * false / words:.2f} false findings per 1,000 words; verdicts {verdicts}")
        for rate in (0.2, 0.4):
            changed = found = hits = findings = 0
            spun_verdicts = {"clean": 0, "suspect": 0, "spun": 0}
            for seed, doc in enumerate(docs):
                result = spin(doc, "mixed", rate, seed=seed)
                report = scan_text(result.text)
                spun_verdicts[report.verdict] += 1
                changed += len(result.changes)
                findings += len(report.findings)
                found += sum(any(overlaps(f, c) for f in report.findings) for c in result.changes)
                hits += sum(any(overlaps(f, c) for c in result.changes) for f in report.findings)
            print(f"    spun (mixed, {rate:.0%}): verdicts {spun_verdicts}; span recall {found / changed:.2f}, "
                  f"precision {hits / max(findings, 1):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

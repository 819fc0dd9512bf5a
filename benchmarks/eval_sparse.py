"""How much of a lightly spun text is found: a few substitutions in otherwise clean prose.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_sparse [--docs 20] [--profile thesaurus]

A research-integrity screen meets papers with a handful of tortured phrases among thousands of
clean words, and an editor a draft with one paragraph pasted from a spun source; the models
were trained on texts spun at 10-60%. On the held-out sample of ``spindetect eval`` (``--docs``
per genre, seed 1) each document is spun at several rates down to ~1% of its eligible words,
and the script prints, per rate: the changes made per 1,000 words, the share of spun copies
called spun or suspect, and span recall (a change is found when a finding overlaps it) at the
calibrated threshold and at ``--min-confidence`` 0.3 and 0.1, with the precision of those
findings. The clean copies' false findings at each threshold are printed for reference.
Deterministic (spinner seed 7).
"""
from __future__ import annotations

import argparse
import sys

from spindetect.evaluate import corpora  # noqa: E402
from spindetect.evaluate.metrics import SpanCounts  # noqa: E402
from spindetect.scanner import scan_text  # noqa: E402
from spindetect.spinner import spin  # noqa: E402

RATES = (0.01, 0.03, 0.1, 0.2)
THRESHOLDS = (None, 0.3, 0.1)      # None: the models' calibrated thresholds


def scanned(text: str) -> dict:
    """The reports of ``text`` at each threshold (the verdict does not depend on it)."""
    return {t: scan_text(text, with_readability=False, min_confidence=t) for t in THRESHOLDS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nltk-data", help="NLTK data directory (default: $NLTK_DATA)")
    parser.add_argument("--docs", type=int, default=20, help="held-out documents per genre")
    parser.add_argument("--profile", default="mixed")
    args = parser.parse_args()
    corpora.use_nltk_data(args.nltk_data)
    docs = [text for _, _, text in corpora.held_out(corpora.GENRES, args.docs, seed=1)]
    words = sum(len(text.split()) for text in docs)
    print(f"{len(docs)} held-out documents, {words:,} words; profile {args.profile}, spinner seed 7\n")
    clean = [scanned(text) for text in docs]
    names = ["calibrated" if t is None else f">= {t}" for t in THRESHOLDS]
    false = [sum(len(r[t].findings) for r in clean) * 1000 / words for t in THRESHOLDS]
    print("clean copies: false findings per 1,000 words " +
          ", ".join(f"{n} {f:.2f}" for n, f in zip(names, false)) +
          f"; called spun or suspect {sum(r[None].verdict != 'clean' for r in clean)}/{len(docs)}\n")
    print("| rate | changes / 1,000 words | spun or suspect | " +
          " | ".join(f"recall {n} | precision {n}" for n in names) + " |")
    print("| ---: | ---: | ---: | " + " | ".join("---: | ---:" for _ in names) + " |")
    for rate in RATES:
        changes, flagged = 0, 0
        counts = {t: SpanCounts() for t in THRESHOLDS}
        for text in docs:
            result = spin(text, args.profile, rate, seed=7)
            reports = scanned(result.text)
            changes += len(result.changes)
            flagged += reports[None].verdict != "clean"
            for t, report in reports.items():
                counts[t].add(report.findings, result.changes)
        cells = " | ".join(f"{counts[t].recall:.3f} | {counts[t].precision:.3f}" for t in THRESHOLDS)
        print(f"| {rate:.0%} | {changes * 1000 / words:.1f} | {flagged}/{len(docs)} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

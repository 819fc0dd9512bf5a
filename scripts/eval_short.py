"""Short texts (comments, posts, abstracts): verdicts and false findings by length.

    NLTK_DATA=../shared/nltk_data python scripts/eval_short.py [--docs 40] [--rate 0.3]

The models were trained on documents of 250-800 words; user-posted text is often a sentence or
two. Each held-out document of ``spindetect eval`` (same sample and seed) is cut to its first
sentences, at least N words (N = 8, 20, 50, 120; a sentence is never cut), and scanned clean and
spun (mixed profile, ``--rate``, spinner seed = the document's number). Printed per length: how
many clean pieces are called spun or suspect, the false findings per 1,000 clean words, and how
many spun pieces are called spun or suspect. Seeded and deterministic.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spindetect.api import scan_text  # noqa: E402
from spindetect.evaluate import corpora  # noqa: E402
from spindetect.spinner import spin  # noqa: E402

LENGTHS = (8, 20, 50, 120)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def first_sentences(text: str, words: int) -> str:
    """The text's first sentences, together at least ``words`` words long."""
    kept: list[str] = []
    for sentence in SENTENCE_END.split(text.strip()):
        kept.append(sentence)
        if len(" ".join(kept).split()) >= words:
            break
    return " ".join(kept)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40, help="held-out documents per genre")
    parser.add_argument("--rate", type=float, default=0.3, help="substitution rate of the spun pieces")
    args = parser.parse_args()
    docs = corpora.held_out(corpora.GENRES, args.docs, seed=1)
    print(f"{len(docs)} held-out documents cut to their first sentences; spun pieces: mixed {args.rate:.0%}\n")
    print("| at least | mean words | clean: spun / suspect | clean: false findings / 1,000 words | spun: called spun or suspect |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for length in LENGTHS:
        words = findings = spun = suspect = pieces = spun_pieces = caught = 0
        for number, (_, _, text) in enumerate(docs):
            piece = first_sentences(text, length)
            report = scan_text(piece)
            pieces += 1
            words += len(piece.split())
            findings += len(report.findings)
            spun += report.verdict == "spun"
            suspect += report.verdict == "suspect"
            result = spin(piece, "mixed", args.rate, seed=number)
            if result.changes:
                spun_pieces += 1
                caught += scan_text(result.text).verdict != "clean"
        print(f"| {length} | {words / pieces:.0f} | {spun} / {suspect} of {pieces} | {1000 * findings / words:.2f} "
              f"| {caught} of {spun_pieces} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

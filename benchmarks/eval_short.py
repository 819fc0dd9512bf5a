"""Short texts (comments, posts, abstracts): verdicts and false findings by length.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_short [--docs 40] [--rate 0.3]

The models were trained on documents of 250-800 words; user-posted text is often a sentence or
two. Each held-out document of ``spindetect eval`` (same sample and seed) is cut to its first
sentences, at least N words (N = 8, 20, 50, 120; a sentence is never cut), and scanned clean and
spun (mixed profile, ``--rate``, spinner seed = the document's number). Printed per length: how
many clean pieces are called spun or suspect, the false findings per 1,000 clean words, and how
many spun pieces are called spun or suspect. A second table takes single sentences (every third
sentence of each document, 3-60 words) by length. Seeded and deterministic.

``--pad TOKENS`` measures another ``scoring.SHORT_TEXT_TOKENS`` (0: no filling up): the shipped
value was chosen on ``--sample-seed 2`` as the smallest at which no band of sentences it reaches
has more than 0.5% of its clean sentences called spun (the share the 'spun' threshold allows on
clean training documents); the README quotes sample 1.
"""
from __future__ import annotations

import argparse
import re

from spindetect.detect import scoring  # noqa: E402
from spindetect.evaluate import corpora  # noqa: E402
from spindetect.scanner import scan_text  # noqa: E402
from spindetect.spinner import spin  # noqa: E402

LENGTHS = (8, 20, 50, 120)
SENTENCE_BANDS = ((3, 8), (8, 15), (15, 30), (30, 61))     # words
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
    parser.add_argument("--sample-seed", type=int, default=1, help="which held-out sample (eval's is 1)")
    parser.add_argument("--pad", type=int, metavar="TOKENS", help="scoring.SHORT_TEXT_TOKENS to measure (0: off)")
    args = parser.parse_args()
    if args.pad is not None:
        scoring.SHORT_TEXT_TOKENS = args.pad
    docs = corpora.held_out(corpora.GENRES, args.docs, seed=args.sample_seed)
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
    sentence_table(docs, args.rate)
    return 0


def sentences(docs) -> list[str]:
    """Every third sentence of each document, of 3-60 words."""
    out = []
    for _, _, text in docs:
        found = [s for s in SENTENCE_END.split(text.strip()) if s.strip()]
        out += [s for s in found[::3] if SENTENCE_BANDS[0][0] <= len(s.split()) < SENTENCE_BANDS[-1][1]]
    return out


def sentence_table(docs, rate: float) -> None:
    counts = {band: [0, 0, 0, 0, 0] for band in SENTENCE_BANDS}   # clean, spun, suspect, spun pieces, caught
    for number, sentence in enumerate(sentences(docs)):
        row = counts[next(b for b in SENTENCE_BANDS if b[0] <= len(sentence.split()) < b[1])]
        verdict = scan_text(sentence).verdict
        row[0] += 1
        row[1] += verdict == "spun"
        row[2] += verdict == "suspect"
        result = spin(sentence, "mixed", rate, seed=number)
        if result.changes:
            row[3] += 1
            row[4] += scan_text(result.text).verdict != "clean"
    print(f"\nSingle sentences (SHORT_TEXT_TOKENS {scoring.SHORT_TEXT_TOKENS}); spun: mixed {rate:.0%}\n")
    print("| words | clean: spun / suspect | spun: called spun or suspect |")
    print("| --- | ---: | ---: |")
    for (low, high), (clean, spun, suspect, spun_pieces, caught) in counts.items():
        print(f"| {low}-{high - 1} | {spun} / {suspect} of {clean} | {caught} of {spun_pieces} |")


if __name__ == "__main__":
    raise SystemExit(main())

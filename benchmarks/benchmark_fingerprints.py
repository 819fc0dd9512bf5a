"""Speed of ``--fingerprints`` matching against the size of the list.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.benchmark_fingerprints [--repeat 5]

The Problematic Paper Screener's list of tortured phrases holds several thousand. For lists of
100, 1,000 and 5,000 phrases (two or three words drawn from the lexicon's vocabulary, seeded,
plus phrases planted in the text so that there is something to find), prints the median time
``Matcher.find`` takes on the ~100k-word Brown news file of ``benchmarks/benchmark.py``, next to
the baseline in the same run: the phrases as one regular expression (an alternation, longest
first), which is how the matcher first worked. Both must find the same matches.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import time

from benchmarks.benchmark import brown_news_text  # noqa: E402
from spindetect.detect import lexicon  # noqa: E402
from spindetect.detect.phraselist import ListedPhrase, Matcher  # noqa: E402

SIZES = (100, 1_000, 5_000)
PLANTED = 50


class RegexMatcher:
    """The baseline: every phrase in one alternation, on word boundaries, longest first."""

    def __init__(self, fingerprints: list[ListedPhrase]):
        keys = sorted({" ".join(f.phrase.lower().split()): f.expected for f in fingerprints}.items(),
                      key=lambda kv: -len(kv[0]))
        self.expected = dict(keys)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k, _ in keys)
                                  + r")(?!\w)", re.IGNORECASE)

    def find(self, text: str) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in self.pattern.finditer(text)]


def phrase_list(size: int, rng: random.Random, vocabulary: list[str]) -> list[ListedPhrase]:
    return [ListedPhrase(" ".join(rng.choice(vocabulary) for _ in range(rng.choice((2, 2, 3)))), "expected", None)
            for _ in range(size)]


def planted(text: str, phrases: list[ListedPhrase], rng: random.Random) -> str:
    """The text with PLANTED of the phrases put in at paragraph starts."""
    paragraphs = text.split("\n\n")
    for fp in rng.sample(phrases, min(PLANTED, len(phrases))):
        k = rng.randrange(len(paragraphs))
        paragraphs[k] = fp.phrase.capitalize() + " " + paragraphs[k]
    return "\n\n".join(paragraphs)


def median_seconds(find, text: str, repeat: int) -> tuple[float, list]:
    times, found = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        found = find(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    lex = lexicon.load()
    vocabulary = [lex.words[i] for i in range(2_000, 30_000)]
    base = brown_news_text()
    print(f"file: Brown news, {len(base.split()):,} words (+ planted phrases); median of {args.repeat} runs")
    print(f"{'phrases':>8}  {'matches':>7}  {'Matcher.find':>12}  {'one regex':>10}  ratio")
    for size in SIZES:
        rng = random.Random(size)
        phrases = phrase_list(size, rng, vocabulary)
        text = planted(base, phrases, rng)
        ours, found = median_seconds(Matcher(phrases).find, text, args.repeat)
        regex, expected = median_seconds(RegexMatcher(phrases).find, text, max(1, args.repeat // 2))
        if [(f.start, f.end) for f in found] != expected:
            raise SystemExit(f"{size} phrases: the matches differ from the regular expression's")
        print(f"{size:8,d}  {len(found):7,d}  {ours:10.3f} s  {regex:8.3f} s  {regex / ours:5.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

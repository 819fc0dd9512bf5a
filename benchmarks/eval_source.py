"""What a found source adds to a scan (``scan --index``): source findings and the spun-copy verdict.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_source [--archive 300] [--queries 40]

An index is built from clean documents (ABC science and rural news, the WSJ sample, Brown;
300-1,000 words each). Queries, each scanned with the index:
- spun copies of indexed documents (mixed profile, 10/20/35/50%): how many are judged spun by the
  model alone and with the spun-copy rule; the source findings' precision (a finding overlapping
  a spinner's change) and recall (changes overlapped) against the spinner's truth;
- exact copies of indexed documents, *revised* copies (a fifth of the sentences dropped, two
  sentences of another document inserted, and 2% of the words swapped for synonyms as a
  copy-editor might) and *excerpts* (the first half): how many the rule calls spun copies;
- unrelated documents (never indexed): sources found, spun copies called.
Seeded and deterministic; the figures set the constants in ``spindetect/index/evidence.py``.
"""
from __future__ import annotations

import argparse
import random
import re
import tempfile

from spindetect.detect import model  # noqa: E402
from spindetect.detect.scoring import verdict_for  # noqa: E402
from spindetect.evaluate.corpora import (  # noqa: E402
    brown_texts,
    chunk_words,  # noqa: E402
    treebank_texts,
)
from spindetect.evaluate.metrics import overlaps  # noqa: E402
from spindetect.index import evidence  # noqa: E402
from spindetect.index.fill import index_texts  # noqa: E402
from spindetect.scanner import scan_text  # noqa: E402
from spindetect.spinner import spin  # noqa: E402

RATES = (0.1, 0.2, 0.35, 0.5)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def documents(rng: random.Random) -> list[str]:
    from nltk.corpus import abc
    texts = [abc.raw("science.txt"), abc.raw("rural.txt")]
    texts += [text for _, text in treebank_texts()] + [text for _, text in brown_texts()]
    docs = [doc for text in texts for doc in chunk_words(text, rng, 300, 1000)]
    rng.shuffle(docs)
    return docs


def revised(text: str, other: str, rng: random.Random, seed: int) -> str:
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    kept = [s for s in sentences if rng.random() >= 0.2] or sentences[:1]
    extra = [s for s in SENTENCE_END.split(other) if s.strip()][:2]
    for sentence in extra:
        kept.insert(rng.randrange(len(kept) + 1), sentence)
    return spin(" ".join(kept), "mixed", 0.02, seed).text



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=int, default=300)
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    thresholds = model.load().thresholds
    rng = random.Random(5)
    docs = documents(rng)
    archive, unrelated = docs[:args.archive], docs[args.archive:args.archive + args.queries]
    queried = archive[:args.queries]
    with tempfile.TemporaryDirectory() as tmp:
        index = index_texts(archive, tmp, "archive.db")
        print(f"archive: {len(archive)} documents; {len(queried)} queries of each kind")

        def scan(text):
            return scan_text(text, with_readability=False, index=index)

        print(f"{'spun copies':12s} {'source':>7s} {'spun: model':>11s} {'+ rule':>7s} {'synonyms/word':>13s} "
              f"{'source findings P':>17s} {'findings P/R, index':>19s} {'without':>13s}")
        for rate in RATES:
            found = model_spun = spun = 0
            counts = {"source": [0, 0, 0, 0], "index": [0, 0, 0, 0], "none": [0, 0, 0, 0]}
            lowest = 1.0                   # the lowest synonym substitutions per word of a spun copy
            for seed, text in enumerate(queried):
                result = spin(text, "mixed", rate, seed)
                report, alone = scan(result.text), scan_text(result.text, with_readability=False)
                found += report.source is not None
                spun += report.verdict == "spun"
                model_spun += verdict_for(report.spin_score, thresholds) == "spun"
                if report.source is not None:
                    lowest = min(lowest, report.source.counts()["synonym"] / max(report.words, 1))
                for name, findings in (("source", [f for f in report.findings if f.rule == evidence.SOURCE_RULE]),
                                       ("index", report.findings), ("none", alone.findings)):
                    c = counts[name]
                    c[0] += sum(any(overlaps(f, ch) for ch in result.changes) for f in findings)
                    c[1] += len(findings)
                    c[2] += sum(any(overlaps(f, ch) for f in findings) for ch in result.changes)
                    c[3] += len(result.changes)
            n, src, idx, none = len(queried), counts["source"], counts["index"], counts["none"]
            print(f"mixed {rate:4.0%}   {found:3d}/{n:<3d} {model_spun:7d}/{n:<3d} {spun:3d}/{n:<3d} {lowest:13.3f} "
                  f"{src[0] / max(src[1], 1):9.3f} ({src[0]}/{src[1]}) "
                  f"{idx[0] / max(idx[1], 1):11.3f}/{idx[2] / max(idx[3], 1):.3f} "
                  f"{none[0] / max(none[1], 1):7.3f}/{none[2] / max(none[3], 1):.3f}")

        print(f"\n{'clean queries':14s} {'source':>7s} {'spun copy':>9s} {'verdict spun':>12s} {'synonyms/word max':>17s} "
              f"{'source findings':>15s}")
        kinds = {
            "exact copy": lambda k, t: t,
            "revised copy": lambda k, t: revised(t, unrelated[k], random.Random(k), k),
            "excerpt": lambda k, t: " ".join(t.split(" ")[:len(t.split(" ")) // 2]),
        }
        for name, make in kinds.items():
            rows = [scan(make(k, text)) for k, text in enumerate(queried)]
            _clean_row(name, rows)
        _clean_row("unrelated", [scan(text) for text in unrelated])
    return 0


def _clean_row(name, reports) -> None:
    n = len(reports)
    source = sum(r.source is not None for r in reports)
    copies = sum(bool(r.source and r.source.spun_copy) for r in reports)
    spun = sum(r.verdict == "spun" for r in reports)
    findings = sum(f.rule == evidence.SOURCE_RULE for r in reports for f in r.findings)
    words = sum(r.words for r in reports)
    highest = max((r.source.counts()["synonym"] / max(r.words, 1) for r in reports if r.source), default=0.0)
    print(f"{name:14s} {source:3d}/{n:<3d} {copies:5d}/{n:<3d} {spun:8d}/{n:<3d} {highest:17.3f} "
          f"{findings:5d} ({1000 * findings / max(words, 1):.2f} per 1,000 words)")


if __name__ == "__main__":
    raise SystemExit(main())

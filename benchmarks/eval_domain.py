"""What a reference collection's phrases add to detection (``scan --index``).

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_domain [--archive 400] [--docs 60]

An index is built from ABC science news (the archive: trusted texts of one field); other ABC
science documents, never indexed, are scanned clean and spun (mixed profile, 20%), with and
without the index. Printed: false findings per 1,000 words on the clean texts, span recall and
precision on the spun ones, and the likelihood ratio of the collection-phrase evidence
(how much more often it marks a replaced word than an unchanged one) that
``domain_pairs.RATIO`` is set from. Seeded and deterministic.
"""
from __future__ import annotations

import argparse
import random
import tempfile

from spindetect.detect import pipeline  # noqa: E402
from spindetect.evaluate.corpora import chunk_words  # noqa: E402
from spindetect.evaluate.metrics import overlaps  # noqa: E402
from spindetect.index.fill import index_texts  # noqa: E402
from spindetect.index.search import open_index  # noqa: E402
from spindetect.scanner import scan_text  # noqa: E402
from spindetect.spinner import spin  # noqa: E402


def evidence_counts(lex, text, changes):
    """(marked replaced tokens, replaced tokens, marked unchanged tokens, unchanged tokens)."""
    analysis = pipeline.analyse_candidates(lex, text)
    marks = analysis.marks_of("domain_pairs")
    marked = marks if marks is not None else [False] * len(analysis.candidates)
    marked_tokens = {c.first for c, m in zip(analysis.candidates, marked) if m}
    counts = [0, 0, 0, 0]
    for k, token in enumerate(analysis.tokens):
        replaced = any(overlaps(token, c) for c in changes)
        counts[0 if replaced else 2] += k in marked_tokens
        counts[1 if replaced else 3] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=int, default=400)
    parser.add_argument("--docs", type=int, default=60)
    args = parser.parse_args()
    from nltk.corpus import abc
    docs = chunk_words(abc.raw("science.txt"), random.Random(11), 300, 1000)
    archive, tests = docs[:args.archive], docs[args.archive:args.archive + args.docs]
    with tempfile.TemporaryDirectory() as tmp:
        index = index_texts(archive, tmp, "science.db")
        print(f"archive: {len(archive)} ABC science documents; test: {len(tests)} other ABC science documents")
        lex = open_index(index).lexicon()
        totals = [0, 0, 0, 0]
        for name, with_index in (("without index", None), ("with index", index)):
            words = sum(len(t.split()) for t in tests)
            false = sum(len(scan_text(t, with_readability=False, index=with_index).findings) for t in tests)
            changed = found = hits = findings = 0
            for seed, text in enumerate(tests):
                result = spin(text, "mixed", 0.2, seed=seed)
                report = scan_text(result.text, with_readability=False, index=with_index)
                changed += len(result.changes)
                findings += len(report.findings)
                found += sum(any(overlaps(f, c) for f in report.findings) for c in result.changes)
                hits += sum(any(overlaps(f, c) for c in result.changes) for f in report.findings)
                if with_index is not None:
                    totals = [a + b for a, b in zip(totals, evidence_counts(lex, result.text, result.changes))]
            print(f"  {name}: clean {1000 * false / words:.2f} false findings per 1,000 words; spun (mixed 20%): "
                  f"span recall {found / changed:.3f}, precision {hits / max(findings, 1):.3f}")
        rate_replaced, rate_unchanged = totals[0] / max(totals[1], 1), totals[2] / max(totals[3], 1)
        print(f"collection-phrase evidence: marks {totals[0]}/{totals[1]} replaced tokens and {totals[2]}/{totals[3]} "
              f"unchanged ones; likelihood ratio {rate_replaced / max(rate_unchanged, 1e-9):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

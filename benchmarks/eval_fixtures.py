"""Recall and false-finding figures on our own fixtures and the seeds.

    python -m benchmarks.eval_fixtures [--min-confidence P] [--context]

- clean fixtures (fixtures/clean): verdicts and false findings per 1,000 words;
- the same texts spun by our spinner (profiles wordnet, thesaurus, mixed; rates 20% and 40%;
  three seeds each): span precision/recall against the spinner's truth, top-1/top-3 original;
- the hand-spun science text (fixtures/spun, truth beside it) and seed 003 (annotated by hand in
  fixtures/seed003_truth.json): recall, precision and right original first;
- the seeds: verdict and number of findings, and seed 003 without its acronyms "(AI)" and
  "(GPUs)" (the evidence they give is the article's own, not the detector's knowledge).
With ``--context`` every scan uses the context mode (``spindetect scan --context``).
With ``--min-confidence P`` the two annotated texts are also scanned at that finding threshold
(``spindetect scan --min-confidence``). Everything is deterministic; the figures go into the
issue note.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent

from spindetect.evaluate.metrics import overlaps  # noqa: E402
from spindetect.scanner import scan_text  # noqa: E402
from spindetect.spinner import spin  # noqa: E402


def span_scores(report, changes):
    found = [c for c in changes if any(overlaps(f, c) for f in report.findings)]
    true_findings = [f for f in report.findings if any(overlaps(f, c) for c in changes)]
    top1 = top3 = 0
    for c in found:
        f = next(f for f in report.findings if overlaps(f, c))
        guesses = [s.lower() for s in f.suggestions]
        hit = [c.original.lower() in g for g in guesses]
        top1 += hit[0] if hit else 0
        top3 += any(hit[:3])
    return len(found), len(changes), len(true_findings), len(report.findings), top1, top3


ANNOTATED = (
    ("hand-spun science text", "fixtures/spun/science_tortured.txt", "fixtures/spun/science_tortured.truth.json"),
    ("seed 003, a real spun article, annotated by hand", "seeds/003_5f08b8486e8b9ceb.txt", "fixtures/seed003_truth.json"),
)


class Span(NamedTuple):
    start: int
    end: int


OPTIONS: dict = {}         # the scan's options: {"context": True} with --context


def annotated(text_path: Path, truth_path: Path, min_confidence: float | None = None) -> None:
    """Recall of the annotated spun phrases, precision of the findings, right original first."""
    text = text_path.read_text()
    truth = json.loads(truth_path.read_text())
    report = scan_text(text, text_path.name, min_confidence=min_confidence, **OPTIONS)
    spans, pos, hits, top1 = [], 0, 0, 0
    for item in truth:
        start = text.index(item["text"], pos)
        pos = start + 1
        spans.append(Span(start, start + len(item["text"])))
        finding = next((f for f in report.findings if overlaps(f, spans[-1])), None)
        hits += finding is not None
        right = bool(finding and item["original"].split()[-1].lower() in finding.suggestions[0].lower())
        top1 += right
        status = f"-> {finding.suggestions[0]!r}{'' if right else ' (wrong original)'}" if finding else "missed"
        print(f"    {item['text']!r:34s} {status}")
    true_findings = sum(any(overlaps(f, span) for span in spans) for f in report.findings)
    print(f"verdict {report.verdict} (score {report.spin_score:.2f}); recall {hits}/{len(truth)} "
          f"({hits / len(truth):.0%}); precision {true_findings}/{len(report.findings)}; "
          f"right original first {top1}/{hits}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-confidence", type=float, help="also scan the annotated texts at this threshold")
    parser.add_argument("--context", action="store_true", help="scan in the context mode (the language model)")
    args = parser.parse_args()
    OPTIONS.update(context=args.context)
    clean = sorted((ROOT / "fixtures" / "clean").glob("*.txt"))
    print("== clean fixtures")
    words = false = 0
    for path in clean:
        report = scan_text(path.read_text(), path.name, **OPTIONS)
        words += report.words
        false += len(report.findings)
        print(f"{path.name:24s} {report.verdict:8s} score {report.spin_score:.2f}  findings {len(report.findings)}"
              + "".join(f"\n    {f.text!r} -> {f.suggestions[0]!r}" for f in report.findings))
    print(f"false findings per 1,000 words: {1000 * false / words:.2f} ({false} in {words} words)")

    print("\n== clean fixtures spun by our spinner (3 seeds each)")
    print(f"{'profile':10s} {'rate':>5s} {'spun docs':>9s} {'recall':>7s} {'precision':>9s} {'top-1':>6s} {'top-3':>6s}")
    for profile in ("wordnet", "thesaurus", "mixed"):
        for rate in (0.2, 0.4):
            tot = [0] * 6
            spun_docs = n_docs = 0
            for path in clean:
                for seed in (1, 2, 3):
                    result = spin(path.read_text(), profile, rate, seed)
                    report = scan_text(result.text, path.name, **OPTIONS)
                    tot = [a + b for a, b in zip(tot, span_scores(report, result.changes))]
                    spun_docs += report.verdict == "spun"
                    n_docs += 1
            found, changes, true_f, findings, top1, top3 = tot
            print(f"{profile:10s} {rate:5.0%} {spun_docs:4d}/{n_docs:<4d} {found / max(changes, 1):7.2f} "
                  f"{true_f / max(findings, 1):9.2f} {top1 / max(found, 1):6.2f} {top3 / max(found, 1):6.2f}")

    for label, text_path, truth_path in ANNOTATED:
        print(f"\n== {label} ({text_path})")
        annotated(ROOT / text_path, ROOT / truth_path)
        if args.min_confidence is not None:
            print(f"-- with --min-confidence {args.min_confidence}")
            annotated(ROOT / text_path, ROOT / truth_path, args.min_confidence)

    print("\n== seeds")
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        report = scan_text(path.read_text(), path.name, **OPTIONS)
        print(f"{path.name:28s} {report.verdict:8s} score {report.spin_score:.2f}  findings {len(report.findings)}")
    spun = (ROOT / ANNOTATED[1][1]).read_text()
    for label, text in (("003 without (AI)", spun.replace(" (AI)", "")), ("003 without (GPUs)", spun.replace(" (GPUs)", "")),
                        ("003 without both", spun.replace(" (AI)", "").replace(" (GPUs)", ""))):
        report = scan_text(text, "003.txt", **OPTIONS)
        print(f"{label:28s} {report.verdict:8s} score {report.spin_score:.2f}  findings {len(report.findings)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

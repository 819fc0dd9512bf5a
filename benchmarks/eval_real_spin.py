"""How a real spinner's output differs from our spinner's: seed 003 against spins of the clean seeds.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_real_spin [--spins 5] [--model FILE]

Seed 003 is a real spinner's rewrite, annotated by hand (fixtures/seed003_truth.json: 72
rewritten spans). The four clean seeds are news about the same story, so their spins by our own
spinner (``mixed`` and ``fluent``, 20 / 40 / 60%, ``--spins`` seeds each) are the fairest
synthetic comparison.
Printed for each:

- the share of the detector's candidates that overlap a rewrite, against the document's EM
  estimate of its rate of substitution (``scoring.shifted_rates``), which sets the context the
  in-context span model and the finding probabilities see;
- the first-pass span model's ranking quality on the document's candidates (ROC AUC: how often a
  rewritten candidate scores above an unchanged one);
- for seed 003: whether the thesauri in the lexicon (WordNet, Moby) offer each single-word
  rewrite's written word for its original at all (the spinner's knowledge against ours), and
  its findings at lower finding thresholds (``spindetect scan --min-confidence``).

``--model FILE`` measures another model.json (a retraining) instead of the shipped one.
Deterministic; measured, not a change to the detector (docs/quality.md, "A real spinner").
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from spindetect.detect import lexicon, model, pipeline, scoring  # noqa: E402
from spindetect.detect.lexicon import MOBY, WORDNET  # noqa: E402
from spindetect.evaluate.metrics import SpanCounts, replaced_candidates  # noqa: E402
from spindetect.spinner import Change, _forward, spin  # noqa: E402

SEED_003 = ROOT / "seeds" / "003_5f08b8486e8b9ceb.txt"
TRUTH = ROOT / "fixtures" / "seed003_truth.json"
CLEAN_SEEDS = ("000", "001", "002", "004")
THRESHOLDS = (0.58, 0.4, 0.3, 0.2, 0.15, 0.1, 0.05)


def truth_changes(text: str, truth: list[dict]) -> list[Change]:
    """The annotated rewrites as spinner changes (offsets into the text, in order)."""
    changes, pos = [], 0
    for item in truth:
        start = text.index(item["text"], pos)
        pos = start + len(item["text"])
        changes.append(Change(start, pos, item["text"], item["original"]))
    return changes


def document_figures(lex, models, text: str, changes: list[Change]) -> tuple[float, float, float]:
    """(share of candidates rewritten, EM rate, first-pass AUC) of one document."""
    analysis = pipeline.analyse_candidates(lex, text)
    labels = np.array(replaced_candidates(analysis.tokens, analysis.candidates, changes), dtype=bool)
    first = models.span.predict(analysis.features)
    rate = float(scoring.context_features(first, models.base_rate, len(analysis.tokens))[-1])
    auc = roc_auc_score(labels, first) if 0 < labels.sum() < len(labels) else float("nan")
    return float(labels.mean()), rate, auc


def thesaurus_coverage(lex, truth: list[dict]) -> None:
    """Per single-word rewrite: does WordNet or Moby offer the written word for the original?"""
    forward = _forward()
    offered, missing = 0, []
    pairs = [(item["original"].lower(), item["text"].lower()) for item in truth
             if " " not in item["text"] and " " not in item["original"]]
    for original, written in pairs:
        o, w = lex.id(original), lex.id(written)
        if o is not None and w is not None and w in forward.options(o, WORDNET | MOBY):
            offered += 1
        else:
            missing.append(f"{original} -> {written}")
    print(f"single-word rewrites whose written word WordNet or Moby offers for the original: "
          f"{offered} of {len(pairs)}")
    print("  not offered: " + ", ".join(sorted(set(missing))))


def operating_points(lex, models, text: str, changes: list[Change]) -> None:
    detection = pipeline.detect(lex, models, text, text)
    print(f"verdict {detection.verdict} (score {detection.spin_score:.3f}), {len(detection.findings)} findings at "
          f"the model's threshold ({scoring.finding_threshold(detection.verdict, models.thresholds):.2f})")
    print(f"{'min-confidence':>14s} {'findings':>8s} {'right':>6s} {'precision':>9s} {'rewrites covered':>16s} "
          f"{'original first':>14s}")
    for threshold in THRESHOLDS:
        counts = SpanCounts()
        counts.add(pipeline.detect(lex, models, text, text, min_confidence=threshold).findings, changes)
        print(f"{threshold:14.2f} {counts.findings:8d} {counts.hits:6d} {counts.precision:9.2f} "
              f"{counts.found:>9d} of {counts.changes} {counts.top1:14d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spins", type=int, default=5, help="spins of each clean seed per rate")
    parser.add_argument("--model", help="a model.json to measure instead of the shipped one")
    args = parser.parse_args()
    lex = lexicon.load()
    models = model.from_file(args.model) if args.model else model.load()
    text = SEED_003.read_text(encoding="utf-8")
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    changes = truth_changes(text, truth)
    print(f"{'document':34s} {'candidates rewritten':>20s} {'EM rate':>8s} {'AUC':>6s}")
    share, rate, auc = document_figures(lex, models, text, changes)
    print(f"{'seed 003 (real spinner)':34s} {share:20.3f} {rate:8.3f} {auc:6.3f}")
    for profile in ("mixed", "fluent"):
        for spin_rate in (0.2, 0.4, 0.6):
            rows = []
            for name in CLEAN_SEEDS:
                clean = next((ROOT / "seeds").glob(f"{name}_*.txt")).read_text(encoding="utf-8")
                for seed in range(args.spins):
                    result = spin(clean, profile, spin_rate, seed=seed)
                    rows.append(document_figures(lex, models, result.text, result.changes))
            share, rate, auc = np.nanmedian(np.array(rows), axis=0)
            label = f"clean seeds spun {profile} {spin_rate:.0%} (median)"
            print(f"{label:34s} {share:20.3f} {rate:8.3f} {auc:6.3f}")
    print()
    thesaurus_coverage(lex, truth)
    print()
    operating_points(lex, models, text, changes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

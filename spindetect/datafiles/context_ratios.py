"""Measure the run-time context evidence's likelihood ratios; write ``spindetect/data/context.json``.

Run (after ``datafiles.train``; needs the language model, README "Context mode"):

    NLTK_DATA=../shared/nltk_data python -m spindetect.datafiles.context_ratios [--docs 150]

Documents: the training sources' documents the span model was *not* trained on (the same draw
as ``datafiles.train``, past its first ``--train-docs``), a third clean and the rest spun with a
random profile (``fluent`` among them) and rate, low rates included (a paper with a few
tortured phrases is spun at a few per cent). Every candidate ``detect.context`` would re-read is
re-read, and labelled by whether the spinner changed it. A logistic regression of the label on
the candidate's log-odds in its document's context (the probability the ratio multiplies,
``scoring``) and the band of delta (one indicator per band, the band around zero the
reference) gives each band's ratio: what delta adds to what the detector already knew, not
what it knows alone.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from ..detect import context, lexicon, model, pipeline, scoring
from ..evaluate.corpora import TRAIN_SOURCES, corpus_documents
from ..evaluate.metrics import replaced_candidates
from ..lm import weights
from ..spinner import maybe_spun

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PROFILES = ("mixed", "fluent", "thesaurus", "wordnet", "phrase")
RATES = (0.03, 0.05, 0.1, 0.2, 0.3, 0.4)
EDGES = (-6.0, -2.0, 2.0, 4.0, 7.0, 10.0, 14.0)     # bands of delta (nats); [-2, 2) is the reference
REFERENCE = 2                                  # the band whose ratio is 1


def log(msg: str) -> None:
    print(f"[context_ratios] {msg}", file=sys.stderr, flush=True)


def held_out_documents(train_docs: int, train_seed: int, n: int) -> list[str]:
    """The documents ``datafiles.train`` drew but did not train on."""
    return corpus_documents(TRAIN_SOURCES, random.Random(train_seed), None)[train_docs:train_docs + n]


def measured(lm, docs: list[str], seed: int):
    """Per re-read candidate: label, probability in context (before the model's reading), delta; and per re-read spun
    single word whose original the lexicon offers: the rank of that original and the
    model's reading of each original offered (``Reread.scores``)."""
    lex, models = lexicon.load(), model.load()
    rng = random.Random(seed)
    labels, prior, delta, truth_ranks, readings = [], [], [], [], []
    began = time.time()
    for number, clean in enumerate(docs):
        text, changes = maybe_spun(clean, rng, 0.33, PROFILES, RATES)
        analysis = pipeline.analyse_candidates(lex, text)
        chosen = context.pick(models, analysis)
        if not len(chosen):
            continue
        found = context.reread(lm, analysis, text, chosen, rank_weight=0.0)
        picked = [analysis.candidates[k] for k in chosen.tolist()]
        truth = replaced_candidates(analysis.tokens, picked, changes)
        rank, reading = _truth_ranks(analysis.tokens, picked, changes, found.scores, found.offered)
        truth_ranks.extend(rank)
        readings.extend(reading)
        labels.extend(truth)
        prior.extend(scoring.score_blocks(models, analysis, len(analysis.tokens))[0][chosen].tolist())
        delta.extend(found.delta.tolist())
        if (number + 1) % 10 == 0:
            log(f"{number + 1}/{len(docs)} documents, {len(labels)} candidates, {time.time() - began:.0f} s")
    return np.array(labels, dtype=bool), np.array(prior), np.array(delta), truth_ranks, readings


def _truth_ranks(tokens, candidates, changes, scores, offers) -> tuple[list[int], list[np.ndarray]]:
    """For each single-word candidate the spinner changed from an original the model was
    offered: that original's rank among those offered, and the candidate's reading."""
    by_start = {c.start: c for c in changes}
    ranks, readings = [], []
    for cand, reading, offered in zip(candidates, scores, offers):
        change = by_start.get(tokens.starts[cand.first])
        if cand.first != cand.last or change is None or " " in change.original or len(reading) < 2:
            continue
        if change.original.lower() in offered:
            ranks.append(offered.index(change.original.lower()))
            readings.append(reading)
    return ranks, readings


WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


def rank_weight(truth_ranks: list[int], readings: list[np.ndarray]) -> tuple[float, dict[float, float]]:
    """The rank weight (``context.reread``) that puts the spinner's original first most often,
    and the share it puts first at each weight tried."""
    share = {}
    for weight in WEIGHTS:
        right = [int(np.argmax(r[1:] - weight * np.log1p(np.arange(len(r) - 1)))) == rank
                 for rank, r in zip(truth_ranks, readings)]
        share[weight] = float(np.mean(right)) if right else 0.0
    return max(share, key=lambda w: (share[w], -w)), share


def band_ratios(labels: np.ndarray, prior: np.ndarray, delta: np.ndarray) -> list[float]:
    from sklearn.linear_model import LogisticRegression

    band = np.searchsorted(np.asarray(EDGES), delta, side="right")
    bands = len(EDGES) + 1
    onehot = np.eye(bands)[band][:, [b for b in range(bands) if b != REFERENCE]]
    p = np.clip(prior, 1e-4, 1 - 1e-4)
    x = np.column_stack([np.log(p / (1 - p)), onehot])
    fit = LogisticRegression(C=10.0, max_iter=2000).fit(x, labels)
    coefs = list(fit.coef_[0][1:])
    coefs.insert(REFERENCE, 0.0)
    return [float(np.exp(c)) for c in coefs]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=150, help="documents to measure on (default 150)")
    parser.add_argument("--train-docs", type=int, default=1500, help="documents datafiles.train used (default 1500)")
    parser.add_argument("--train-seed", type=int, default=13)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--out", default=str(DATA_DIR / "context.json"))
    parser.add_argument("--measurements", help="also write each re-read candidate's label, probability "
                                                "in context and delta here (.npz)")
    args = parser.parse_args(argv)
    try:
        from ..lm.scorer import InTwoProcesses, LanguageModel
        lm = InTwoProcesses(LanguageModel.load())
    except (weights.NoModel, ImportError) as error:
        log(str(error))
        return 2
    docs = held_out_documents(args.train_docs, args.train_seed, args.docs)
    labels, prior, delta, truth_ranks, readings = measured(lm, docs, args.seed)
    if args.measurements:
        np.savez(args.measurements, labels=labels, prior=prior, delta=delta)
    ratios = band_ratios(labels, prior, delta)
    band = np.searchsorted(np.asarray(EDGES), delta, side="right")
    lows = ("-inf",) + EDGES
    for b, ratio in enumerate(ratios):
        inside = band == b
        log(f"delta >= {lows[b]:>5}: {int(inside.sum()):5d} candidates, {int(labels[inside].sum()):5d} spun, ratio {ratio:.2f}")
    weight, share = rank_weight(truth_ranks, readings)
    log(f"original first, of {len(truth_ranks)} spun words whose original is offered: "
        + ", ".join(f"{w:g}: {v:.3f}" for w, v in share.items()) + f"; rank weight {weight:g}")
    spec = {"edges": list(EDGES), "ratios": [round(r, 3) for r in ratios], "rank_weight": weight,
            "original_first": {f"{w:g}": round(v, 4) for w, v in share.items()}, "floor": context.FLOOR,
            "documents": len(docs), "candidates": int(len(labels)), "spun": int(labels.sum()), "seed": args.seed}
    Path(args.out).write_text(json.dumps(spec) + "\n", encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Train the span and document models and write ``spindetect/data/model.json``.

Run: ``NLTK_DATA=../shared/nltk_data python -m spindetect.datafiles.train``

Training text is clean English the lexicon's statistics never saw (movie reviews, ABC rural
news, web text; see ``TRAIN_SOURCES``), cut into documents of 250-800 words. About a third stay
clean; the rest go through our spinner with a random profile and a rate of 10-60%. Every
candidate the detector proposes is labelled by whether it overlaps a span the spinner changed.
Seeded, so a rebuild gives the same model. Each model averages ENSEMBLE networks trained from
consecutive seeds (one network swings with the last bits of its inputs).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from ..core.blas import one_blas_thread

one_blas_thread()   # before numpy loads, as the command line does: one model from either entry point

import numpy as np  # noqa: E402

from ..core.output import write_file  # noqa: E402
from ..detect import lexicon, pipeline, scoring  # noqa: E402
from ..detect.candidates import FEATURES  # noqa: E402
from ..evaluate.corpora import (  # noqa: E402
    FOLDER_LOW,
    TRAIN_SOURCES,
    NoTexts,
    corpus_documents,
    folder_documents,
)
from ..evaluate.metrics import replaced_candidates  # noqa: E402
from ..spinner import maybe_spun  # noqa: E402

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PROFILES = ("wordnet", "thesaurus", "phrase", "names", "mixed", "mixed", "fluent")   # fluent: a real spinner's kind
RATES = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)
MAX_FALSE_PER_1000 = 0.5      # finding threshold: at most this many false findings on clean text
CLEAN_SUSPECT_QUANTILE = 0.97  # suspect: above 97% of clean documents' scores
CLEAN_SPUN_QUANTILE = 0.995    # spun: above 99.5% of them
SPUN_DOC_PRECISION = 0.75      # finding threshold inside a document judged spun


def log(msg: str) -> None:
    print(f"[train] {msg}", file=sys.stderr, flush=True)


def labelled_rows(lex, docs: list[str], rng: random.Random):
    """Per candidate: features, label, document number; per document: label and word count."""
    rows, labels, groups, doc_labels, doc_words = [], [], [], [], []
    for number, clean in enumerate(docs):
        text, changes = maybe_spun(clean, rng, 0.35, PROFILES, RATES)
        analysis = pipeline.analyse_candidates(lex, text)
        labels.extend(replaced_candidates(analysis.tokens, analysis.candidates, changes))
        groups.extend([number] * len(analysis.candidates))
        rows.append(analysis.features)
        doc_labels.append(bool(changes))
        doc_words.append(len(analysis.tokens))
    return (np.vstack(rows), np.array(labels), np.array(groups), np.array(doc_labels), np.array(doc_words))


def _layers(model) -> dict:
    if hasattr(model, "coefs_"):
        weights, biases = model.coefs_, model.intercepts_
    else:
        weights, biases = [model.coef_.T], [model.intercept_]
    return {"weights": [np.asarray(w).round(6).tolist() for w in weights],
            "biases": [np.asarray(b).round(6).tolist() for b in biases]}


def export(model, scaler, features) -> dict:
    spec = {"features": list(features), "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()}
    if isinstance(model, Ensemble):
        spec["members"] = [_layers(member) for member in model.members]
    else:
        spec.update(_layers(model))
    return spec


class Ensemble:
    """Networks trained from different seeds on the same rows; their probabilities averaged.
    One network's weights swing with the last bits of its inputs (measured: weights up to 1.2
    apart from 1e-7 differences); on held-out text three averaged networks recovered most of
    what one retrained network lost (docs/quality.md, "Provenance of the shipped model")."""

    def __init__(self, members):
        self.members = members

    def predict_proba(self, x):
        return np.mean([member.predict_proba(x) for member in self.members], axis=0)


ENSEMBLE = 3          # networks per model


def fit_mlp(x, y, seed):
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    members = [MLPClassifier(hidden_layer_sizes=(24, 12), alpha=1e-3, max_iter=400, early_stopping=True,
                             random_state=seed + k).fit(xs, y) for k in range(ENSEMBLE)]
    return Ensemble(members), scaler


def out_of_fold(x, y, groups, seed, folds=3):
    """Predictions for each row from a model that did not see its document."""
    from sklearn.model_selection import GroupKFold
    out = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        model, scaler = fit_mlp(x[train], y[train], seed)
        out[test] = model.predict_proba(scaler.transform(x[test]))[:, 1]
    return out


def context_matrix(probs, groups, doc_words, base_rate):
    ctx = np.zeros((len(probs), len(scoring.CONTEXT_FEATURES)))
    for g in range(len(doc_words)):
        mask = groups == g
        if mask.any():
            ctx[mask] = scoring.context_features(probs[mask], base_rate, int(doc_words[g]))
    return ctx


def finish_per_document(probs, x2, groups, n_docs):
    """Acronym evidence applied as at run time; each document's EM rate from its context."""
    adjusted = scoring.acronym_evidence(probs, x2[:, scoring.ACRONYM])
    rates = np.zeros(n_docs)
    for g in range(n_docs):
        mask = groups == g
        if mask.any():
            rates[g] = x2[mask][0, -1]
    return adjusted, rates


def doc_matrix(probs, rates, groups, doc_words):
    return np.vstack([scoring.document_row(probs[groups == g], rates[g], int(doc_words[g]))
                      for g in range(len(doc_words))])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Train spindetect's span and document models.")
    parser.add_argument("--docs", type=int, default=1500, help="training documents (default 1500)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", default=str(DATA_DIR / "model.json"))
    parser.add_argument("--corpus", help="a folder of clean texts to train on instead of the NLTK corpora")
    args = parser.parse_args(argv)
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    started = time.time()
    rng = random.Random(args.seed)
    lex = lexicon.load()
    if args.corpus:
        docs = folder_documents(args.corpus, rng, args.docs)
        sources = [args.corpus]
        if not docs:
            raise NoTexts(f"{args.corpus}: no .txt or .md texts of {FOLDER_LOW // 3} words or more")
    else:
        docs = corpus_documents(TRAIN_SOURCES, rng, args.docs)
        sources = [name for name, _ in TRAIN_SOURCES]
    log(f"{len(docs)} documents from {', '.join(sources)}")
    x, y, groups, doc_y, doc_words = labelled_rows(lex, docs, rng)
    log(f"{len(y):,} candidates ({y.mean():.1%} spun), {doc_y.mean():.0%} spun documents, {time.time() - started:.0f} s")
    first_oof = out_of_fold(x, y, groups, args.seed)
    span, span_scaler = fit_mlp(x, y, args.seed)
    base_rate = float(y.mean())
    x2 = np.hstack([x, context_matrix(first_oof, groups, doc_words, base_rate)])
    second_oof = out_of_fold(x2, y, groups, args.seed)
    span2, span2_scaler = fit_mlp(x2, y, args.seed)
    span_probs, rates = finish_per_document(second_oof, x2, groups, len(doc_words))
    finding, false_rate = finding_threshold(span_probs, y, groups, doc_y, doc_words)
    dx = doc_matrix(span_probs, rates, groups, doc_words)
    doc_scaler = StandardScaler().fit(dx)
    doc_model = LogisticRegression(C=1.0, max_iter=1000).fit(doc_scaler.transform(dx), doc_y)
    doc_oof = out_of_fold_documents(dx, doc_y)
    thresholds = verdict_thresholds(doc_oof, doc_y)
    thresholds["finding"] = finding
    thresholds["finding_in_spun"] = spun_document_threshold(span_probs, y, groups, doc_oof >= thresholds["spun"], finding)
    log(f"thresholds {thresholds}; clean text: {false_rate:.2f} false findings per 1,000 words")
    spec = {
        "trained_on": sources, "documents": len(docs), "candidates": int(len(y)),
        "seed": args.seed, "thresholds": thresholds,
        "span": export(span, span_scaler, FEATURES), "base_rate": base_rate,
        "span_in_context": export(span2, span2_scaler, FEATURES + scoring.CONTEXT_FEATURES),
        "document": export(doc_model, doc_scaler, scoring.DOC_FEATURES),
    }
    write_file(args.out, json.dumps(spec, separators=(",", ":")) + "\n")      # whole, or not at all
    _report(span_probs, y, finding, doc_oof, doc_y, thresholds)
    log(f"wrote {args.out} in {time.time() - started:.0f} s")
    return 0


def finding_threshold(probs, y, groups, doc_y, doc_words) -> tuple[float, float]:
    """Lowest threshold keeping false findings on clean documents at MAX_FALSE_PER_1000."""
    clean_docs = np.flatnonzero(~doc_y)
    clean_rows = np.isin(groups, clean_docs)
    words = doc_words[clean_docs].sum()
    for hundredths in range(30, 96):       # exact hundredths: the stored value is the one compared
        threshold = hundredths / 100
        rate = 1000.0 * (probs[clean_rows] >= threshold).sum() / words
        if rate <= MAX_FALSE_PER_1000:
            return threshold, float(rate)
    return 0.95, float(1000.0 * (probs[clean_rows] >= 0.95).sum() / words)


def spun_document_threshold(probs, y, groups, judged_spun, ceiling) -> float:
    """Inside documents judged spun the prior is different: the lowest threshold whose
    findings there are still SPUN_DOC_PRECISION precise (never above the ordinary one)."""
    rows = np.isin(groups, np.flatnonzero(judged_spun))
    for hundredths in range(20, round(ceiling * 100)):
        threshold = hundredths / 100
        flagged = rows & (probs >= threshold)
        if flagged.sum() and y[flagged].mean() >= SPUN_DOC_PRECISION:
            return threshold
    return ceiling


def out_of_fold_documents(dx, doc_y, folds=5):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import StandardScaler
    out = np.zeros(len(doc_y))
    for train, test in StratifiedKFold(n_splits=folds, shuffle=True, random_state=0).split(dx, doc_y):
        scaler = StandardScaler().fit(dx[train])
        model = LogisticRegression(C=1.0, max_iter=1000).fit(scaler.transform(dx[train]), doc_y[train])
        out[test] = model.predict_proba(scaler.transform(dx[test]))[:, 1]
    return out


def verdict_thresholds(doc_scores, doc_y) -> dict[str, float]:
    clean = doc_scores[~doc_y]
    suspect = float(np.quantile(clean, CLEAN_SUSPECT_QUANTILE))
    spun = max(float(np.quantile(clean, CLEAN_SPUN_QUANTILE)), suspect + 0.05)
    return {"suspect": round(suspect, 3), "spun": round(min(spun, 0.99), 3)}


def _report(span_probs, y, finding, doc_scores, doc_y, thresholds) -> None:
    from sklearn.metrics import precision_score, recall_score, roc_auc_score
    flagged = span_probs >= finding
    log(f"out-of-fold spans at {finding}: precision {precision_score(y, flagged):.3f} "
        f"recall {recall_score(y, flagged):.3f} AUC {roc_auc_score(y, span_probs):.3f}")
    spun = doc_scores >= thresholds["spun"]
    log(f"out-of-fold documents: AUC {roc_auc_score(doc_y, doc_scores):.3f}; 'spun' recall {spun[doc_y].mean():.3f}, "
        f"clean called spun {spun[~doc_y].mean():.3f}")


if __name__ == "__main__":
    raise SystemExit(main())

"""The evaluation loop: clean held-out text, then each profile and rate, spindetect and the
fingerprint-list baseline side by side. Deterministic for a given seed."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..scanner import Scanner
from ..spinner import spin
from . import baseline as baseline_module
from .corpora import TRAIN_SOURCES, UNSEEN, corpus_documents
from .metrics import SpanCounts, document_scores

SCANNER = Scanner(with_readability=False)      # detection only: readability is not measured here

@dataclass
class Settings:
    profiles: tuple[str, ...] = ("mixed", "wordnet", "thesaurus", "phrase", "names")
    rates: tuple[float, ...] = (0.1, 0.2, 0.4)
    seed: int = 1
    baseline_documents: int = 300
    scanner: Scanner = SCANNER


@dataclass
class Row:
    profile: str
    rate: float
    scope: str                         # "all" or "unseen corpora"
    documents: dict = field(default_factory=dict)
    spans: dict = field(default_factory=dict)
    baseline_documents: dict = field(default_factory=dict)
    baseline_spans: dict = field(default_factory=dict)


def _doc_dict(scores) -> dict:
    return {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1, "auc": scores.auc}


def _span_dict(counts: SpanCounts) -> dict:
    return {"precision": counts.precision, "recall": counts.recall, "top1": counts.top1_accuracy,
            "top3": counts.top3_accuracy, "changes": counts.changes, "findings": counts.findings}


def clean_table(docs, reports, baseline_found) -> dict[str, dict]:
    table: dict[str, dict] = {}
    for (genre, _, text), report, matches in zip(docs, reports, baseline_found):
        row = table.setdefault(genre, {"documents": 0, "words": 0, "findings": 0, "spun": 0, "baseline_matches": 0})
        row["documents"] += 1
        row["words"] += report.words
        row["findings"] += len(report.findings)
        row["spun"] += report.verdict == "spun"
        row["baseline_matches"] += len(matches)
    for row in table.values():
        row["false_per_1000"] = 1000 * row["findings"] / max(row["words"], 1)
        row["baseline_false_per_1000"] = 1000 * row["baseline_matches"] / max(row["words"], 1)
    return table


def evaluate(docs, training_docs, settings: Settings, progress=lambda message: None) -> dict:
    """``docs``: (genre, corpus, text) held-out documents; ``training_docs``: texts the baseline
    list is made from. Returns the figures ``render`` prints."""
    progress(f"scanning {len(docs)} clean documents")
    clean = [settings.scanner.scan(text) for _, _, text in docs]
    rows, tables = [], {}
    for profile in settings.profiles:
        for rate in settings.rates:
            progress(f"{profile} at {rate:.0%}")
            listed = baseline_module.from_training_spins(training_docs, profile, rate, settings.seed + 100_000)
            if not tables:      # the clean table's baseline column: the first configuration's list
                tables = clean_table(docs, clean, [listed.find(text) for _, _, text in docs])
            rows.extend(_rows_for(docs, clean, listed, profile, rate, settings))
    return {"clean": tables, "rows": rows, "documents": len(docs), "baseline_documents": len(training_docs),
            "seed": settings.seed, "clean_baseline": f"{settings.profiles[0]} {settings.rates[0]:.0%}"}


def _rows_for(docs, clean, listed, profile, rate, settings) -> list[Row]:
    seed = settings.seed
    scopes = {"all": [], "unseen corpora": []}
    for k, ((genre, corpus, text), clean_report) in enumerate(zip(docs, clean)):
        result = spin(text, profile, rate, seed=seed * 1_000_003 + k)
        report = settings.scanner.scan(result.text)
        clean_matches = listed.find(text)
        spun_matches = listed.find(result.text)
        entry = (clean_report, report, result.changes, clean_matches, spun_matches, len(text.split()))
        scopes["all"].append(entry)
        if corpus in UNSEEN:
            scopes["unseen corpora"].append(entry)
    return [_row(profile, rate, scope, entries) for scope, entries in scopes.items() if entries]


def _row(profile, rate, scope, entries) -> Row:
    labels = [False] * len(entries) + [True] * len(entries)
    ours_pred = [e[0].verdict == "spun" for e in entries] + [e[1].verdict == "spun" for e in entries]
    ours_score = [e[0].spin_score for e in entries] + [e[1].spin_score for e in entries]
    base_pred = [bool(e[3]) for e in entries] + [bool(e[4]) for e in entries]
    base_score = [1000 * len(e[3]) / max(e[5], 1) for e in entries] + [1000 * len(e[4]) / max(e[5], 1) for e in entries]
    ours_spans, base_spans = SpanCounts(), SpanCounts()
    for _, report, changes, _, spun_matches, _ in entries:
        ours_spans.add(report.findings, changes)
        base_spans.add(spun_matches, changes)
    return Row(profile, rate, scope, _doc_dict(document_scores(labels, ours_pred, ours_score)), _span_dict(ours_spans),
               _doc_dict(document_scores(labels, base_pred, base_score)), _span_dict(base_spans))


def render(results: dict, command: str) -> str:
    """The tables as Markdown (readable in a terminal, pasteable into docs/quality.md)."""
    lines = [f"Command: `{command}`", "",
             f"{results['documents']} held-out documents; baseline list made from spins of "
             f"{results['baseline_documents']} training documents; seed {results['seed']}.", "",
             "Clean held-out text:", "",
             f"| genre | documents | words | false findings / 1,000 words | called spun "
             f"| baseline ({results['clean_baseline']} list) false matches / 1,000 words |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for genre, row in results["clean"].items():
        lines.append(f"| {genre} | {row['documents']} | {row['words']:,} | {row['false_per_1000']:.2f} | "
                     f"{row['spun']} | {row['baseline_false_per_1000']:.2f} |")
    lines += ["", "Spun held-out text (document: each text clean and spun, positive = verdict `spun`; "
              "spans: findings against the spinner's truth). Baseline = exact-match list of training spins:", "",
              "| profile | rate | scope | doc P | doc R | doc F1 | doc AUC | span P | span R | top-1 | top-3 "
              "| baseline doc F1 | baseline span P | baseline span R |",
              "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in results["rows"]:
        d, s, bd, bs = row.documents, row.spans, row.baseline_documents, row.baseline_spans
        lines.append(f"| {row.profile} | {row.rate:.0%} | {row.scope} | {d['precision']:.3f} | {d['recall']:.3f} | "
                     f"{d['f1']:.3f} | {d['auc']:.3f} | {s['precision']:.3f} | {s['recall']:.3f} | {s['top1']:.3f} | "
                     f"{s['top3']:.3f} | {bd['f1']:.3f} | {bs['precision']:.3f} | {bs['recall']:.3f} |")
    return "\n".join(lines) + "\n"


def training_documents(count: int, seed: int) -> list[str]:
    """Documents from the training corpora (for the baseline's list), seeded."""
    return corpus_documents(TRAIN_SOURCES, random.Random(seed), count)

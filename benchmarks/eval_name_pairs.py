"""Would a general bigram table tell spun names? Measured, not shipped (docs/quality.md).

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_name_pairs [--min 1.5 2.5 3.0] [--pool 4]

Candidate evidence: a capitalised word inside a name (``names.capitalised_runs``, not a
sentence's first word) whose pair with a neighbour inside the name no table knows, while one of
its first ``--pool`` ranked originals forms a pair with that neighbour that CMU Sphinx's
bigram table knows at least ``--min`` strong ("Enterprise Insider" -> "business insider").
Printed per cut: marks per 1,000 words of clean training documents (each mark would be close to
a false finding) and, on the same documents spun with the ``names`` profile at 20%, how often a
mark falls on a replaced word against an unchanged one. Needs ``pip install pocketsphinx``
(build time only, as ``python -m spindetect.datafiles.lexicon --sphinx-min``). Seeded, deterministic.

With ``--conditional``: what a mark adds to what the shipped model already says, as
``benchmarks/eval_articles.py`` measures it for the article evidence: per candidate, the model's
probability in its document's context and whether the candidate is marked, on the clean
documents and on spins (``names`` 20%, ``mixed`` 20% and 40%); the likelihood ratio of a mark
conditioned on that probability (logistic fit), and how many candidates below the finding
threshold a mark weighted by 10, 30 or 100 would turn into findings, replaced and unchanged.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np  # noqa: E402

from spindetect.datafiles import sphinx  # noqa: E402
from spindetect.detect import lexicon, model, pipeline, scoring  # noqa: E402
from spindetect.detect.evidence.names import CONNECTORS, capitalised_runs  # noqa: E402
from spindetect.evaluate.metrics import replaced_candidates  # noqa: E402
from spindetect.evaluate.run import training_documents  # noqa: E402
from spindetect.spinner import spin  # noqa: E402


def marks(lex, table: dict, cut: float, pool: int, text: str, analysis=None):
    analysis = pipeline.analyse_candidates(lex, text) if analysis is None else analysis
    tokens, singles = analysis.tokens, analysis.candidates.singles
    norms, marked = tokens.norms, set()
    for first, last in capitalised_runs(tokens):
        for i in range(first, last + 1):
            if (i == first and tokens.sent_start[i]) or norms[i] in CONNECTORS or i not in singles:
                continue
            for j in (i - 1, i + 1):
                if not first <= j <= last or norms[j] in CONNECTORS:
                    continue
                pair = (norms[i], norms[j]) if i < j else (norms[j], norms[i])
                if pair in table or lex.bigram(lex.id(pair[0]), lex.id(pair[1])) is not None:
                    continue
                originals = [o for o in singles[i].originals[:pool] if " " not in o]
                if any(table.get((o, norms[j]) if i < j else (norms[j], o), -99.0) >= cut for o in originals):
                    marked.add(i)
    return tokens, marked


def scored_marks(lex, models, table: dict, cut: float, pool: int, text: str):
    """(analysis, per-candidate probability in context, per-candidate mark)."""
    analysis = pipeline.analyse_candidates(lex, text)
    probabilities, _ = scoring.score_document(models, analysis, len(analysis.tokens))
    _, marked = marks(lex, table, cut, pool, text, analysis)
    candidates = analysis.candidates
    single = np.arange(len(probabilities)) < len(candidates.singles)
    return analysis, probabilities, single & np.isin(candidates.firsts, sorted(marked))


def conditional(lex, table: dict, cut: float, pool: int, docs: list[str]) -> None:
    from benchmarks.eval_articles import conditional_ratio
    models = model.load()
    threshold = models.thresholds["finding"]

    def weighted(p, ratio):
        odds = p / (1 - p) * ratio
        return odds / (1 + odds)

    words, clean = 0, []
    for text in docs:
        analysis, p, marked = scored_marks(lex, models, table, cut, pool, text)
        words, clean = words + len(analysis.tokens), clean + [p[marked]]
    clean = np.concatenate(clean)
    print(f"min {cut} pool {pool}: clean {len(clean)} marks ({1000 * len(clean) / words:.3f} per 1,000 words), "
          f"median probability {np.median(clean) if len(clean) else 0:.3f}; findings they would make at a ratio "
          + ", ".join(f"{r}: {int((weighted(clean, r) >= threshold).sum())}" for r in (10, 30, 100)))
    for profile, rate in (("names", 0.2), ("mixed", 0.2), ("mixed", 0.4)):
        ps, ms, ys = [], [], []
        for seed, text in enumerate(docs):
            result = spin(text, profile, rate, seed=seed)
            analysis, p, marked = scored_marks(lex, models, table, cut, pool, result.text)
            ps.append(p), ms.append(marked)
            ys.append(np.array(replaced_candidates(analysis.tokens, analysis.candidates, result.changes), dtype=bool))
        p, marked, replaced = np.concatenate(ps), np.concatenate(ms), np.concatenate(ys)
        new = [(weighted(p, np.where(marked, r, 1.0)) >= threshold) & (p < threshold) for r in (10, 30, 100)]
        print(f"  {profile} {rate:.0%}: marks on {int((marked & replaced).sum())} of {int(replaced.sum())} replaced "
              f"candidates, {int((marked & ~replaced).sum())} of {int((~replaced).sum())} unchanged; conditioned "
              f"ratio {conditional_ratio(p, marked, replaced):.1f}; new findings replaced / unchanged at a ratio "
              + ", ".join(f"{r}: {int((n & replaced).sum())} / {int((n & ~replaced).sum())}"
                          for r, n in zip((10, 30, 100), new)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, nargs="+", default=[1.5, 2.5, 3.0])
    parser.add_argument("--pool", type=int, default=4)
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--conditional", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        table = sphinx.sphinx_bigrams(Path(work), float("-inf"))
    lex = lexicon.load()
    docs = training_documents(args.docs, seed=23)
    if args.conditional:
        for cut in args.min:
            conditional(lex, table, cut, args.pool, docs)
        return 0
    for cut in args.min:
        words = clean = 0
        for text in docs:
            tokens, marked = marks(lex, table, cut, args.pool, text)
            words, clean = words + len(tokens), clean + len(marked)
        counts = [0, 0, 0, 0]   # marked replaced, replaced, marked unchanged, unchanged
        for seed, text in enumerate(docs):
            result = spin(text, "names", 0.2, seed=seed)
            tokens, marked = marks(lex, table, cut, args.pool, result.text)
            for k in range(len(tokens)):
                start, end = tokens.starts[k], tokens.ends[k]
                replaced = any(c.start < end and start < c.end for c in result.changes)
                counts[0 if replaced else 2] += k in marked
                counts[1 if replaced else 3] += 1
        ratio = (counts[0] / max(counts[1], 1)) / max(counts[2] / max(counts[3], 1), 1e-9)
        print(f"min {cut} pool {args.pool}: clean {clean} marks in {words:,} words "
              f"({1000 * clean / words:.3f} per 1,000); names 20%: {counts[0]}/{counts[1]} replaced words "
              f"marked, {counts[2]}/{counts[3]} unchanged; likelihood ratio {ratio:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How much evidence a wider joint-pair search would be ("guardian firm" -> "parent company").

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_joint_pool [--docs 100]

The detector's joint-pair evidence (``detect.evidence.joint_pairs``) looks for a known collocation among
the first 4 x 4 ranked originals of two neighbouring candidates. Here the same search runs over
the first 8 and 16 originals of pairs the shipped search left unmarked, on training documents
spun (mixed profile) at 20% and 40%: the likelihood ratio is how much more often a mark falls on
a replaced word than on an unchanged one (1: no evidence). Seeded and deterministic.
Measured (docs/quality.md, "Tried and not kept"): 1.5-1.7, and below 1 for the rare marks at PMI >= 5.5.

With ``--channel``: the same pairs (first 16 originals each) scored as a noisy channel would, the
best pair's strength less both originals' log thesaurus-list sizes (the chance that a spinner
picks the written word for each), in bands, on clean and spun (mixed 20% and 40%) documents:
how much likelier a band is where both words were replaced than where neither was.
"""
from __future__ import annotations

import argparse

import numpy as np

from spindetect.detect import lexicon, pipeline
from spindetect.detect.evidence import joint_pairs  # noqa: E402
from spindetect.evaluate.run import training_documents  # noqa: E402
from spindetect.spinner import spin  # noqa: E402

SETTINGS = [(pool, strength, pmi) for pool in (8, 16) for strength in (4.0, 4.5) for pmi in (3.5, 4.5, 5.5)]


def leftover_pairs(lex, analysis, pool: int):
    """(token i, the pairs' left originals, right originals): every pair of neighbouring
    single-word candidates i, i + 1 that the shipped search left unmarked and whose observed
    pair no table knows, with each word's first ``pool`` originals crossed."""
    singles, tokens = analysis.candidates.singles, analysis.tokens
    ids = np.array([-1 if i is None else i for i in (lex.id(n) for n in tokens.norms)], dtype=np.int64)
    for i in singles:
        if i + 1 not in singles or tokens.brk[i + 1] or singles[i].features[joint_pairs.JOINT] != 0:
            continue
        if ids[i] < 0 or ids[i + 1] < 0 or lex.bigram(int(ids[i]), int(ids[i + 1])) is not None:
            continue
        a = singles[i].original_ids[:pool].astype(np.int64)
        b = singles[i + 1].original_ids[:pool].astype(np.int64)
        yield i, np.repeat(a, len(b)), np.tile(b, len(a))


def wide_marks(lex, analysis, pool: int, min_strength: float, min_pmi: float) -> set[int]:
    """Tokens of neighbouring single-word candidates (``leftover_pairs``) whose first ``pool``
    originals hold a pair at least that strong and associated."""
    marked = set()
    for i, left, right in leftover_pairs(lex, analysis, pool):
        strength = lex.bigrams(left, right)
        pmi = lex.pmi(strength, left, right)
        ok = ~np.isnan(strength) & (strength >= min_strength)
        if ok.any() and pmi[ok].max() >= min_pmi:
            marked.update((i, i + 1))
    return marked


def channel_scores(lex, analysis, replaced: set[int], pool: int = 16) -> list[tuple[float, bool, bool]]:
    """(best channel score or -inf without a known pair, both words replaced, neither replaced)
    per pair of ``leftover_pairs``."""
    out = []
    for i, left, right in leftover_pairs(lex, analysis, pool):
        score = lex.bigrams(left, right) - lex.fanout_by_id[left] - lex.fanout_by_id[right]
        best = float(np.nanmax(score)) if (~np.isnan(score)).any() else float("-inf")
        out.append((best, i in replaced and i + 1 in replaced, i not in replaced and i + 1 not in replaced))
    return out


def channel(lex, docs: list[str]) -> int:
    rows = []
    for seed, text in enumerate(docs):
        for rate in (0.0, 0.2, 0.4):
            result = spin(text, "mixed", rate, seed=seed) if rate else None
            analysis = pipeline.analyse_candidates(lex, result.text if result else text)
            tokens, changes = analysis.tokens, result.changes if result else []
            replaced = {k for k in range(len(tokens)) if any(
                c.start < tokens.ends[k] and tokens.starts[k] < c.end for c in changes)}
            rows.extend(channel_scores(lex, analysis, replaced))
    score, both, neither = (np.array(column) for column in zip(*rows))
    print(f"{len(rows)} pairs: both replaced {int(both.sum())}, neither {int(neither.sum())}")
    print("channel score   pairs  both replaced  neither   likelihood ratio (both vs neither)")
    for low, high in ((-np.inf, -50), (-50, 0), (0, 1), (1, 2), (2, 3), (3, 4), (4, np.inf)):
        band = (score >= low) & (score < high)
        hit, miss = int((band & both).sum()), int((band & neither).sum())
        ratio = (hit / max(both.sum(), 1)) / max(miss / max(neither.sum(), 1), 1e-9)
        label = "no known pair" if high == -50 else f"[{low:g}, {high:g})"
        print(f"{label:14s} {int(band.sum()):7d}  {hit:13d}  {miss:7d}   {ratio:16.2f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--channel", action="store_true")
    args = parser.parse_args()
    lex = lexicon.load()
    if args.channel:
        return channel(lex, training_documents(args.docs, seed=23))
    counts = {s: [0, 0, 0, 0] for s in SETTINGS}   # marked replaced, replaced, marked unchanged, unchanged
    for seed, text in enumerate(training_documents(args.docs, seed=23)):
        for rate in (0.2, 0.4):
            result = spin(text, "mixed", rate, seed=seed)
            analysis = pipeline.analyse_candidates(lex, result.text)
            tokens = analysis.tokens
            replaced = {k for k in range(len(tokens)) if any(
                c.start < tokens.ends[k] and tokens.starts[k] < c.end for c in result.changes)}
            for setting in SETTINGS:
                marked = wide_marks(lex, analysis, *setting)
                for k in analysis.candidates.singles:
                    row = counts[setting]
                    row[0 if k in replaced else 2] += k in marked
                    row[1 if k in replaced else 3] += 1
    print("pool strength  pmi   marked replaced       marked unchanged     likelihood ratio  precision")
    for (pool, strength, pmi), (mr, r, mu, u) in counts.items():
        ratio = (mr / max(r, 1)) / max(mu / max(u, 1), 1e-9)
        print(f"{pool:4d} {strength:8.1f} {pmi:4.1f}   {mr:6d} / {r:<8d}   {mu:6d} / {u:<8d}   {ratio:16.2f}  "
              f"{mr / max(mr + mu, 1):9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

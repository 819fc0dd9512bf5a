"""Is a WordNet compound restored by a candidate's original evidence of substitution?

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_compounds [--docs 60]

"synthetic intelligence" -> "artificial intelligence": the original forms a WordNet two-word
lemma with the neighbour, the observed word does not. A candidate is marked when one of its
first ``--pool`` ranked originals makes such a compound with its left or right neighbour and
the observed word makes none. On training documents spun (mixed) at 20% and 40%, per band of
the shipped model's in-context probability, the likelihood ratio is how much more often a mark
falls on a replaced word than on an unchanged one (1: no evidence beyond the model's). Two sets
of compounds: every two-word lemma, and noun lemmas (not also verbs) of two content words
(each under zipf 5.3, longer than two letters). Seeded and deterministic.
Measured (docs/quality.md, "Tried and not kept"): 1.1-1.9 in every band a mark could lift.
"""
from __future__ import annotations

import argparse
from collections import defaultdict

import numpy as np

from spindetect.detect import lexicon, model, pipeline, scoring  # noqa: E402
from spindetect.evaluate.metrics import replaced_candidates  # noqa: E402
from spindetect.evaluate.run import training_documents  # noqa: E402
from spindetect.spinner import spin  # noqa: E402

BANDS = [0.0, 0.05, 0.1, 0.2, 0.4, 1.01]
CONTENT_ZIPF = 5.3


def compounds(lex, nouns_only: bool) -> set[tuple[str, str]]:
    from nltk.corpus import wordnet as wn
    out = set()
    for name in wn.all_lemma_names():
        parts = name.lower().split("_")
        if len(parts) != 2 or not all(p.isalpha() for p in parts):
            continue
        noun = bool(wn.synsets(name, "n"))
        if nouns_only:
            ids = [lex.id(p) for p in parts]
            if not noun or wn.synsets(name, "v") or any(i is None or lex.zipf_by_id[i] >= CONTENT_ZIPF or len(p) <= 2
                                                         for i, p in zip(ids, parts)):
                continue
        out.add((parts[0], parts[1]))
        if noun:
            out.add((parts[0], parts[1] + "s"))
    return out


def marked(analysis, known: set[tuple[str, str]], pool: int) -> set[int]:
    """Single-word candidates (their index) whose original restores a compound the word does not make."""
    tokens = analysis.tokens
    norms, breaks = tokens.norms, tokens.breaks()
    out = set()
    for index in range(len(analysis.candidates.singles)):
        k = analysis.candidates[index].first
        left = norms[k - 1] if k > 0 and not breaks[k] else None
        right = norms[k + 1] if k + 1 < len(norms) and not breaks[k + 1] else None

        def makes(word):
            return (left is not None and (left, word) in known) or (right is not None and (word, right) in known)

        if makes(norms[k]):
            continue
        if any(" " not in o and makes(o) for o in analysis.candidates[index].originals[:pool]):
            out.add(index)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--pool", type=int, default=4)
    args = parser.parse_args()
    lex, models = lexicon.load(), model.load()
    sets = {"all two-word lemmas": compounds(lex, False), "noun compounds of content words": compounds(lex, True)}
    counts = {name: defaultdict(lambda: [0, 0, 0, 0]) for name in sets}   # marked replaced, replaced, marked unchanged, unchanged
    for seed, text in enumerate(training_documents(args.docs, seed=23)):
        for rate in (0.2, 0.4):
            result = spin(text, "mixed", rate, seed=seed)
            analysis = pipeline.analyse_candidates(lex, result.text)
            in_context, _ = scoring.score_document(models, analysis, len(analysis.tokens))
            singles = len(analysis.candidates.singles)
            replaced = replaced_candidates(analysis.tokens, analysis.candidates, result.changes)[:singles]
            bands = np.searchsorted(BANDS, in_context[:len(replaced)], side="right") - 1
            for name, known in sets.items():
                marks = marked(analysis, known, args.pool)
                for index, (was_replaced, band) in enumerate(zip(replaced, bands)):
                    row = counts[name][int(band)]
                    row[0 if was_replaced else 2] += index in marks
                    row[1 if was_replaced else 3] += 1
    for name, known in sets.items():
        print(f"{name} ({len(known):,} pairs with noun plurals); first {args.pool} originals")
        print("  in-context band   marked replaced   marked unchanged   likelihood ratio")
        for band, (mr, r, mu, u) in sorted(counts[name].items()):
            ratio = (mr / max(r, 1)) / max(mu / max(u, 1), 1e-9)
            print(f"  {BANDS[band]:.2f}-{min(BANDS[band + 1], 1.0):.2f}       {mr:6d} / {r:<7d}  {mu:6d} / {u:<7d}  {ratio:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

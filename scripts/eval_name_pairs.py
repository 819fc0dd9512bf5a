"""Would a general bigram table tell spun names? Measured, not shipped (docs/quality.md).

    NLTK_DATA=../shared/nltk_data python scripts/eval_name_pairs.py [--min 1.5 2.5 3.0] [--pool 4]

Candidate evidence: a capitalised word inside a name (``names.capitalised_runs``, not a
sentence's first word) whose pair with a neighbour inside the name no table knows, while one of
its first ``--pool`` ranked originals forms a pair with that neighbour that CMU Sphinx's
bigram table knows at least ``--min`` strong ("Enterprise Insider" -> "business insider").
Printed per cut: marks per 1,000 words of clean training documents (each mark would be close to
a false finding) and, on the same documents spun with the ``names`` profile at 20%, how often a
mark falls on a replaced word against an unchanged one. Needs ``pip install pocketsphinx``
(build time only, as ``python -m spindetect.build.lexicon --sphinx-min``). Seeded, deterministic.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spindetect.analyse import detector, lexicon  # noqa: E402
from spindetect.analyse.names import CONNECTORS, capitalised_runs  # noqa: E402
from spindetect.build import sphinx  # noqa: E402
from spindetect.evaluate.run import training_documents  # noqa: E402
from spindetect.spinner import spin  # noqa: E402


def marks(lex, table: dict, cut: float, pool: int, text: str):
    analysis = detector.analyse_candidates(lex, text)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, nargs="+", default=[1.5, 2.5, 3.0])
    parser.add_argument("--pool", type=int, default=4)
    parser.add_argument("--docs", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        table = sphinx.sphinx_bigrams(Path(work), float("-inf"))
    lex = lexicon.load()
    docs = training_documents(args.docs, seed=23)
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

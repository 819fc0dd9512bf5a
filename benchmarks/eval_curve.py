"""The operating curve: clean false findings against span precision and recall, over thresholds.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_curve [--docs 40] [--profile mixed] [--rate 0.2] [--consistent]

On the held-out genres of ``spindetect eval`` (same sample and seeds), each document is scanned
clean and spun. Findings are chosen greedily by probability, as the scanner does, so the findings
above a threshold are a prefix of one list: the script prints, for finding thresholds from 0.40
to 0.95, the false findings per 1,000 clean words and the precision and recall of findings on the
spun copies (a finding is right when it overlaps a change; recall is the share of changes a finding
overlaps). Compare two
lexicons or models at the same clean false-finding rate, not at their own shipped thresholds:
a change that only moves the operating point looks like a gain in recall. A second table gives
precision and recall of findings inside the spun copies the document model calls spun, for
thresholds from 0.20 (where the scanner's ``finding_in_spun`` threshold applies; ``--judged-above S``:
only those scoring at least S). ``--join 3000``
measures long texts: each genre's documents joined into texts of ~3,000 words. With ``--consistent``
the spinner rewrites a word the same way wherever it occurs, as dictionary spinners do.
``--texts FILE...`` measures your own clean texts instead (``--spins N``: N spun copies of each,
spinner seeds number + 1 + k x texts), e.g. the four clean seeds and fixtures/clean.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from spindetect.detect import findings, lexicon, model, pipeline, scoring  # noqa: E402
from spindetect.detect.tokens import word_count  # noqa: E402
from spindetect.evaluate import corpora  # noqa: E402
from spindetect.evaluate.metrics import document_scores  # noqa: E402
from spindetect.ingest.markup import prose_of  # noqa: E402
from spindetect.spinner import spin  # noqa: E402

FLOOR = 0.2


def greedy_findings(lex, models, text: str) -> tuple[list[tuple[int, int, float]], float]:
    """(start, end, probability) of the non-overlapping candidates at or above FLOOR, and the score."""
    analysis = pipeline.analyse_candidates(lex, text)
    probabilities, score = scoring.score_document(models, analysis, word_count(text))
    tokens = analysis.tokens
    return [(tokens[first].start, tokens[last].end, p)
            for first, last, _, p in findings.greedy_choice(analysis, probabilities, FLOOR)], score


def at_threshold(threshold, found_p, found_hit, change_p) -> tuple[float, float, int]:
    """Precision of the findings at or above ``threshold``, the share of changes such a finding
    overlaps, and how many findings there are."""
    chosen = found_p >= threshold
    precision = found_hit[chosen].mean() if chosen.any() else 0.0
    recall = (change_p >= threshold).mean() if len(change_p) else 0.0
    return precision, recall, int(chosen.sum())


@dataclass
class Tally:
    """What the script prints, gathered document by document."""
    scores: list = field(default_factory=list)       # clean and spun copies, in turn
    labels: list = field(default_factory=list)
    spun_p: list = field(default_factory=list)       # findings on spun copies
    spun_hit: list = field(default_factory=list)
    change_p: list = field(default_factory=list)     # the most probable finding over each change (0: none)
    judged: tuple = field(default_factory=lambda: ([], [], []))   # the same three, copies judged spun

    def add_spun(self, found, score: float, changes, judged_from: float) -> None:
        self.scores.append(score)
        self.labels.append(True)
        hits = [any(c.start < end and start < c.end for c in changes) for start, end, _ in found]
        best_over = [max((p for start, end, p in found if c.start < end and start < c.end), default=0.0)
                     for c in changes]
        self.spun_p += [p for _, _, p in found]
        self.spun_hit += hits
        self.change_p += best_over
        if score >= judged_from:
            for kept, values in zip(self.judged, ([p for _, _, p in found], hits, best_over)):
                kept += values


def joined(docs: list[tuple[str, str, str]], words: int) -> list[tuple[str, str, str]]:
    """Each genre's documents joined, in order, into texts of at least ``words`` words (a last,
    shorter remainder is dropped): long texts made of the same held-out text."""
    out, current = [], []
    for genre in corpora.GENRES:
        for doc_genre, _, text in docs:
            if doc_genre == genre:
                current.append(text)
                if sum(len(t.split()) for t in current) >= words:
                    out.append((genre, "joined", "\n\n".join(current)))
                    current = []
        current = []
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40, help="held-out documents per genre")
    parser.add_argument("--profile", default="mixed")
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--consistent", action="store_true", help="one synonym per word, everywhere")
    parser.add_argument("--sample-seed", type=int, default=1, help="which held-out sample (eval's is 1)")
    parser.add_argument("--model", help="a model.json to measure instead of the shipped one")
    parser.add_argument("--judged-above", type=float, metavar="S",
                        help="the second table: only spun copies whose spin score is at least S "
                             "(default: the model's 'spun' threshold)")
    parser.add_argument("--join", type=int, metavar="WORDS",
                        help="long texts: join each genre's documents into texts of about WORDS words")
    parser.add_argument("--texts", nargs="+", metavar="FILE",
                        help="clean texts of your own to measure on instead of the held-out corpora")
    parser.add_argument("--spins", type=int, default=1, help="spun copies of each clean text (spinner seeds)")
    args = parser.parse_args()
    lex = lexicon.load()
    models = model.from_file(args.model) if args.model else model.load()
    if args.texts:
        docs = [("custom", path, prose_of(Path(path).read_text(encoding="utf-8"), path, False).text) for path in args.texts]
    else:
        docs = corpora.held_out(corpora.GENRES, args.docs, args.sample_seed)
    if args.join:
        docs = joined(docs, args.join)
    judged_from = models.thresholds["spun"] if args.judged_above is None else args.judged_above
    clean_words, clean_p, tally = 0, [], Tally()
    for number, (_, _, text) in enumerate(docs):
        found, score = greedy_findings(lex, models, text)
        clean_words += word_count(text)
        clean_p += [p for _, _, p in found]
        for copy in range(args.spins):
            tally.scores.append(score)
            tally.labels.append(False)
            seed = number + 1 + copy * len(docs)      # one copy: the document's number + 1, as before
            result = spin(text, args.profile, args.rate, seed=seed, consistent=args.consistent)
            tally.add_spun(*greedy_findings(lex, models, result.text), result.changes, judged_from)
    clean_p, spun_p, spun_hit, change_p = (np.array(clean_p), np.array(tally.spun_p),
                                           np.array(tally.spun_hit, dtype=bool), np.array(tally.change_p))
    scores, labels = tally.scores, tally.labels
    kind = "clean texts" if args.texts else "held-out documents"
    print(f"{len(docs)} {kind} ({args.spins} spun copies each), clean and spun ({args.profile} {args.rate:.0%}"
          f"{', consistent' if args.consistent else ''}): "
          f"{clean_words:,} clean words, {len(change_p):,} changes; shipped thresholds {models.thresholds}")
    for threshold in np.arange(0.40, 0.951, 0.05):
        precision, recall, _ = at_threshold(threshold, spun_p, spun_hit, change_p)
        print(f"threshold {threshold:.2f}: clean false findings {1000 * (clean_p >= threshold).sum() / clean_words:5.2f}"
              f" per 1,000 words; spun precision {precision:.3f}, recall {recall:.3f}")
    judged_p, judged_hit, judged_change_p = (np.array(tally.judged[0]), np.array(tally.judged[1], dtype=bool),
                                             np.array(tally.judged[2]))
    judged = int((np.array(scores[1::2]) >= judged_from).sum())
    print(f"inside the {judged} spun copies with a spin score of at least {judged_from:g} ({len(judged_change_p):,} "
          f"changes), finding threshold from {FLOOR:.2f}:")
    for threshold in np.arange(FLOOR, 0.601, 0.05):
        precision, recall, chosen = at_threshold(threshold, judged_p, judged_hit, judged_change_p)
        print(f"threshold {threshold:.2f}: precision {precision:.3f}, recall {recall:.3f}, findings {chosen}")
    doc = document_scores(labels, [s >= models.thresholds["spun"] for s in scores], scores)
    print(f"documents: AUC {doc.auc:.3f}; at the 'spun' threshold precision {doc.precision:.3f} recall {doc.recall:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run-time context (``--context``): the language model re-reads the likeliest candidates.

The lexical detector proposes; the model confirms. Every candidate whose first-pass
probability is at least ``FLOOR`` is written out again with its likely originals in its place,
and the model scores each version's words and the few words after them, given the text before
(``lm.scorer``):

    delta = log P(original and what follows | left) - log P(observed and what follows | left)
            - log (frequency of the original / frequency of the observed word)

of the best-scoring original: what the context adds to how much more common the original is
(a modern model prefers "have" to "possess" in any sentence; a formal text is no spun one). The model is offered the lexicon's first ``ORIGINALS`` and reads
on the ``READ_ON`` whose first token it finds likeliest after the left context (that token's
probability comes free with the context). The best original goes first among the candidate's
suggestions (the model ranks originals far better than bigram tables: "guardian firm" ->
"parent company"), and ``delta`` enters scoring as a likelihood ratio on the candidate's odds,
one per band of delta (``context.json``, measured by ``python -m
spindetect.datafiles.context_ratios`` on spun training text the span model never saw, its own
probability held fixed). Alone the model is no detector (it prefers its favourite wording
everywhere); it only moves candidates the lexicon already found.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import lexicon
from .analysis import Analysis, Marked
from .candidates import FEATURES
from .model import Models
from .tokens import match_case

FLOOR = 0.15           # first-pass probability a candidate needs to be re-read
ORIGINALS = 12         # its best originals offered to the model ...
READ_ON = 3            # ... which reads on the ones whose first token it finds likeliest
PAIR_ORIGINALS = 4     # two neighbouring candidates: each one's best originals, in every combination
LEFT_CHARS = 120       # left context read, cut back to a word start ...
LEFT_TOKENS = 16       # ... of which the model reads the last so many tokens
RIGHT_TOKENS = 2       # words after the span scored with it
REASON = "the language model reads the original as the likelier wording here"


@dataclass(frozen=True)
class Ratios:
    """Likelihood ratio per band of delta: band k is edges[k-1] <= delta < edges[k]."""
    edges: tuple[float, ...]
    ratios: tuple[float, ...]

    def of(self, delta: np.ndarray) -> np.ndarray:
        return np.asarray(self.ratios)[np.searchsorted(np.asarray(self.edges), delta, side="right")]


@lru_cache(maxsize=1)
def _shipped() -> dict:
    from .. import data

    return json.loads(Path(data.path("context.json")).read_text(encoding="utf-8"))


def shipped_ratios() -> Ratios:
    return Ratios(tuple(_shipped()["edges"]), tuple(_shipped()["ratios"]))


def shipped_rank_weight() -> float:
    """Nats an original gives up per step of log(1 + its rank in the lexicon's list): the
    model's reading and the thesaurus channel together choose the original shown first (the
    model alone prefers whatever reads most fluently: "buy" -> "approach")."""
    return float(_shipped().get("rank_weight", 0.0))


@dataclass
class Reread:
    """The model's reading of the re-read candidates (indices into the analysis's candidates)."""
    candidates: np.ndarray     # candidate index
    delta: np.ndarray          # best original's log-probability over the observed words'
    best: np.ndarray           # which of the candidate's originals to show first
    scores: list[np.ndarray]   # per candidate, its own reading: as written, then each original offered


def pick(models: Models, analysis: Analysis) -> np.ndarray:
    """The candidates worth the model's time: first-pass probability at least FLOOR."""
    if not len(analysis.candidates):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(models.span.predict(analysis.features) >= FLOOR)


def reread(lm, analysis: Analysis, text: str, chosen: np.ndarray, rank_weight: float | None = None) -> Reread:
    """Score each chosen candidate's observed words and its best originals in context; two
    chosen neighbouring words are also read together, their best PAIR_ORIGINALS originals each
    in every combination ("guardian firm" -> "parent company"), and a word keeps the better of
    its own reading and the pair's. The original shown first is the one whose reading, less
    ``rank_weight`` x log(1 + its rank in the lexicon's list), is best."""
    rank_weight = shipped_rank_weight() if rank_weight is None else rank_weight
    tokens, candidates = analysis.tokens, analysis.candidates
    spans = [(candidates[k].first, candidates[k].last) for k in chosen.tolist()]
    lefts, options = [], []
    for k, (first, last) in zip(chosen.tolist(), spans):
        cand = candidates[k]
        alternatives = [[cand.original(r)] for r in range(min(ORIGINALS, cand.count_originals()))]
        _rewrites(text, tokens, first, last, alternatives, lefts, options)
    pairs = _neighbours(chosen, spans, tokens)
    for a, b in pairs:
        one, two = candidates[int(chosen[a])], candidates[int(chosen[b])]
        combos = [[one.original(i), two.original(j)] for i in range(min(PAIR_ORIGINALS, one.count_originals()))
                  for j in range(min(PAIR_ORIGINALS, two.count_originals()))]
        _rewrites(text, tokens, spans[a][0], spans[b][0], combos, lefts, options)
    scores = lm.continuations(lefts, options, LEFT_TOKENS, READ_ON)
    frequency = [_frequency_gain(candidates[k], len(s) - 1) for k, s in zip(chosen.tolist(), scores)]
    delta = np.array([(s[1:] - f).max() - s[0] if len(s) > 1 else 0.0 for s, f in zip(scores, frequency)])
    best = np.array([int(np.argmax(s[1:] - rank_weight * np.log1p(np.arange(len(s) - 1)))) if len(s) > 1 else 0
                     for s in scores[:len(chosen)]], dtype=np.int64)
    alone = delta.copy()
    for (a, b), s in zip(pairs, scores[len(chosen):]):
        if len(s) < 2:
            continue
        second = min(PAIR_ORIGINALS, candidates[int(chosen[b])].count_originals())    # (combinations are a-major)
        ranks = np.arange(len(s) - 1)
        top = int(np.argmax(s[1:] - rank_weight * (np.log1p(ranks // second) + np.log1p(ranks % second))))
        gain = frequency[a][:PAIR_ORIGINALS][ranks // second] + frequency[b][:PAIR_ORIGINALS][ranks % second]
        joint = float((s[1:] - gain).max() - s[0])
        # a word's share of the pair's gain is what the pair adds to its partner's own rewrite:
        # "halt synthetic" -> "determine artificial" gains no more than "artificial" alone
        for at, partner, pick in ((a, b, top // second), (b, a, top % second)):
            share = joint - max(float(alone[partner]), 0.0)
            if share > delta[at]:
                delta[at], best[at] = share, pick
    return Reread(chosen, delta, best, scores[:len(chosen)])


def _frequency_gain(cand, offered: int) -> np.ndarray:
    """Per original offered (the first ``offered``): how much more common it is than the word as
    written, in nats (0 for a phrase). The model's preference minus this is what the context
    adds: a modern model finds "have" likelier than "possess" anywhere, and a formal or old text
    is no spun one."""
    if cand.first != cand.last or cand.original_ids is None or not offered:
        return np.zeros(max(offered, 0))
    observed = float(cand.features[FEATURES.index("zipf_observed")])
    return (lexicon.load().zipf_by_id[cand.original_ids[:offered]].astype(np.float64) - observed) * np.log(10.0)


def _rewrites(text: str, tokens, first: int, last: int, alternatives: list[list[str]], lefts, options) -> None:
    """One left context and its options: tokens first..last as written, then with each
    alternative (one word per token, or one phrase for the whole span), each followed by the
    RIGHT_TOKENS words after the span."""
    start, end = tokens.starts[first], tokens.ends[last]
    after = tokens.ends[min(last + RIGHT_TOKENS, len(tokens) - 1)]
    left, gap = _left(text, start)
    observed, right = text[start:end], text[end:after]
    written = [gap + observed + right]
    for words in alternatives:
        if len(words) == 1:
            rewritten = match_case(words[0], observed)
        else:        # a neighbouring pair: each original after its own word's case, the gap between kept
            rewritten = (match_case(words[0], tokens.words[first]) + text[tokens.ends[first]:tokens.starts[last]]
                         + match_case(words[1], tokens.words[last]))
        written.append(gap + rewritten + right)
    lefts.append(left)
    options.append(written)


def _neighbours(chosen: np.ndarray, spans: list[tuple[int, int]], tokens) -> list[tuple[int, int]]:
    """Positions (a, b) in ``chosen`` of single-word candidates at tokens i and i + 1 (no break
    between)."""
    at = {first: n for n, (first, last) in enumerate(spans) if first == last}
    brk = tokens.brk
    return [(n, at[i + 1]) for i, n in sorted(at.items()) if i + 1 in at and not brk[i + 1]]


def _left(text: str, start: int) -> tuple[str, str]:
    """The left context (whole words, at most LEFT_CHARS, no trailing space) and the space
    between it and the span (one space, or nothing)."""
    lo = max(0, start - LEFT_CHARS)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else start
    left = " ".join(text[lo:start].split())
    gap = " " if left and text[start - 1:start].isspace() else ""
    return left, gap


def confirm(lm, models: Models, analysis: Analysis, text: str, ratios: Ratios | None = None) -> Reread:
    """Re-read the likeliest candidates; put the model's best original first and add its
    likelihood ratios to the analysis's marks (``context`` for, ``context_against`` against)."""
    found = reread(lm, analysis, text, pick(models, analysis))
    ratios = ratios or shipped_ratios()
    for k, best in zip(found.candidates.tolist(), found.best.tolist()):
        analysis.candidates[k].promote(best)
    ratio = np.ones(len(analysis.candidates))
    ratio[found.candidates] = ratios.of(found.delta)
    if (ratio > 1).any():
        analysis.marked["context"] = Marked(ratio > 1, np.where(ratio > 1, ratio, 1.0), REASON)
    if (ratio < 1).any():
        analysis.marked["context_against"] = Marked(ratio < 1, np.where(ratio < 1, ratio, 1.0))
    return found

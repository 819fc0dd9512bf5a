"""Run-time context (``--context``): the language model re-reads the likeliest candidates.

The lexical detector proposes; the model confirms. Every candidate whose first-pass
probability is at least ``FLOOR`` is written out again with its likely originals in its place,
and the model scores each version's words and the few words after them, given the text before
(``lm.scorer``):

    delta = log P(original and what follows | left) - log P(observed and what follows | left)
            - log (frequency of the original / frequency of the observed word)

of the best-scoring original: what the context adds to how much more common the original is
(a modern model prefers "have" to "possess" in any sentence; a formal text is no spun one). The
model is offered the lexicon's first ``ORIGINALS`` and the rest of the word's thesaurus list that
it reads as one token (``offer``), and reads on the ``READ_ON`` whose words it finds likeliest
after the left context; an "a"/"an" before the word is read with it, fitted to each original.
Two neighbouring candidates are also read as a pair (``_read_pairs``). The best original goes
first among the candidate's suggestions (the model ranks originals far better than bigram
tables: "guardian firm" -> "parent company"), and ``delta`` enters scoring as a likelihood ratio
on the candidate's odds, one per band of delta (``context.json``, measured by ``python -m
spindetect.datafiles.context_ratios`` on spun training text the span model never saw, the
candidate's probability in its document's context held fixed); the document model reads the
probabilities it gives, so the verdict takes the model in (``pipeline``). Alone the model is no
detector (it prefers its favourite wording everywhere); it only moves candidates the lexicon
already found.
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
ORIGINALS = 12         # the lexicon's best originals offered to the model, and ...
WIDE = 96              # ... the rest of the word's thesaurus list up to here, where one token
READ_ON = 3            # the model reads on the ones whose words it finds likeliest
PAIR_READ = 6          # two neighbouring candidates: the pairs of originals read on, of all pairs
PAIR_LEFT_TOKENS = 16  # a pair's left context
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
    best: np.ndarray           # which of the originals offered to show first
    scores: list[np.ndarray]   # per candidate, its own reading: as written, then each original offered
    offered: list[list[str]]   # per candidate, the originals offered (lowercase), in rank order

    def best_original(self, n: int) -> str:
        return self.offered[n][int(self.best[n])]


def pick(models: Models, analysis: Analysis) -> np.ndarray:
    """The candidates worth the model's time: first-pass probability at least FLOOR."""
    if not len(analysis.candidates):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(models.span.predict(analysis.features) >= FLOOR)


def reread(lm, analysis: Analysis, text: str, chosen: np.ndarray, rank_weight: float | None = None) -> Reread:
    """Score each chosen candidate's observed words and its originals in context (``offer``);
    two chosen neighbouring words are also read together, every pair of their originals scored
    at once and the PAIR_READ likeliest read on (``_combinations``: "irregular backwoods" ->
    "random forest"), and a word keeps the better of its own reading and the pair's. The original shown first is the one whose reading, less ``rank_weight`` x log(1 +
    its rank among those offered), is best."""
    rank_weight = shipped_rank_weight() if rank_weight is None else rank_weight
    tokens, candidates = analysis.tokens, analysis.candidates
    spans = [(candidates[k].first, candidates[k].last) for k in chosen.tolist()]
    offered = [offer(lm, candidates[k], tokens.words[first]) for k, (first, _) in zip(chosen.tolist(), spans)]
    lefts, options = [], []
    for (first, last), words in zip(spans, offered):
        _rewrites(text, tokens, first, last, [[w] for w in words], lefts, options)
    scores = lm.continuations(lefts, options, LEFT_TOKENS, READ_ON, _head_words(text, tokens, spans))
    frequency = [_frequency_gain(candidates[k], words) for k, words in zip(chosen.tolist(), offered)]
    delta = np.array([(s[1:] - f).max() - s[0] if len(s) > 1 else 0.0 for s, f in zip(scores, frequency)])
    best = np.array([int(np.argmax(s[1:] - rank_weight * np.log1p(np.arange(len(s) - 1)))) if len(s) > 1 else 0
                     for s in scores], dtype=np.int64)
    _read_pairs(lm, text, tokens, spans, offered, frequency, rank_weight, delta, best)
    return Reread(chosen, delta, best, scores, offered)


def offer(lm, cand, observed: str) -> list[str]:
    """The originals the model is offered for a candidate: the lexicon's first ORIGINALS as it
    ranks them, then, for a single word, the rest of the word's thesaurus list (up to WIDE) that
    the model reads as one token as written here (their probability comes free with the left
    context, so the model can find "deep" for "profound" or "random" for "irregular" wherever
    the lexicon ranked them)."""
    own = [cand.original(r) for r in range(min(ORIGINALS, cand.count_originals()))]
    if cand.first != cand.last or cand.original_ids is None:
        return own
    lex = lexicon.load()
    word_id = lex.id(observed.lower())
    if word_id is None:
        return own
    taken = set(own)
    rest = [lex.words[int(i)] for i in lex.originals(word_id)[0][:WIDE]]
    rest = [w for w in rest if w not in taken]
    return own + [w for w, one in zip(rest, lm.one_token([match_case(w, observed) for w in rest])) if one]


def _read_pairs(lm, text, tokens, spans, offered, frequency, rank_weight, delta, best) -> None:
    """Read chosen neighbouring single words together (``reread``); a word whose share of the
    pair's gain beats its own reading takes the share and the pair's original."""
    pairs = _neighbours(spans, tokens)
    lefts, options, combos = [], [], []
    for a, b in pairs:
        combo = _combinations(lm, text, tokens, spans[a][0], spans[b][0], offered[a], offered[b],
                              frequency[a], frequency[b])
        _rewrites(text, tokens, spans[a][0], spans[b][0], [[offered[a][i], offered[b][j]] for i, j in combo],
                  lefts, options)
        combos.append(np.array(combo, dtype=np.int64).reshape(-1, 2))
    if not lefts:
        return
    alone = delta.copy()
    scores = lm.continuations(lefts, options, PAIR_LEFT_TOKENS)
    for (a, b), s, combo in zip(pairs, scores, combos):
        if len(s) < 2:
            continue
        i, j = combo[:, 0], combo[:, 1]
        top = int(np.argmax(s[1:] - rank_weight * (np.log1p(i) + np.log1p(j))))
        joint = float((s[1:] - frequency[a][i] - frequency[b][j]).max() - s[0])
        # a word's share of the pair's gain is what the pair adds to its partner's own rewrite:
        # "halt synthetic" -> "determine artificial" gains no more than "artificial" alone
        for at, partner, choice in ((a, b, i[top]), (b, a, j[top])):
            share = joint - max(float(alone[partner]), 0.0)
            if share > delta[at]:
                delta[at], best[at] = share, choice


def _combinations(lm, text, tokens, first: int, second: int, one: list[str], two: list[str],
                  gain_one: np.ndarray, gain_two: np.ndarray) -> list[tuple[int, int]]:
    """The PAIR_READ pairs of originals (indices into each word's offered originals) that the
    model finds likeliest together after the text before the pair, less their frequency gains
    (``LanguageModel.grid``: every pair, the second word by its first token). Neither word alone
    shows the way when both were replaced: after "The", "second" reads better than "random",
    and after "The irregular", "stick" better than "forest"; "random forest" is what "irregular
    backwoods" was."""
    left, opening = _opening(text, tokens, first)
    firsts = [opening(match_case(word, tokens.words[first])) for word in one]
    between = text[tokens.ends[first]:tokens.starts[second]]
    seconds = [between + match_case(word, tokens.words[second]) for word in two]
    read = lm.grid(left, firsts, seconds, PAIR_LEFT_TOKENS) - gain_one[:, None] - gain_two[None, :]
    top = np.argsort(-read, axis=None, kind="stable")[:PAIR_READ]
    return sorted(zip(*(axis.tolist() for axis in np.unravel_index(top, read.shape))))


def _frequency_gain(cand, offered: list[str]) -> np.ndarray:
    """Per original offered: how much more common it is than the word as written, in nats (0
    for a phrase). The model's preference minus this is what the context adds: a modern model
    finds "have" likelier than "possess" anywhere, and a formal or old text is no spun one."""
    if cand.first != cand.last or cand.original_ids is None or not offered:
        return np.zeros(len(offered))
    observed = float(cand.features[FEATURES.index("zipf_observed")])
    lex = lexicon.load()
    ids = lex.ids(offered)
    zipf = np.where(ids >= 0, lex.zipf_by_id[np.maximum(ids, 0)].astype(np.float64), observed)
    return (zipf - observed) * np.log(10.0)


def _rewrites(text: str, tokens, first: int, last: int, alternatives: list[list[str]], lefts, options) -> None:
    """One left context and its options: tokens first..last as written, then with each
    alternative (one word per token, or one phrase for the whole span), each followed by the
    RIGHT_TOKENS words after the span."""
    start, end = tokens.starts[first], tokens.ends[last]
    after = tokens.ends[min(last + RIGHT_TOKENS, len(tokens) - 1)]
    left, opening = _opening(text, tokens, first)
    observed, right = text[start:end], text[end:after]
    written = [opening(observed, as_written=True) + right]
    for words in alternatives:
        if len(words) == 1:
            rewritten = match_case(words[0], observed)
        else:        # a neighbouring pair: each original after its own word's case, the gap between kept
            rewritten = (match_case(words[0], tokens.words[first]) + text[tokens.ends[first]:tokens.starts[last]]
                         + match_case(words[1], tokens.words[last]))
        written.append(opening(rewritten) + right)
    lefts.append(left)
    options.append(written)


def _opening(text: str, tokens, first: int):
    """The left context of a span starting at token ``first``, and a function that writes a
    version of the span after it: the space before it and, where an "a"/"an" comes just before
    the span, that article (read with the span, fitted to each original: "an irregular" -> "a
    random"; ``as_written`` keeps it as it is)."""
    start = tokens.starts[first]
    article = _article_before(text, tokens, first)
    left, gap = _left(text, start if article is None else tokens.starts[first - 1])
    lead = "" if article is None else text[tokens.starts[first - 1]:start]

    def opening(span: str, as_written: bool = False) -> str:
        if article is None or as_written:
            return gap + lead + span
        return gap + match_case(_article_for(span), article) + lead[len(article):] + span

    return left, opening


def _head_words(text: str, tokens, spans: list[tuple[int, int]]) -> list[int]:
    """Per span, the words of its options the model ranks them by: the first, and the article
    before it (``_rewrites`` reads it with them)."""
    return [1 + (_article_before(text, tokens, first) is not None) for first, _ in spans]


def _article_before(text: str, tokens, first: int) -> str | None:
    """The indefinite article just before token ``first`` ("a" or "an", as written), if any."""
    if first == 0 or tokens.words[first - 1].lower() not in ("a", "an"):
        return None
    if not text[tokens.ends[first - 1]:tokens.starts[first]].isspace():
        return None
    return tokens.words[first - 1]


def _article_for(word: str) -> str:
    """"an" before a written vowel, else "a" (by spelling: the model reads "a university" and
    "an hour" either way with a small cost, far less than an article that cannot fit)."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def _neighbours(spans: list[tuple[int, int]], tokens) -> list[tuple[int, int]]:
    """Positions (a, b) in the chosen candidates' ``spans`` of single-word candidates at tokens
    i and i + 1 (no break between)."""
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
    lex = lexicon.load()
    for n, k in enumerate(found.candidates.tolist()):
        cand = analysis.candidates[k]
        if cand.first == cand.last and cand.original_ids is not None:
            cand.put_first(lex.id(found.best_original(n)))
        else:
            cand.promote(int(found.best[n]))
    ratio = np.ones(len(analysis.candidates))
    ratio[found.candidates] = ratios.of(found.delta)
    if (ratio > 1).any():
        analysis.marked["context"] = Marked(ratio > 1, np.where(ratio > 1, ratio, 1.0), REASON)
    if (ratio < 1).any():
        analysis.marked["context_against"] = Marked(ratio < 1, np.where(ratio < 1, ratio, 1.0))
    return found

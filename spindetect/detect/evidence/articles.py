"""Articles: "such a amount" -> "such a quantity".

A spinner swaps the word after "a" or "an" and leaves the article as it was, so the article
still fits the original's first sound, not the new word's ("an extensive" -> "an huge"). A
candidate right after "a"/"an" whose first sound (CMUdict, ``Lexicon.first_sound``) disagrees
with the article, while one of its likely originals agrees and makes a known pair with it ("a
quantity"), is evidence of spinning that the span model never saw in training; that original
moves to the front, and scoring weighs the mark by ``RATIO``, measured by
``python -m benchmarks.eval_articles``. Nothing here lists words: the article's rule and the dictionary's
pronunciations decide.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..lexicon import Lexicon
from ..tokens import Tokens
from . import Context, Marks

ARTICLES = ("a", "an")
CONSONANT, VOWEL = 1, 2   # Lexicon.first_sound (0: unknown, or said both ways as "herb")
ARTICLE_MIN_PMI = 1.0     # log10: "took an", "such a" (2.5); not "the an" (-0.9) or "a an" (-0.5)
# below every ratio measured conditioned on the span model: 34 / 18 at mixed 20% / 40%, 66
# wordnet, 51 thesaurus
RATIO = 12.0
REASON = "the article before it fits the original, not the word written"


def takes_an(lex: Lexicon, word: str) -> bool | None:
    """Whether ``word`` is said with a vowel first ("an hour", "a union"); None when CMUdict
    does not know it or its pronunciations disagree."""
    word_id = lex.id(word)
    sound = 0 if word_id is None else int(lex.first_sound[word_id])
    return None if sound == 0 else sound == VOWEL


def mark(context: Context) -> Marks:
    """The article evidence of a text: the candidates that disagree with their article are
    marked (``mismatches``), their best fitting original goes first and their features follow
    it; elsewhere after an article, an original that fits it is shown first
    (``fitting_originals``)."""
    lex, tokens, ids, singles = context.lex, context.tokens, context.ids, context.singles
    marks = Marks(ratio=RATIO, reason=REASON, refeature=True)
    positions = article_positions(lex, tokens, ids, singles.tokens, context.capital)
    if not len(positions):
        return marks
    norms = tokens.norms
    wanted = np.array([VOWEL if norms[i - 1] == "an" else CONSONANT for i in positions.tolist()], dtype=np.uint8)
    marks.preferred = mismatches(lex, ids, singles, positions, wanted)
    marks.marked = sorted(token for token, _ in marks.preferred)
    # a marked word's first original now fits its article: only the others can need one that fits
    rest = ~np.isin(positions, marks.marked)
    marks.preferred += fitting_originals(lex, singles, positions[rest], wanted[rest])
    return marks


def article_positions(lex: Lexicon, tokens: Tokens, ids: np.ndarray, candidate_tokens: np.ndarray,
                      capital: np.ndarray) -> np.ndarray:
    """Token indices of lowercase candidates right after an article in the same phrase, the
    article written in lower case or starting its sentence ("Type A personality" is no article),
    and not out of place after the word before it."""
    a, an = _article_ids(lex)
    after = np.flatnonzero((ids[:-1] == a) | (ids[:-1] == an)) + 1
    if not len(after) or not len(candidate_tokens):
        return after[:0]
    brk = np.asarray(tokens.breaks())
    after = after[~brk[after] & ~capital[after]]
    at = np.minimum(np.searchsorted(candidate_tokens, after), len(candidate_tokens) - 1)
    after = after[candidate_tokens[at] == after]                  # a candidate (the tokens are sorted)
    # the article itself not out of place after the word before it (a known pair less than
    # ARTICLE_MIN_PMI above chance): "the an design" is a spun article ("the unique design"),
    # not a spun "design"; an unknown pair may be a spun word before a genuine article
    before = np.where(brk[after - 1] | (after < 2), -1, ids[np.maximum(after - 2, 0)])
    article = ids[after - 1]
    pmi = lex.pmi(lex.bigrams(before, article), before, article)
    after = after[(before < 0) | np.isnan(pmi) | (pmi >= ARTICLE_MIN_PMI)]
    words, starts = tokens.words, tokens.sent_start
    return np.array([i for i in after.tolist() if words[i - 1] in ARTICLES or starts[i - 1]], dtype=np.int64)


@lru_cache(maxsize=8)
def _article_ids(lex: Lexicon) -> tuple[int, int]:
    """The word ids of "a" and "an" (-1 for one the vocabulary lacks)."""
    a, an = lex.ids(list(ARTICLES)).tolist()
    return a, an


def mismatches(lex: Lexicon, ids: np.ndarray, singles, positions: np.ndarray,
               wanted: np.ndarray) -> list[tuple[int, int]]:
    """Of the candidates at ``positions`` (after an article asking for the first sound
    ``wanted``), those whose word disagrees with the article while one of its ranked originals
    agrees and forms a known pair with the article ("a of" in a typo has no such original), with
    the best such original: (token, word id). All the (article, original) pairs are looked up at
    once: a text may have one such word in ten."""
    observed = lex.first_sound[ids[positions]]
    disagree = (observed != 0) & (observed != wanted)
    positions, wanted = positions[disagree], wanted[disagree]
    if not len(positions):
        return []
    pools = singles.originals_of(positions.tolist())
    sizes = np.array([len(pool) for pool in pools])
    originals = np.concatenate(pools).astype(np.int64)
    fits = lex.first_sound[originals] == np.repeat(wanted, sizes)
    fits &= ~np.isnan(lex.bigrams(np.repeat(ids[positions - 1], sizes), originals))
    # the first fitting original of each position
    owner = np.repeat(np.arange(len(positions)), sizes)
    fitting = np.flatnonzero(fits)
    owners, first = np.unique(owner[fitting], return_index=True)
    return list(zip(positions[owners].tolist(), originals[fitting[first]].tolist()))


def fitting_originals(lex: Lexicon, singles, positions: np.ndarray, wanted: np.ndarray) -> list[tuple[int, int]]:
    """The article also says which originals are possible where it fits the word written: a
    spinner left it as the original had it, so "an enormous" was "an immense", not "a huge". For
    the candidates at ``positions`` whose first original does not fit the article, the best
    original that does: (token, word id). Only what is shown changes: the candidate's features
    (and so its probability) stay those of its best original in context."""
    pools = singles.originals_of(positions.tolist())
    if not pools:
        return []
    first = lex.first_sound[np.array([int(pool[0]) for pool in pools], dtype=np.int64)]
    misfit = np.flatnonzero((first != 0) & (first != wanted))     # the first original does not fit
    preferred = []
    for k in misfit.tolist():
        fits = np.flatnonzero(lex.first_sound[pools[k]] == wanted[k])
        if len(fits):
            preferred.append((int(positions[k]), int(pools[k][fits[0]])))
    return preferred

"""In-document evidence from the indefinite article: "such a amount" -> "such a quantity".

A spinner swaps the word after "a" or "an" and leaves the article as it was, so the article
still fits the original's first sound, not the new word's ("an extensive" -> "an huge"). A
candidate right after "a"/"an" whose pronunciation (CMUdict) disagrees with the article, while
one of its likely originals agrees and makes a known pair with it ("a quantity"), is evidence
of spinning that the span model never saw in training; that original moves to the front, and
scoring weighs the mark by ``scoring.ARTICLE_RATIO``, measured by scripts/eval_articles.py.
Nothing here lists words: the article's rule and the dictionary's pronunciations decide.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .lexicon import Lexicon
from .quality import cmu
from .tokens import Tokens

VOWEL_PHONES = frozenset({"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"})
ARTICLES = ("a", "an")
ARTICLE_MIN_PMI = 1.0     # log10: "took an", "such a" (2.5); not "the an" (-0.9) or "a an" (-0.5)


@lru_cache(maxsize=65_536)
def takes_an(word: str) -> bool | None:
    """Whether ``word`` is said with a vowel first ("an hour", "a union"); None when CMUdict
    does not know it or its pronunciations disagree ("herb")."""
    try:
        pronunciations = cmu()[word]
    except KeyError:
        return None
    kinds = {bool(phones) and phones[0][:2] in VOWEL_PHONES for phones in pronunciations}   # "AH0", "B"
    return kinds.pop() if len(kinds) == 1 else None


def article_positions(lex: Lexicon, tokens: Tokens, ids: np.ndarray, candidate_tokens: np.ndarray,
                      capital: np.ndarray) -> list[int]:
    """Token indices of lowercase candidates right after an article in the same phrase, the
    article written in lower case or starting its sentence ("Type A personality" is no article),
    and not out of place after the word before it."""
    article_ids = [i for i in lex.ids(list(ARTICLES)).tolist() if i >= 0]
    after = np.flatnonzero(np.isin(ids[:-1], article_ids)) + 1
    if not len(after):
        return []
    brk = np.asarray(tokens.breaks())
    after = after[~brk[after] & ~capital[after]]
    after = after[np.isin(after, candidate_tokens)]
    # the article itself not out of place after the word before it (a known pair less than
    # ARTICLE_MIN_PMI above chance): "the an design" is a spun article ("the unique design"),
    # not a spun "design"; an unknown pair may be a spun word before a genuine article
    before = np.where(brk[after - 1] | (after < 2), -1, ids[np.maximum(after - 2, 0)])
    article = ids[after - 1]
    pmi = (lex.bigrams(before, article) - lex.zipf_by_id[np.maximum(before, 0)] - lex.zipf_by_id[article] + 9.0)
    after = after[(before < 0) | np.isnan(pmi) | (pmi >= ARTICLE_MIN_PMI)]
    words, starts = tokens.words, tokens.sent_start
    return [i for i in after.tolist() if words[i - 1] in ARTICLES or starts[i - 1]]


def mark_article_mismatches(lex: Lexicon, tokens: Tokens, ids: np.ndarray, by_token, capital: np.ndarray) -> set[int]:
    """Token indices whose word disagrees with the article before it while one of its ranked
    originals agrees and forms a known pair with the article ("a of" in a typo has no such
    original); the best such original moves to the front. Returns the marked indices."""
    marked: set[int] = set()
    norms = tokens.norms
    for i in article_positions(lex, tokens, ids, by_token.tokens, capital):
        wants_an = norms[i - 1] == "an"
        observed = takes_an(norms[i])
        if observed is None or observed == wants_an:
            continue
        cand = by_token[i]
        pairs = lex.bigrams(np.full(len(cand.original_ids), ids[i - 1]), cand.original_ids)
        for position in np.flatnonzero(~np.isnan(pairs)).tolist():
            if takes_an(cand.original(position)) == wants_an:
                cand.promote(position)
                marked.add(i)
                break
    return marked


def originals_after_articles(lex: Lexicon, tokens: Tokens, ids: np.ndarray, by_token, capital: np.ndarray) -> int:
    """The article also says which originals are possible where it fits the word written: a
    spinner left it as the original had it, so "an enormous" was "an immense", not "a huge". For
    the candidates right after an article, the best original that fits the article moves to the
    front when the first does not. Only what is shown changes: the candidate's features (and so
    its probability) stay those of its best original in context. Returns how many moved."""
    positions = article_positions(lex, tokens, ids, by_token.tokens, capital)
    moved = 0
    norms = tokens.norms
    for i, first_id in zip(positions, by_token.first_originals(positions)):
        wants_an = norms[i - 1] == "an"
        first = takes_an(lex.words[first_id])
        if first is None or first == wants_an:
            continue                    # the first original fits (or its sound is unknown)
        cand = by_token[i]
        for position in range(1, cand.count_originals()):
            if takes_an(cand.original(position)) is wants_an:
                cand.promote(position)
                moved += 1
                break
    return moved


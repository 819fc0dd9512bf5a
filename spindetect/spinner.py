"""A synonym spinner that records exactly what it changed: labelled data for training and
red-teaming the detector.

Profiles: ``wordnet`` (WordNet synonyms, frequent ones preferred, as SpinBot-like tools do),
``thesaurus`` (Moby synonyms regardless of sense or frequency: tortured phrases), ``phrase``
(multiword rewrites), ``names`` (words inside capitalised names), ``mixed`` (all of them but
``fluent``), ``fluent`` (synonyms about as common as the word, chosen by how well they fit its
neighbours, as paraphrasing tools choose: a real spinner's rewrites mostly read as plain English,
"mentioned" for "said", "bought" for "purchased"; ``benchmarks/eval_real_spin.py``).
It draws on the shipped lexicon inverted (original -> words a thesaurus offers for it).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .detect import lexicon as lexicon_module
from .detect.lexicon import MOBY, WORDNET, Lexicon
from .detect.tokens import match_case, tokenize

PROFILES = ("wordnet", "thesaurus", "phrase", "names", "mixed", "fluent")
CONTENT_MAX_ZIPF = 6.0   # words more common than this are function words: left to the phrase profile
MIN_SYNONYM_ZIPF = 2.0   # a spinner's thesaurus offers real words, not the rarest junk
FREQUENCY_BIAS = 0.8     # "frequent" choice: weight of a synonym ~ (its frequency) ** 0.8
FLUENT_MAX_DROP = 1.0    # fluent: a synonym at most 10 times rarer than the word it replaces
FLUENT_UNSEEN = 1.0      # fluent: an unknown pair with a neighbour counts this far below the weakest known one


@dataclass
class Change:
    start: int          # offsets into the spun text
    end: int
    text: str
    original: str


@dataclass
class SpinResult:
    text: str
    changes: list[Change]


class Forward:
    """Original word id -> (written ids, source bits)."""

    def __init__(self, lex: Lexicon):
        counts = np.diff(lex.syn_indptr)
        written = np.repeat(np.arange(lex.n), counts)
        order = np.argsort(lex.syn_indices, kind="stable")
        self.targets = written[order]
        self.bits = lex.syn_bits[order]
        self.indptr = np.searchsorted(lex.syn_indices[order], np.arange(lex.n + 1))
        self.zipf = lex.zipf_by_id

    def options(self, original: int, source: int) -> list[int]:
        lo, hi = self.indptr[original], self.indptr[original + 1]
        keep = (self.bits[lo:hi] & source) > 0
        ids = self.targets[lo:hi][keep]
        return [int(i) for i in ids if self.zipf[i] >= MIN_SYNONYM_ZIPF]


@lru_cache(maxsize=1)
def _forward() -> Forward:
    return Forward(lexicon_module.load())


@lru_cache(maxsize=1)
def _phrase_forward() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for written, (_, originals) in lexicon_module.load().multiword_items():
        for original, _, _ in originals:
            if " " in original:
                out.setdefault(original, []).append(written)
    return out


def maybe_spun(text: str, rng, clean_share: float, profiles: tuple[str, ...], rates: tuple[float, ...]) -> tuple[str, list]:
    """A training document: ``text`` as it is (with probability ``clean_share``) or spun with a
    profile and rate drawn from ``rng``; and the spinner's changes (none when clean)."""
    if rng.random() < clean_share:
        return text, []
    result = spin(text, rng.choice(profiles), rng.choice(rates), seed=rng.randrange(1 << 30))
    return result.text, result.changes


def spin(text: str, profile: str = "mixed", rate: float = 0.2, seed: int = 0,
         consistent: bool = False) -> SpinResult:
    """Spin ``text``. With ``consistent``, a word is rewritten the same way wherever it occurs
    (the decision to replace it and the synonym are drawn once per word), as dictionary-based
    spinners do; otherwise every occurrence is drawn on its own."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
    if not 0.0 <= rate <= 1.0:
        raise ValueError("rate must be between 0 and 1")
    rng = random.Random(seed)
    lex = lexicon_module.load()
    tokens = tokenize(text)
    edits: list[tuple[int, int, str, str]] = []   # (start, end, replacement, original)
    used: set[int] = set()
    if profile in ("phrase", "mixed", "fluent"):
        _spin_phrases(text, tokens, rate, rng, edits, used)
    sources = {"wordnet": WORDNET, "thesaurus": MOBY, "names": WORDNET | MOBY, "mixed": WORDNET | MOBY,
               "fluent": WORDNET | MOBY}
    if profile in sources:
        _spin_words(lex, tokens, profile, sources[profile], rate, rng, edits, used, consistent)
    return _apply(text, edits)


def _spin_phrases(text, tokens, rate, rng, edits, used) -> None:
    table = _phrase_forward()
    i = 0
    while i < len(tokens):
        for n in (4, 3, 2):
            j = i + n - 1
            if j >= len(tokens) or any(tokens.brk[i + 1:j + 1]):
                continue
            key = " ".join(tokens.norms[i:j + 1])
            if key in table and rng.random() < rate * 2:
                written = rng.choice(table[key])
                start, end = tokens.starts[i], tokens.ends[j]
                original = text[start:end]
                edits.append((start, end, match_case(written, original), original))
                used.update(range(i, j + 1))
                i = j
                break
        i += 1


def _is_name_word(tokens, i) -> bool:
    tok = tokens[i]
    if not tok.is_capitalised or tok.sent_start:
        return False
    before = i > 0 and not tok.brk and tokens[i - 1].is_capitalised
    after = i + 1 < len(tokens) and not tokens[i + 1].brk and tokens[i + 1].is_capitalised
    return before or after


def _spin_words(lex, tokens, profile, source, rate, rng, edits, used, consistent=False) -> None:
    forward = _forward()
    ids = lex.ids(tokens.norms).tolist()
    drawn: dict[int, int | None] = {}      # consistent: word id -> the synonym it became (None: kept)
    for i, tok in enumerate(tokens):
        if i in used or not tok.is_word:
            continue
        word_id = ids[i]
        if word_id < 0 or lex.zipf_by_id[word_id] >= CONTENT_MAX_ZIPF or len(tok.norm) < 3:
            continue
        name_word = _is_name_word(tokens, i)
        if profile == "names" and not name_word:
            continue
        if profile != "names" and tok.is_capitalised and not tok.sent_start:
            continue
        if consistent and word_id in drawn:
            chosen = drawn[word_id]
        else:
            chosen = _draw(lex, forward, word_id, profile, source, rate, rng, _neighbours(tokens, ids, i))
            if consistent:
                drawn[word_id] = chosen
        if chosen is not None:
            written = lex.words[chosen]
            edits.append((tok.start, tok.end, match_case(written, tok.text), tok.text))


def _neighbours(tokens, ids, i) -> tuple[int, int]:
    """The ids of the words right before and after token ``i`` in its run of words (-1: none)."""
    left = ids[i - 1] if i > 0 and not tokens.brk[i] else -1
    right = ids[i + 1] if i + 1 < len(tokens) and not tokens.brk[i + 1] else -1
    return left, right


def _draw(lex, forward, word_id, profile, source, rate, rng, neighbours=(-1, -1)) -> int | None:
    """The synonym one occurrence of ``word_id`` becomes, or None when it stays."""
    if rng.random() >= rate:
        return None
    options = forward.options(word_id, source)
    if profile == "fluent":
        options = [o for o in options if lex.zipf_by_id[o] >= lex.zipf_by_id[word_id] - FLUENT_MAX_DROP]
    if not options:
        return None
    if profile == "fluent":
        return _choose_fitting(rng, lex, options, *neighbours)
    frequent = profile in ("wordnet", "names") or (profile == "mixed" and rng.random() < 0.5)
    return _choose(rng, options, lex.zipf_by_id, frequent)


def _choose_fitting(rng: random.Random, lex: Lexicon, options: list[int], left: int, right: int) -> int:
    """One of ``options`` drawn with weight 10 ** (its bigram strength with the left neighbour
    plus the right one; -1: no neighbour); an unknown pair counts FLUENT_UNSEEN below the weakest
    pair the tables keep."""
    candidates = np.array(options, dtype=np.int64)
    fit = np.zeros(len(candidates))
    for neighbour, before in ((left, True), (right, False)):
        if neighbour < 0:
            continue
        other = np.full(len(candidates), neighbour, dtype=np.int64)
        strength = lex.bigrams(other, candidates) if before else lex.bigrams(candidates, other)
        fit += np.where(np.isnan(strength), lex.bigram_floor - FLUENT_UNSEEN, strength)
    weights = 10.0 ** (fit - fit.max())
    return rng.choices(options, weights=weights.tolist())[0]


def _choose(rng: random.Random, options: list[int], zipf: np.ndarray, frequent: bool) -> int:
    if not frequent:
        return rng.choice(options)
    z = np.array([zipf[i] for i in options])
    weights = 10.0 ** (FREQUENCY_BIAS * (z - z.max()))
    return rng.choices(options, weights=weights.tolist())[0]


def _apply(text: str, edits) -> SpinResult:
    pieces, changes, pos, shift = [], [], 0, 0
    for start, end, replacement, original in sorted(edits):
        pieces.append(text[pos:start])
        new_start = start + shift
        pieces.append(replacement)
        changes.append(Change(new_start, new_start + len(replacement), replacement, original))
        shift += len(replacement) - (end - start)
        pos = end
    pieces.append(text[pos:])
    return SpinResult("".join(pieces), changes)

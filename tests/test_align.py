"""Word alignment against a source: phrase rewrites inside and around differing runs."""
from spindetect.detect import lexicon
from spindetect.index.align import align


def kinds(alignment):
    return [(d.kind, d.text, d.source_text) for d in alignment.differences]


def test_a_phrase_rewrite_takes_in_the_identical_words_around_it():
    source = "Stay on the lookout for deer. At least two were seen near the road."
    text = "Stay waiting for deer. At the least two were seen near the road."
    found = align(lexicon.load(), text, source)
    assert kinds(found) == [("synonym", "waiting for", "on the lookout for"), ("synonym", "At the least", "At least")]
    assert found.coverage == 1.0


def test_a_replaced_run_is_split_into_synonyms_and_edits():
    source = "The test gave the lowest error of all the methods we tried."
    text = "The test gave the lowest mistake xylophone of all the methods we tried."
    found = align(lexicon.load(), text, source)
    assert kinds(found) == [("synonym", "mistake", "error"), ("insertion", "xylophone", "")]
    for d in found.differences:
        assert text[d.start:d.end] == d.text and source[d.source_start:d.source_end] == d.source_text


def test_words_for_words_stay_word_for_word():
    source = "We trained a random forest on the data."
    text = "We trained a irregular backwoods on the data."
    assert kinds(align(lexicon.load(), text, source)) == [("synonym", "irregular", "random"),
                                                          ("synonym", "backwoods", "forest")]

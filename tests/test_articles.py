"""The article evidence: "a amount" is a spinner's leftover, "an hour" and "a union" are English."""
import numpy as np
import pytest

from spindetect.analyse import articles, detector, lexicon, scoring
from spindetect.api import scan_text


def marked_words(text):
    analysis = detector.analyse_candidates(lexicon.load(), text)
    if analysis.article_mismatch is None:
        return {}
    return {analysis.tokens.words[c.first]: c.originals[0]
            for c, m in zip(analysis.candidates, analysis.article_mismatch) if m}


@pytest.mark.parametrize("word, expected", [
    ("hour", True), ("honest", True), ("apple", True), ("union", False), ("university", False),
    ("one", False), ("house", False), ("amount", True), ("zzqxv", None)])
def test_takes_an_follows_the_first_sound_not_the_spelling(word, expected):
    assert articles.takes_an(word) is expected


def test_a_word_that_disagrees_with_its_article_is_marked_with_an_original_that_agrees():
    marked = marked_words("The firm bought such a amount of chips that the market noticed.")
    assert set(marked) == {"amount"}
    assert articles.takes_an(marked["amount"]) is False       # "a quantity", not "an amount"
    assert marked_words("It took an huge effort to finish the road.").keys() == {"huge"}


@pytest.mark.parametrize("text", [
    "It took an hour to reach a union hall, an honest day's work.",
    "She wrote an essay and a history of a European city.",
    "Vitamin A is good for you.",                   # a capital letter inside a sentence: no article
    "The letter a is a vowel and so is e.",          # no original of "is" makes a known pair with "a"
    "We saw a Amazing Grace poster.",                # a capitalised word: a name
])
def test_english_articles_letters_and_names_are_not_marked(text):
    assert marked_words(text) == {}


def test_an_article_that_starts_a_sentence_counts():
    assert marked_words("A amount was paid.").keys() == {"amount"}


def test_the_mark_raises_the_probability_by_the_measured_ratio():
    analysis = detector.analyse_candidates(lexicon.load(), "The firm bought such a amount of chips.")
    probabilities = np.array([0.2, 0.5])
    marks = np.array([True, False])
    raised = scoring.likelihood_ratio(probabilities, marks, scoring.ARTICLE_RATIO)
    assert raised[1] == 0.5 and raised[0] == pytest.approx(0.25 * scoring.ARTICLE_RATIO / (1 + 0.25 * scoring.ARTICLE_RATIO))
    assert analysis.article_mismatch is not None and analysis.article_mismatch.sum() == 1


def test_seed_003s_a_amount_is_found_and_says_why(seed_reports):
    from tests.conftest import SPUN_SEED
    finding = next(f for f in seed_reports[SPUN_SEED.name].findings if "amount" in f.text)
    assert "the article before it fits the original, not the word written" in finding.evidence
    assert all(articles.takes_an(s.split()[-1]) is False for s in finding.suggestions)


def test_a_lone_mismatch_in_a_clean_text_stays_a_typo():
    # the ratio is weighed against the span model: one slip in clean prose is no finding
    assert scan_text("The firm bought such a amount of chips that the market noticed.").findings == []

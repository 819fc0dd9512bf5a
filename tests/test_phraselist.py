import random
import re

import pytest

from spindetect.core.types import InputError
from spindetect.detect.phraselist import ListedPhrase, Matcher, load, parse
from tests.conftest import FIXTURES


def test_parses_the_problematic_paper_screener_format():
    fps = load(str(FIXTURES / "fingerprints.csv"))
    assert fps[0].phrase == "profound learning" and fps[0].expected == "deep learning" and fps[0].papers == 120


def test_matches_case_insensitively_across_line_breaks_on_word_boundaries():
    matcher = Matcher(parse("x.csv", "Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers\n"
                                      "profound learning,deep learning,3\n"))
    text = "Profound\nlearning works. Unprofound learnings do not."
    found = matcher.find(text)
    assert [(f.text, f.suggestions, f.rule) for f in found] == [("Profound\nlearning", ["deep learning"], "fingerprint")]
    assert text[found[0].start:found[0].end] == found[0].text


@pytest.mark.parametrize("content, problem", [
    ("", "empty"),
    ("phrase,expected\nfoo,bar\n", "header"),
    ("Fingerprint - Tortured Phrase,Expected Text\n,bar\n", "line 2"),
])
def test_bad_files_are_input_errors(content, problem):
    with pytest.raises(InputError, match=problem):
        parse("list.csv", content)


def test_missing_file():
    with pytest.raises(InputError, match="no such"):
        load("/nonexistent/list.csv")


def _regex_matches(fingerprints, text):
    """The phrases as one regular expression (how the matcher first worked): each phrase's words
    escaped and joined by runs of whitespace, on word boundaries, longest phrase first."""
    first = {}
    for f in sorted(fingerprints, key=lambda f: -len(f.phrase)):      # a phrase listed twice: the first
        first.setdefault(" ".join(f.phrase.lower().split()), f.expected)
    keys = sorted(first.items(), key=lambda kv: -len(kv[0]))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k, _ in keys) + r")(?!\w)",
                         re.IGNORECASE)
    expected = dict(keys)
    return [(m.start(), m.end(), m.group(), [expected[" ".join(m.group().lower().split())]]) for m in pattern.finditer(text)]


PHRASES = ["profound learning", "profound learning model", "irregular backwoods", "k-closest neighbor",
           "X-beam", "bosom (malignant) growth", "(profound", "learning.", "counterfeit consciousness", "Naïve Bayes",
           "p-esteem < 0.05", "mean square mistake"]
TEXTS = [
    "We trained a Profound learning model and an irregular\n\nbackwoods; profound learning again.",
    "A k-closest neighbor and a K-Closest  Neighbor, but not k-closest-neighbor or k closest neighbor.",
    "x-beam, X-BEAM and preX-beam; bosom (malignant) growth; bosom(malignant) growth.",
    "(profound learning) x(profound learning. learning.s learning.",
    "naïve bayes, NAÏVE BAYES, naïvebayes; a p-esteem < 0.05 and p-esteem<0.05.",
    "Unprofound learnings; profound learningmodel; the mean square mistake_; mean square mistake.",
    "", "   ", "counterfeit\tconsciousness counterfeit consciousnesses",
]


@pytest.mark.parametrize("text", TEXTS)
def test_matches_what_a_regular_expression_of_the_phrases_would(text):
    fingerprints = [ListedPhrase(p, f"expected {k}", None) for k, p in enumerate(PHRASES)]
    found = Matcher(fingerprints).find(text)
    assert [(f.start, f.end, f.text, f.suggestions) for f in found] == _regex_matches(fingerprints, text)
    assert all(text[f.start:f.end] == f.text and f.rule == "fingerprint" for f in found)


def test_a_list_of_thousands_matches_as_the_regular_expression_does():
    rng = random.Random(7)
    vocabulary = [f"w{k}" for k in range(300)] + ["the", "of", "a-b", "x.y"]
    phrases = {" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 4))) for _ in range(3000)}
    fingerprints = [ListedPhrase(p, p.upper(), None) for p in sorted(phrases)]
    words = [rng.choice(vocabulary) for _ in range(4000)]
    text = "".join(w + rng.choice([" ", "  ", "\n", ", ", "."]) for w in words)
    found = Matcher(fingerprints).find(text)
    assert len(found) > 500
    assert [(f.start, f.end, f.text, f.suggestions) for f in found] == _regex_matches(fingerprints, text)

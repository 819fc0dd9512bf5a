import pytest

from spindetect.analyse.fingerprints import Matcher, load, parse
from spindetect.core.types import InputError
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

"""The spun-copy rule and the grouping of a source's synonym substitutions into findings."""
from spindetect.core.types import Difference, SourceMatch, SourceReport
from spindetect.index import evidence

TEXT = "We trained an irregular backwoods, a profound network."
SOURCE = "We trained a random forest, a deep network."


def diff(kind, written, original, after=0):
    start = TEXT.index(written, after)
    source_start = SOURCE.index(original)
    return Difference(kind, start, start + len(written), written, source_start, source_start + len(original), original)


def report(differences, coverage=0.9):
    return SourceReport([SourceMatch(1, "archive/forest.txt", 0.7, 0.9, coverage)], differences, [], SOURCE)


def test_neighbouring_substitutions_make_one_finding_but_punctuation_separates():
    found = evidence.source_findings(report([diff("synonym", "irregular", "random"), diff("synonym", "backwoods", "forest"),
                                             diff("synonym", "profound", "deep"), diff("edit", "an", "a")]), TEXT, TEXT)
    assert [(f.text, f.suggestions, f.rule) for f in found] == [
        ("irregular backwoods", ["random forest"], "source-substitution"), ("profound", ["deep"], "source-substitution")]
    assert all(TEXT[f.start:f.end] == f.text for f in found)
    assert 'archive/forest.txt has "random forest" here' in found[0].evidence[0]


def test_groups_read_blanked_markup_as_space():
    marked = TEXT.replace("irregular backwoods", "irregular**backwoods")
    prose = marked.replace("**", "  ")
    at = marked.index("backwoods")
    differences = [diff("synonym", "irregular", "random"),
                   Difference("synonym", at, at + 9, "backwoods", SOURCE.index("forest"), SOURCE.index("forest") + 6, "forest")]
    [found] = evidence.source_findings(report(differences), prose, marked)
    assert found.text == "irregular**backwoods" and found.suggestions == ["random forest"]


def test_a_spun_copy_needs_coverage_enough_synonyms_and_mostly_synonyms():
    synonyms = [diff("synonym", "irregular", "random"), diff("synonym", "backwoods", "forest"),
                diff("synonym", "profound", "deep")]
    assert evidence.is_spun_copy(report(synonyms), words=100)
    assert not evidence.is_spun_copy(report(synonyms, coverage=0.4), words=100)      # an excerpt of another text
    assert not evidence.is_spun_copy(report(synonyms[:2]), words=20)                 # too few substitutions
    assert not evidence.is_spun_copy(report(synonyms), words=1000)                   # too rare: a light copy-edit
    edits = [diff("edit", "an", "a")] * 2 + [Difference("insertion", 0, 2, "We", 0, 0, "")] * 2
    assert not evidence.is_spun_copy(report(synonyms + edits), words=100)            # mostly other edits
    unaligned = report(synonyms)
    unaligned.aligned = False
    assert not evidence.is_spun_copy(unaligned, words=100)

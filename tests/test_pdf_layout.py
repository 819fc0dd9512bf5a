"""pdf_layout's steps on lines given by hand (no PDF needed)."""
from spindetect.ingest.pdf_layout import (
    Line,
    clean,
    drop_running_lines,
    gutter,
    join_lines,
    merge_segments,
    reading_order,
)
from spindetect.ingest.references import references_section


def test_a_short_word_without_ascenders_stays_on_its_line():
    # "a" has a lower box than the words beside it: it must not sort after the next line
    segments = [Line(72, 700, 200, 710, "In this study"), Line(203, 700, 208, 706, "a"),
                Line(72, 688, 200, 698, "support vector machine")]
    assert [s.text for s in merge_segments(segments)] == ["In this study a", "support vector machine"]


def test_columns_are_read_one_after_the_other_and_a_title_stays_first():
    lines = [Line(72, 740, 540, 752, "A title over both columns")]
    for row in range(5):
        lines.append(Line(72, 700 - row * 12, 290, 710 - row * 12, f"left {row}"))
        lines.append(Line(320, 700 - row * 12, 540, 710 - row * 12, f"right {row}"))
    assert 290 < gutter(lines) < 320
    assert [s.text for s in reading_order(lines)] == (["A title over both columns"]
                                                     + [f"left {r}" for r in range(5)] + [f"right {r}" for r in range(5)])


def test_one_column_has_no_gutter():
    lines = [Line(72, 700 - r * 12, 540 - (r % 3) * 40, 710 - r * 12, f"line {r}") for r in range(8)]
    assert gutter(lines) is None


def test_running_heads_and_page_numbers_go_and_body_lines_stay():
    pages = [[Line(72, 750, 300, 760, "Journal of Results, Vol. 12"), Line(72, 400, 540, 410, f"Body text {n}."),
              Line(300, 30, 306, 40, str(n + 1))] for n in range(4)]
    kept = drop_running_lines(pages, [792] * 4)
    assert [[s.text for s in page] for page in kept] == [[f"Body text {n}."] for n in range(4)]


def test_hyphens_at_line_ends_join_words_and_keep_compounds():
    def is_word(word):
        return word in {"profound", "learning"}
    lines = [Line(72, 700, 540, 710, "We apply pro-"), Line(72, 688, 540, 698, "found learning to a well-"),
             Line(72, 676, 540, 686, "known problem.")]
    assert join_lines(lines, is_word) == "We apply profound learning to a well-known problem."


def test_ligatures_and_spaces_are_plain():
    assert clean("scienti\ufb01c \ufb02ow\u00a0here\x02") == "scientific flow here-"


def test_the_references_section_is_the_last_such_heading_in_the_later_text():
    text = "Intro mentions References in passing.\n\n" + "Body. " * 50 + "\n\nReferences\n\nSmith 2020.\n\nAppendix A\n\nMore."
    start, end = references_section(text)
    assert text[start:end].startswith("References") and "Smith 2020." in text[start:end]
    assert text[end:].startswith("Appendix A")
    assert references_section("No such section here.") is None

"""Markdown and HTML -> prose with offsets kept; suppression comments."""
import pytest

from spindetect.ingest.markup import prose_of

MARKDOWN = """---
title: Synthetic intelligence in the newsroom
---
# A *heading* here

Text with `inline code` and [a link](https://example.com/profound-learning "t") and https://bare.example.com too &amp; more \\* star.

| first cell | second **cell** |
|---|---|

```python
profound_learning = 1
```

    indented code block

<!-- a comment about synthetic intelligence -->
<div>
html block text <script>var hidden = 1;</script>
</div>
"""


def _kept_words(prose: str) -> list[str]:
    return prose.split()


def test_markdown_prose_keeps_offsets_and_only_prose():
    prose = prose_of(MARKDOWN, "post.md").text
    assert len(prose) == len(MARKDOWN)
    for i, ch in enumerate(prose):          # every kept character is the source's character
        assert ch in (" ", "\n") or ch == MARKDOWN[i]
    words = _kept_words(prose)
    for expected in ("heading", "here", "Text", "with", "and", "a", "link", "more", "star.", "first", "cell",
                     "second", "html", "block", "text"):
        assert expected in words
    for hidden in ("title:", "Synthetic", "inline", "code`", "https://example.com/profound-learning",
                   "https://bare.example.com", "&amp;", "profound_learning", "indented", "comment", "var",
                   "#", "|", "**", "```python"):
        assert hidden not in words, hidden


def test_table_cells_and_headings_do_not_run_together():
    prose = prose_of(MARKDOWN, "post.md").text
    assert "first cell\n" in prose                      # the cell boundary is a line break
    assert "heading  here\n" in prose


def test_html_keeps_text_nodes_only():
    html = '<p>Deep <b>learning</b> &amp; more</p><script>var x = "profound";</script><pre>code</pre>'
    prose = prose_of(html, "page.html").text
    assert len(prose) == len(html)
    assert prose.split() == ["Deep", "learning", "more"]


def test_plain_text_is_prose_as_is():
    assert prose_of("Some *text* `here`", "notes.txt").text == "Some *text* `here`"


SUPPRESSED = """Kept paragraph one.

<!-- spindetect-disable-next-line -->
Silenced line.
Kept line.

<!-- spindetect-disable -->
Silenced block one.

Silenced block two.
<!-- spindetect-enable -->
Kept at the end.
"""


def test_suppressions_only_when_honoured():
    honoured = prose_of(SUPPRESSED, "post.md", honour_suppressions=True)
    words = honoured.text.split()
    assert "Silenced" not in words
    assert words.count("Kept") == 3
    assert [SUPPRESSED[s:e].strip().splitlines()[0] for s, e in honoured.suppressed] == [
        "Silenced line.", "Silenced block one."]
    assert "Silenced" in prose_of(SUPPRESSED, "post.md").text.split()


def test_suppression_in_html_and_unclosed_disable_runs_to_end():
    html = "<p>Kept</p><!-- spindetect-disable --><p>Silenced</p><p>Also silenced</p>"
    words = prose_of(html, "page.html", honour_suppressions=True).text.split()
    assert words == ["Kept"]


def test_malformed_declaration_does_not_crash_the_html_parser():
    html = "<p>Before</p><![ broken <p>After the junk</p>"
    prose = prose_of(html, "page.html").text
    assert len(prose) == len(html) and "Before" in prose.split() and "After" in prose.split()


PIECES = list("abc de*_`#[]()<>!-|\n\n &;\\:/.h") + [
    "http://x.io", "<!--", "-->", "```", "---\n", "&amp;", "<b>", "</b>", "    ", "<![", "<!DOCTYPE", "<?x",
    "<script>", "</script>", "[x](", "![i](u)", "<http://a.b>", "|---|", "> ", "1. ", "é", "\u2019",
    "<!-- spindetect-disable -->", "<!-- spindetect-enable -->", "<!-- spindetect-disable-next-line -->"]


def test_any_markup_soup_keeps_length_and_only_source_characters():
    import random
    rng = random.Random(7)
    for _ in range(1500):
        source = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 60)))
        for path in ("a.md", "a.html"):
            prose = prose_of(source, path, honour_suppressions=True).text
            assert len(prose) == len(source)
            assert all(p in " \n" or p == s for p, s in zip(prose, source)), (path, source)


def test_a_long_paragraph_of_text_written_with_entities_is_placed_token_by_token():
    # the parser decodes "&amp;" to "&", so such a token is not in the source verbatim: it is
    # looked for near where the parser is (escaped), not through the rest of the paragraph for
    # every token (quadratic: a 1.4 MB paragraph took ~5 s in those searches)
    paragraph = "Profits &amp; losses were *reported* on time. " * 2000
    prose = prose_of(paragraph, "b.md").text
    assert len(prose) == len(paragraph)
    assert prose == paragraph.replace("&amp;", "     ").replace("*", " ").rstrip() + "\n"


def test_markdown_with_old_mac_line_endings_keeps_the_same_prose():
    # a lone CR ends a line for markdown-it, so its block map counts such lines too
    unix = MARKDOWN
    mac = unix.replace("\n", "\r")
    unix_prose, mac_prose = prose_of(unix, "a.md").text, prose_of(mac, "a.md").text
    assert len(mac_prose) == len(mac)
    assert _kept_words(mac_prose) == _kept_words(unix_prose)
    assert "heading" in mac_prose and "profound_learning" not in mac_prose


@pytest.mark.parametrize("depth", [19, 20, 21, 99, 100, 150, 2000])
def test_deeply_nested_markdown_is_scanned_to_the_last_word(depth):
    # markdown-it stops at its nesting limit and drops what is inside; GitHub still shows it
    from spindetect.scanner import scan_text

    sentence = "Synthetic intelligence (AI) runs on graphics processing items (GPUs) in the cloud."
    quoted = "> " * depth + sentence + "\n"
    listed = "\n".join("  " * i + "- point" for i in range(depth)) + "\n" + "  " * depth + "- " + sentence + "\n"
    for text in (quoted, listed):
        report = scan_text(text, "post.md")
        assert report.words >= 12, depth
        found = {f.text for f in report.findings}
        assert "synthetic intelligence" in {t.lower() for t in found}, (depth, found)
        for f in report.findings:
            assert text[f.start:f.end] == f.text
        assert (depth >= 99) == any("nested more than" in w for w in report.warnings)


def test_html_the_parser_cannot_repair_is_still_read_as_text():
    from spindetect.ingest import html_mask

    html = "<p>Synthetic intelligence</p> <![" * (html_mask.MAX_REPAIRS + 5)
    prose = html_mask.mask_html(html)
    assert len(prose) == len(html) and prose.count("Synthetic intelligence") == html_mask.MAX_REPAIRS + 5
    assert "<p>" not in prose

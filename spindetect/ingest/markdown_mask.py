"""Markdown -> prose, offsets unchanged: everything that is not prose becomes spaces.

Prose is the text of paragraphs, headings, list items, block quotes and table cells, with
emphasis, link text and the like. Front matter, fenced and indented code, inline code, URLs
(autolinks, bare URLs, link targets), images and HTML comments are not prose. HTML blocks are
passed to the HTML masker, so their text nodes stay. Structure comes from markdown-it-py (the
CommonMark parser, GFM tables and bare-URL linking, front matter plugin); each text token is
then found in the source from a moving cursor, which keeps every character's offset. The end of
each block of inline text becomes a line break, so table cells and headings do not run together.

Containers nested deeper than ``MAX_NESTING`` (block quotes in block quotes, lists in lists) are
where markdown-it stops parsing: it drops what is inside without a word, while GitHub still
shows that text. Such a document is read line by line instead (``mask_deep``): each line's
container markers are blanked and the rest is prose, so that nothing a reader sees goes
unscanned.
"""
from __future__ import annotations

import re
from functools import lru_cache

_MARKUP_IN_TEXT = re.compile(r"&#?\w+;|\\(?=[^\w\s])")
NOT_PROSE_BLOCKS = {"front_matter", "fence", "code_block", "hr"}
SEARCH_SLACK = 4096              # characters of markup (link targets, emphasis) between two text tokens
ESCAPED_SEARCH_MAX_CHARS = 2000  # longer text tokens are placed only where written verbatim
_LINE_BREAK = re.compile(r"\r\n?|\n")   # markdown-it's: a lone CR (old Mac files) ends a line too
MAX_NESTING = 100                # markdown-it's default is 20; 100 parses in far less than Python's stack
_CONTAINER_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+", re.M)
TOO_DEEP = (f"Markdown nested more than {MAX_NESTING} levels deep: read line by line, its container "
            "markers blanked (every line scanned)")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin
    return MarkdownIt("gfm-like", {"maxNesting": MAX_NESTING}).use(front_matter_plugin)


def is_markdown(path: str) -> bool:
    return path.lower().endswith((".md", ".markdown", ".mdown", ".mkd"))


def mask_markdown(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """(prose, comments): the prose with the same length as ``text``, and every HTML comment
    as (start, end, content) in source offsets."""
    prose, comments, _ = read_markdown(text)
    return prose, comments


def read_markdown(text: str) -> tuple[str, list[tuple[int, int, str]], list[str]]:
    """``mask_markdown``'s (prose, comments), and notes on how it was read (``TOO_DEEP``)."""
    tokens = _parser().parse(text)
    if too_deep(tokens):
        return mask_deep(text), [], [TOO_DEEP]
    prose, comments = _mask_tokens(text, tokens)
    return prose, comments, []


def _mask_tokens(text: str, tokens) -> tuple[str, list[tuple[int, int, str]]]:
    # the lines of markdown-it's block map; a block's map may end past the last line
    line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)] + [len(text)] * 2
    out = [ch if ch in "\n\r" else " " for ch in text]
    comments: list[tuple[int, int, str]] = []
    resume: dict[int, int] = {}     # block start -> where the previous inline block there ended
    for token in tokens:
        if token.map is None or token.type in NOT_PROSE_BLOCKS:
            continue
        start, end = line_starts[token.map[0]], line_starts[token.map[1]]
        if token.type == "html_block":
            prose, found = _parse_html(text[start:end])
            out[start:end] = prose
            comments.extend((start + s, start + e, c) for s, e, c in found)
        elif token.type == "inline":     # table cells share their row's map: resume after the last
            resume[start] = _place_inline(text, token.children or [], resume.get(start, start), end,
                                          out, comments)
    return "".join(out), comments


def too_deep(tokens) -> bool:
    """The parser reached its nesting limit (it then leaves the deeper content out)."""
    return any(token.level >= MAX_NESTING - 1 for token in tokens)


def mask_deep(text: str) -> str:
    """Each line's leading container markers (``>``, list bullets and numbers) as spaces; the
    rest of the line is prose."""
    return _CONTAINER_MARKERS.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group()), text)


def _place_inline(text, children, start, end, out, comments) -> int:
    """Copy the text children of one inline block from the source into ``out``; returns where
    the block ended in the source."""
    cursor, last, hidden = start, -1, 0
    for child in children:
        kind = child.type
        if kind == "link_open" and child.markup in ("autolink", "linkify"):
            hidden += 1
        elif kind == "link_close" and hidden:
            hidden -= 1
        elif kind == "text" and child.content:
            found = _find_text(text, child.content, cursor, end)
            if found:
                s, e = found
                if not hidden:
                    out[s:e] = _MARKUP_IN_TEXT.sub(lambda m: " " * len(m.group()), text[s:e])
                    last = e
                cursor = e
        elif kind in ("code_inline", "html_inline", "image") and child.content:
            at = _find_near(text, child.content, cursor, end)
            if at >= 0:
                cursor = at + len(child.content)
                if kind == "html_inline":
                    found = _parse_html(child.content)[1]
                    comments.extend((at + s, at + e, c) for s, e, c in found)
    if 0 <= last < end and out[last] == " ":
        out[last] = "\n"
    return cursor


def _find_text(text: str, content: str, cursor: int, end: int) -> tuple[int, int] | None:
    """Where a text token's ``content`` is written in the source, searching from ``cursor``.
    The parser has decoded entities and backslash escapes, so each character may also be
    written as an escape or an entity. Searches look near ``cursor`` first, verbatim and then
    escaped: a token whose source differs (an entity) would otherwise send a search through
    the rest of its block for every such token, quadratic in a long paragraph."""
    at = _find_near(text, content, cursor, end, far=False)
    if at < 0 and len(content) <= ESCAPED_SEARCH_MAX_CHARS:     # a pattern per character
        pattern = "".join(f"(?:\\\\?{re.escape(ch)}|&#?\\w+;)" for ch in content)
        match = re.compile(pattern).search(text, cursor, min(end, cursor + 10 * len(content) + SEARCH_SLACK))
        if match:
            return match.start(), match.end()
    if at < 0:
        at = _find_near(text, content, cursor, end)
    return (at, at + len(content)) if at >= 0 else None


def _find_near(text: str, content: str, cursor: int, end: int, far: bool = True) -> int:
    """``text.find(content, cursor, end)``, tried first within SEARCH_SLACK characters of markup
    after ``cursor`` (where the parser's next token almost always is); with ``far`` False, only
    there."""
    near = min(end, cursor + len(content) + SEARCH_SLACK)
    at = text.find(content, cursor, near)
    if at >= 0 or near == end or not far:
        return at
    return text.find(content, near - len(content), end)


def _parse_html(text: str):
    """``html_mask.parse_html``, imported when a Markdown file holds HTML (html.parser is not
    needed by plain text and most Markdown)."""
    from .html_mask import parse_html
    return parse_html(text)

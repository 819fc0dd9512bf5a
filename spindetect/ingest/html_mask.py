"""HTML -> prose, offsets unchanged: markup is overwritten with spaces.

Tags, comments, declarations, entities and the contents of script, style, code and pre
elements become spaces (a block-level tag starts with a newline, so sentences and paragraphs
stay apart). Every other character keeps its offset, so a finding's ``start``/``end`` index the
original file directly. Tag positions come from the standard library's HTML parser.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from ..core.location import LineIndex

SKIPPED = {"script", "style", "code", "pre", "noscript", "template", "svg", "math"}
BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
         "table", "section", "article", "header", "footer", "blockquote", "title", "body", "head",
         "html", "hr", "dt", "dd", "figcaption", "nav", "aside", "main"}


class _Masker(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = LineIndex(text).starts
        self.masks: list[tuple[int, int, bool]] = []   # (start, end, block)
        self.comments: list[tuple[int, int, str]] = []  # (start, end, content)
        self.skip_depth = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _mask_to(self, closing: str, block: bool = False) -> None:
        start = self._offset()
        end = self.text.find(closing, start)
        self.masks.append((start, len(self.text) if end < 0 else end + len(closing), block))

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.masks.append((start, start + len(raw), tag in BLOCK))
        if tag in SKIPPED:
            self.skip_depth += 1

    def handle_startendtag(self, tag, attrs):
        start = self._offset()
        self.masks.append((start, start + len(self.get_starttag_text() or ""), tag in BLOCK))

    def handle_endtag(self, tag):
        self._mask_to(">", tag in BLOCK)
        if tag in SKIPPED and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data):
        if self.skip_depth:
            start = self._offset()
            self.masks.append((start, start + len(data), True))

    # markup the parser reports by content: blank from here to its closing characters
    def handle_comment(self, data):
        self._mask_to("-->")
        start, end, _ = self.masks[-1]
        self.comments.append((start, end, data))

    def _mask_declaration(self, _data):
        self._mask_to(">")

    def unknown_decl(self, _data):
        self._mask_to("]>")

    def _mask_reference(self, _name):
        self._mask_to(";")

    handle_decl = handle_pi = _mask_declaration
    handle_entityref = handle_charref = _mask_reference


_TAG_OR_REFERENCE = re.compile(r"<[^<>]*>|&#?\w+;")


def _without_tags(text: str) -> str:
    """Where the parser cannot be repaired: tags and references blanked by pattern, every other
    character kept, so that the text a reader sees is still scanned."""
    return _TAG_OR_REFERENCE.sub(lambda m: "".join(ch if ch == "\n" else " " for ch in m.group()), text)


def mask_html(text: str) -> str:
    return parse_html(text)[0]


MAX_REPAIRS = 100


def parse_html(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """(prose, comments): the masked text, and each comment as (start, end, content).

    The standard parser gives up (AssertionError) on some malformed declarations such as
    ``<![``; the offending ``<`` is then blanked and the text parsed again."""
    for _ in range(MAX_REPAIRS):
        parser = _Masker(text)
        try:
            parser.feed(text)
            parser.close()
            break
        except AssertionError:
            near = parser._offset()            # the parser's position may be past the "<!"
            at = text.rfind("<!", 0, near + 2)
            at = at if at >= 0 else text.find("<", near)
            if at < 0:
                return _without_tags(text), []
            text = text[:at] + " " + text[at + 1:]
    else:
        return _without_tags(text), []
    chars = list(text)
    for start, end, block in parser.masks:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
        if block and start < len(chars) and chars[start] != "\n":
            chars[start] = "\n"
    return "".join(chars), parser.comments

"""A PDF page's text lines (with their boxes) -> text in reading order.

A PDF draws text in any order; what a reader reads comes from where it is drawn. Per page:

1. segments on one baseline with a small gap are one line (a font change splits a run);
2. two columns are found by their gutter: an x position in the middle of the text that no
   body line crosses while enough lines lie wholly on each side. Lines that cross it (a title,
   an abstract over both columns) cut the page into bands; in each band the left column is read
   before the right one;
3. running headers and footers (lines near the top or bottom edge whose text, digits aside,
   repeats on other pages) and page numbers are dropped (``drop_running_lines``);
4. lines are joined into paragraphs (``join_lines``): a line ending in a hyphen joins the next
   one as one word where the joined word is a word ("pro-" + "found" -> "profound") and keeps its
   hyphen otherwise ("well-" + "known" -> "well-known"); a wide vertical gap or a short last
   line ends a paragraph.

The references section of the joined text is found by ``references.references_section``.

Coordinates are PDF points with y growing upwards, as PDF libraries give them.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

EDGE_SHARE = 0.09           # the top and bottom 9% of a page hold running heads and page numbers
REPEATED_ON_SHARE = 0.3     # a line in that zone repeated on this share of pages is a running line
SAME_LINE_GAP = 0.8         # segments closer than this many line heights on one baseline join
GUTTER_CROSSING_SHARE = 0.12
MIN_COLUMN_LINES = 3
PARAGRAPH_GAP = 1.6         # a gap of this many usual line spacings ends a paragraph
SHORT_LINE = 0.75           # a line shorter than this share of its column, ending a sentence, ends one
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d{1,5}|[ivxlcdm]{1,8})(?:\s*(?:of|/)\s*\d{1,5})?$", re.I)
_ARTIFACTS = {"\x02": "-", "\ufffe": "-", "\u00ad": "-", "\r": "", "\x00": ""}


@dataclass
class Line:
    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def clean(text: str) -> str:
    """A segment's text: pdfium's line-end hyphen markers as hyphens, compatibility forms
    (ligatures such as "ﬁ", non-breaking spaces, full-width letters) in their plain form."""
    for artifact, plain in _ARTIFACTS.items():
        text = text.replace(artifact, plain)
    return unicodedata.normalize("NFKC", text).replace("\n", " ")


def merge_segments(lines: list[Line]) -> list[Line]:
    """Segments on one line of print (their vertical middles within half a line of each other)
    share that line's top and bottom, and those close together join: a glyph's box depends on
    its letters ("a" has no ascender), so sorting by box alone would put a short word of one
    line after the next line's start."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda s: -(s.top + s.bottom) / 2):
        middle = (line.top + line.bottom) / 2
        if rows:
            row = rows[-1]
            row_middle = sum((s.top + s.bottom) / 2 for s in row) / len(row)
            if abs(row_middle - middle) < 0.5 * max(s.height for s in row):
                row.append(line)
                continue
        rows.append([line])
    merged: list[Line] = []
    for row in rows:
        top, bottom = max(s.top for s in row), min(s.bottom for s in row)
        joined: list[Line] = []
        for line in sorted(row, key=lambda s: s.left):
            last = joined[-1] if joined else None
            if last is not None and 0 <= line.left - last.right < SAME_LINE_GAP * (top - bottom):
                gap = "" if last.text.endswith(" ") or line.text.startswith(" ") else " "
                joined[-1] = Line(last.left, bottom, line.right, top, last.text + gap + line.text)
            else:
                joined.append(Line(line.left, bottom, line.right, top, line.text))
        merged += joined
    return merged


def gutter(lines: list[Line]) -> float | None:
    """The x of the gap between two columns (the middle of the widest strip in the middle of
    the text that the fewest lines cross), or None for a page read as one column."""
    if len(lines) < 2 * MIN_COLUMN_LINES:
        return None
    left, right = min(s.left for s in lines), max(s.right for s in lines)
    width = right - left
    xs = [left + width * 0.3 + step for step in range(int(width * 0.4) + 1)]
    crossing = [sum(1 for s in lines if s.left < x < s.right) for x in xs]
    fewest = min(crossing)
    if fewest > GUTTER_CROSSING_SHARE * len(lines):
        return None
    best_run, run = (0, 0), None
    for at, count in enumerate(crossing + [fewest + 1]):
        if count == fewest and run is None:
            run = at
        elif count != fewest and run is not None:
            if at - run > best_run[1] - best_run[0]:
                best_run = (run, at)
            run = None
    x = xs[(best_run[0] + best_run[1] - 1) // 2]
    on_left = sum(1 for s in lines if s.right <= x)
    on_right = sum(1 for s in lines if s.left >= x)
    return x if on_left >= MIN_COLUMN_LINES and on_right >= MIN_COLUMN_LINES else None


def reading_order(lines: list[Line]) -> list[Line]:
    """The page's lines as a reader reads them (one or two columns)."""
    lines = sorted(lines, key=lambda s: (-s.top, s.left))
    x = gutter(lines)
    if x is None:
        return lines
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        if line.left < x < line.right:              # over both columns: the band before it ends here
            ordered += left + right + [line]
            left, right = [], []
        elif line.right <= x:
            left.append(line)
        else:
            right.append(line)
    return ordered + left + right


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def drop_running_lines(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Each page without its running headers, footers and page numbers."""
    def in_edge(line: Line, height: float) -> bool:
        return line.bottom > height * (1 - EDGE_SHARE) or line.top < height * EDGE_SHARE

    repeated = Counter()
    for lines, height in zip(pages, heights):
        repeated.update({_shape(s.text) for s in lines if in_edge(s, height)})
    needed = max(2, round(REPEATED_ON_SHARE * len(pages)))
    kept = []
    for lines, height in zip(pages, heights):
        kept.append([s for s in lines if not (in_edge(s, height) and (
            _PAGE_NUMBER.match(s.text.strip()) or (len(pages) >= 2 and repeated[_shape(s.text)] >= needed)))])
    return kept


def join_lines(lines: list[Line], is_word: Callable[[str], bool]) -> str:
    """One page's ordered lines as text: paragraphs apart by a blank line, the lines of one
    paragraph joined by a space, words hyphenated across a line end joined."""
    if not lines:
        return ""
    spacings = sorted(a.bottom - b.bottom for a, b in zip(lines, lines[1:]) if 0 < a.bottom - b.bottom < 4 * a.height)
    usual = spacings[len(spacings) // 2] if spacings else lines[0].height * 1.2
    widths = sorted(s.right - s.left for s in lines)
    column = widths[int(len(widths) * 0.9)] if widths else 0
    out = [lines[0].text.strip()]
    for previous, line in zip(lines, lines[1:]):
        text = line.text.strip()
        if not text:
            continue
        gap = previous.bottom - line.bottom
        new_paragraph = (gap > PARAGRAPH_GAP * usual or gap < -usual          # a gap, or the next column
                         or (previous.right - previous.left < SHORT_LINE * column
                             and out[-1].rstrip().endswith((".", "!", "?", ":"))))
        if new_paragraph:
            out.append("\n\n" + text)
        else:
            out[-1], text = _join_hyphenated(out[-1], text, is_word)
            out.append(text)
    return "".join(out)


_TRAILING_PART = re.compile(r"(\w+)-$")
_LEADING_PART = re.compile(r"^([a-z]\w*)")


def _join_hyphenated(before: str, after: str, is_word: Callable[[str], bool]) -> tuple[str, str]:
    """(end of the text so far, the next line as it continues it)."""
    head, tail = _TRAILING_PART.search(before), _LEADING_PART.match(after)
    if head and tail:
        if is_word((head.group(1) + tail.group(1)).lower()):
            return before[:-1], after                      # "pro-" "found" -> "profound"
        return before, after                               # "well-" "known" -> "well-known"
    return before, (" " + after) if not before.endswith(" ") else after

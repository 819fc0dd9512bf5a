"""PDF -> text in reading order, with the page of every offset (pypdfium2).

pypdfium2 (Apache-2.0 / BSD-3: PDFium, the PDF engine of Chromium) gives each page's text as
line segments with their boxes, about 50 pages/s here; ``pdf_layout`` puts them in reading
order and joins them. The choice was measured against pypdf (BSD) and pdfminer.six (MIT) on
the same generated papers (README, "Screening papers"). This runs inside ``sandbox``'s forked
child: a damaged or hostile file can crash or exhaust only that child.
"""
from __future__ import annotations

from collections.abc import Callable

from ..core.types import InputError, Layout
from . import pdf_layout
from .references import references_section

MAX_PAGES = 2_000


def extract(name: str, data: bytes, is_word: Callable[[str], bool]) -> tuple[str, Layout, list[str]]:
    """(text, layout, problems) of a PDF's bytes; InputError for one that cannot be read at all.
    Pages without text (a figure, a blank page) are simply absent from the layout's numbers; a
    page that cannot be read (damaged) is a problem reported beside the text of the others."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError(name, "encrypted PDF: it needs a password to be read") from None
        raise InputError(name, f"damaged PDF, cannot be read ({str(exc).rstrip('.')})") from None
    try:
        pages = len(document)
        if pages > MAX_PAGES:
            raise InputError(name, f"PDF has {pages:,} pages, over the {MAX_PAGES:,}-page limit")
        lines, heights, damaged = [], [], []
        for number in range(pages):
            try:
                page = document[number]
                try:
                    heights.append(page.get_height())
                    lines.append(_page_lines(page))
                finally:
                    page.close()
            except pdfium.PdfiumError:
                damaged.append(number + 1)
                heights.append(0.0)
                lines.append([])
    finally:
        document.close()
    if damaged and len(damaged) == pages:
        raise InputError(name, "damaged PDF: its page cannot be read" if pages == 1 else
                         f"damaged PDF: none of its {pages:,} pages can be read")
    if not any(lines):
        raise InputError(name, "PDF has no text layer (a scanned document? run OCR on it first)")
    problems = ([f"damaged PDF: page{'s' if len(damaged) > 1 else ''} {', '.join(map(str, damaged[:10]))}"
                 f"{' ...' if len(damaged) > 10 else ''} of {pages:,} could not be read; the others were scanned"]
                if damaged else [])
    kept = pdf_layout.drop_running_lines(lines, heights)
    text, starts, numbers = "", [], []
    for number, page_lines in enumerate(kept, start=1):
        page_text = pdf_layout.join_lines(pdf_layout.reading_order(page_lines), is_word)
        if not page_text:
            continue
        if text:
            text += "\n\n"
        starts.append(len(text))
        numbers.append(number)
        text += page_text
    return text, Layout("pdf", "page", starts, numbers, references_section(text), pages), problems


COLUMN_GAP = 0.8      # a horizontal jump of this many character heights starts a new segment


def _page_lines(page) -> list[pdf_layout.Line]:
    """The page's text as line segments with boxes, built from its characters' boxes: a jump
    to another baseline or across a gap wider than a word space ends a segment (PDFium's own
    rectangles may run across a column gutter)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        segments: list[pdf_layout.Line] = []
        chars: list[str] = []
        box: list[float] | None = None           # left, bottom, right, top of the segment so far
        height = 0.0

        def flush():
            nonlocal chars, box, height
            if box is not None and "".join(chars).strip():
                segments.append(pdf_layout.Line(*box, pdf_layout.clean("".join(chars))))
            chars, box, height = [], None, 0.0

        for index, char in enumerate(text):
            if char in "\r\n":
                flush()
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            if char.isspace() or right <= left or top <= bottom:
                if box is not None:
                    chars.append(" " if char.isspace() else char)
                continue
            size = max(height, top - bottom, 1.0)
            if box is not None and (left - box[2] > COLUMN_GAP * size or left < box[0] - size
                                    or (bottom + top) / 2 < box[1] - 0.4 * size
                                    or (bottom + top) / 2 > box[3] + 0.4 * size):
                flush()
            if box is None:
                box = [left, bottom, right, top]
            else:
                box = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
            height = max(height, top - bottom)
            chars.append(char)
        flush()
        return pdf_layout.merge_segments(segments)
    finally:
        textpage.close()

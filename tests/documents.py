"""Test documents made by the tests: PDFs (reportlab) and Word files (python-docx).

``paper_pdf`` lays out paragraphs as a paper would: one or two columns (drawn line by line
across both columns, so that the file's drawing order is not the reading order), a running
header and page numbers, words hyphenated across line ends, ligature characters from the
embedded font, a references section.
"""
from __future__ import annotations

import os

PAGE = (612, 792)
MARGIN = 72
GUTTER = 24
FONT_SIZE = 10
LEADING = 12.5


def _font() -> str:
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
    return "Vera"


def _wrap(paragraph: str, width: float, hyphenate: dict[str, tuple[str, str]]) -> list[str]:
    """Lines of at most ``width`` points; a word in ``hyphenate`` that reaches a line end is
    split there as given ("profound": ("pro-", "found"))."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in paragraph.split():
        trial = f"{line} {word}".strip()
        if stringWidth(trial, "Vera", FONT_SIZE) <= width:
            line = trial
            continue
        bare = word.strip(".,;:")
        if bare in hyphenate and stringWidth(f"{line} {hyphenate[bare][0]}", "Vera", FONT_SIZE) <= width:
            head, tail = hyphenate[bare]
            lines.append(f"{line} {head}".strip())
            line = word.replace(bare, tail)
            continue
        lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


def paper_pdf(path, paragraphs: list[str], columns: int = 1, header: str | None = "Journal of Results, Vol. 12",
              page_numbers: bool = True, references: list[str] | None = None,
              hyphenate: dict[str, tuple[str, str]] | None = None, password: str | None = None,
              preamble: list[str] | None = None) -> str:
    """Write the PDF; returns its path. ``preamble``: paragraphs set over the full width at
    the top of the first page (a title, the authors, an abstract)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    font = _font()
    width = (PAGE[0] - 2 * MARGIN - (columns - 1) * GUTTER) / columns
    lines: list[str | None] = []                   # None: a paragraph gap
    for paragraph in paragraphs:
        lines += _wrap(paragraph, width, hyphenate or {}) + [None]
    if references:
        lines += ["References", None]
        for reference in references:
            lines += _wrap(reference, width, {}) + [None]
    full_width: list[str | None] = []
    for paragraph in preamble or []:
        full_width += _wrap(paragraph, PAGE[0] - 2 * MARGIN, {}) + [None]
    rows = int((PAGE[1] - 2 * MARGIN) / LEADING)
    encrypt = StandardEncryption(password, ownerPassword=password + "-owner") if password else None
    pdf = canvas.Canvas(str(path), pagesize=PAGE, encrypt=encrypt)
    page = 0
    while lines:
        page += 1
        pdf.setFont(font, 8)
        if header:
            pdf.drawString(MARGIN, PAGE[1] - 40, header)
        if page_numbers:
            pdf.drawCentredString(PAGE[0] / 2, 36, str(page))
        pdf.setFont(font, FONT_SIZE)
        top = 0
        if page == 1:
            for row, line in enumerate(full_width):
                if line is not None:
                    pdf.drawString(MARGIN, PAGE[1] - MARGIN - row * LEADING, line)
            top = len(full_width)
        per_column = rows - top
        page_columns = [lines[k * per_column:(k + 1) * per_column] for k in range(columns)]
        lines = lines[columns * per_column:]
        for row in range(per_column):                # across the columns, row by row
            for k, column in enumerate(page_columns):
                if row < len(column) and column[row] is not None:
                    pdf.drawString(MARGIN + k * (width + GUTTER), PAGE[1] - MARGIN - (top + row) * LEADING,
                                   column[row])
        pdf.showPage()
    pdf.save()
    return str(path)


def scanned_pdf(path) -> str:
    """A PDF with a picture and no text layer."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=PAGE)
    for x in range(0, 400, 8):
        pdf.rect(MARGIN + x, 400, 4, 200, fill=1)
    pdf.showPage()
    pdf.save()
    return str(path)


def word_docx(path, paragraphs: list[str], table: list[list[str]] | None = None, footnote: str | None = None,
              inserted: str | None = None, deleted: str | None = None) -> str:
    """A .docx with paragraphs, optionally a table, a footnote, and a tracked insertion and
    deletion in a last paragraph ("Kept [inserted] [deleted] end.")."""
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    if inserted or deleted:
        paragraph = document.add_paragraph("Kept words ")
        for tag, text, text_tag in (("w:ins", inserted, "w:t"), ("w:del", deleted, "w:delText")):
            if not text:
                continue
            change = OxmlElement(tag)
            change.set(qn("w:id"), "1" if tag == "w:ins" else "2")
            change.set(qn("w:author"), "Editor")
            run = OxmlElement("w:r")
            node = OxmlElement(text_tag)
            node.set(qn("xml:space"), "preserve")
            node.text = text + " "
            run.append(node)
            change.append(run)
            paragraph._p.append(change)
        paragraph.add_run("end.")
    document.save(str(path))
    if footnote:
        _add_footnote(str(path), footnote)
    return str(path)


def _add_footnote(path: str, text: str) -> None:
    """python-docx writes no footnotes: add the part to the package by hand."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>").encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>", b'<Relationship Id="rIdFoot1" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)

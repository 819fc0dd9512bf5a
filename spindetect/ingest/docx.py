"""Word (.docx) -> text, paragraph by paragraph (python-docx, MIT).

Read as the document would be published: body paragraphs and table cells in document order,
then footnotes and endnotes; with tracked changes, insertions are in and deletions (and text
moved away) are out. Each paragraph with text becomes one paragraph of the extracted text (a
blank line apart) and gets a number from 1, which findings report (JSON ``paragraph``).
Headers, footers and comments are not the document's text and are left out. Runs inside
``sandbox``'s forked child, like the PDF reader.
"""
from __future__ import annotations

import io

from ..core.types import InputError, Layout
from .references import references_section

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEFT_OUT = {f"{W}del", f"{W}moveFrom", f"{W}delText", f"{W}instrText", f"{W}footnoteReference",
            f"{W}endnoteReference", f"{W}commentReference"}
NOTES = ("/word/footnotes.xml", "/word/endnotes.xml")


def extract(name: str, data: bytes) -> tuple[str, Layout, list[str]]:
    """(text, layout, problems) of a .docx file's bytes; InputError for one that is not."""
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(name, f"not a readable Word document ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - lxml's and zipfile's many ways to refuse damaged input
        raise InputError(name, f"damaged Word document ({type(exc).__name__}: {exc})") from None
    paragraphs = [_text(p) for p in _body_paragraphs(document.element.body)]
    paragraphs += [_text(p) for p in _note_paragraphs(document)]
    text, starts, numbers = "", [], []
    for paragraph in paragraphs:
        if not paragraph.strip():
            continue
        if text:
            text += "\n\n"
        starts.append(len(text))
        numbers.append(len(numbers) + 1)
        text += paragraph
    if not text:
        raise InputError(name, "Word document has no text")
    return text, Layout("docx", "paragraph", starts, numbers, references_section(text)), []


def _body_paragraphs(body):
    """w:p elements in reading order, those inside tables included (a cell's paragraphs in
    turn, row by row)."""
    for element in body.iter(f"{W}p"):
        if not any(ancestor.tag in (f"{W}p",) for ancestor in element.iterancestors()):
            yield element


def _note_paragraphs(document):
    for part in document.part.package.iter_parts():
        if str(part.partname) in NOTES:
            from lxml import etree

            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True,
                                                               huge_tree=False))
            for note in root.iter(f"{W}footnote", f"{W}endnote"):
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                yield from note.iter(f"{W}p")


def _text(paragraph) -> str:
    """A paragraph's text as published: w:t runs (inserted ones too), tabs and breaks; nothing
    under a deletion or a move away."""
    parts = []
    for element in paragraph.iter():
        if element.tag == f"{W}t" and not _left_out(element, paragraph):
            parts.append(element.text or "")
        elif element.tag == f"{W}tab" and not _left_out(element, paragraph):
            parts.append("\t")
        elif element.tag in (f"{W}br", f"{W}cr") and not _left_out(element, paragraph):
            parts.append("\n")
    return "".join(parts).replace("\u00a0", " ")


def _left_out(element, paragraph) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag in LEFT_OUT:
            return True
    return False

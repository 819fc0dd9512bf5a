"""PDF and Word files among the inputs: recognised by their bytes and name, read in a bounded
child (``sandbox``) by ``pdf`` or ``docx``, returned as a SourceFile whose ``layout`` gives the
page or paragraph of every offset of the extracted text."""
from __future__ import annotations

from ..core.types import Layout, SourceFile
from . import sandbox

PDF_SUFFIXES = (".pdf",)
WORD_SUFFIXES = (".docx", ".docm")


def kind_of(name: str, data: bytes) -> str | None:
    """"pdf", "docx" or None (a text file)."""
    lower = name.lower()
    if data.startswith(b"%PDF-") or (lower.endswith(PDF_SUFFIXES) and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and (lower.endswith(WORD_SUFFIXES) or b"word/" in data[:8192]):
        return "docx"
    return None


def read_document(name: str, data: bytes, kind: str) -> SourceFile:
    """The extracted text of a PDF or Word file; InputError (naming ``name``) when it cannot be read."""
    result = sandbox.bounded(name, lambda: extract(name, data, kind))
    return SourceFile(name, result["text"], list(result["problems"]), Layout.from_dict(result["layout"]))


def extract(name: str, data: bytes, kind: str) -> dict:
    """The text, layout and problems of a PDF or Word file, read in this process (``read_document``
    runs it in the bounded child; the fuzzing campaign calls it directly)."""
    if kind == "pdf":
        from . import pdf
        text, layout, problems = pdf.extract(name, data, _is_word)
    else:
        from . import docx
        text, layout, problems = docx.extract(name, data)
    return {"text": text, "layout": layout.to_dict(), "problems": problems}


def _is_word(word: str) -> bool:
    from ..detect import lexicon

    return lexicon.load().id(word) is not None

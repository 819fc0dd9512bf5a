"""One entry point from a document to its prose: markup blanked by the format's masker.

The prose has the same length as the source, so offsets found in it index the source.
Suppression comments (``<!-- spindetect-disable -->`` and friends) are honoured only when the
caller asks: an editor's own repository may silence a finding, a screened submission may not.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .markdown_mask import is_markdown, read_markdown
from .suppress import blank, suppressed_ranges


@dataclass
class Prose:
    text: str                                      # same length as the source
    suppressed: list[tuple[int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the markup was read, for the report's warnings


def is_html(path: str) -> bool:
    return path.lower().endswith((".html", ".htm", ".xhtml"))


def prose_of(source: str, path: str, honour_suppressions: bool = False) -> Prose:
    notes: list[str] = []
    if is_html(path):
        from .html_mask import parse_html  # html.parser: imported for HTML only
        text, comments = parse_html(source)
    elif is_markdown(path):
        text, comments, notes = read_markdown(source)
    else:
        return Prose(source)
    if not honour_suppressions:
        return Prose(text, notes=notes)
    ranges = suppressed_ranges(source, comments)
    return Prose(blank(text, ranges), ranges, notes)

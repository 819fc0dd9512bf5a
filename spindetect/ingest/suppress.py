"""Inline suppressions in Markdown and HTML comments.

``<!-- spindetect-disable -->`` silences everything up to ``<!-- spindetect-enable -->`` (or the
end of the file); ``<!-- spindetect-disable-next-line -->`` silences the line after the one the
comment ends on. The comments come from the format's parser, with their offsets.
"""
from __future__ import annotations

DISABLE, ENABLE, NEXT_LINE = "spindetect-disable", "spindetect-enable", "spindetect-disable-next-line"


def suppressed_ranges(source: str, comments: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Character ranges of ``source`` that the directives silence, in order."""
    ranges: list[tuple[int, int]] = []
    open_at = None
    for start, end, content in sorted(comments):
        directive = content.strip()
        if directive == NEXT_LINE:
            line_start = source.find("\n", end)
            if line_start >= 0:
                line_end = source.find("\n", line_start + 1)
                ranges.append((line_start + 1, len(source) if line_end < 0 else line_end))
        elif directive == DISABLE and open_at is None:
            open_at = end
        elif directive == ENABLE and open_at is not None:
            ranges.append((open_at, start))
            open_at = None
    if open_at is not None:
        ranges.append((open_at, len(source)))
    return sorted(ranges)


def blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with the ranges overwritten by spaces (line breaks kept)."""
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)

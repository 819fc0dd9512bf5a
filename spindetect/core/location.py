"""Character offsets -> 1-based line and column (columns count Unicode code points)."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    line: int
    column: int
    end_line: int
    end_column: int      # one past the last character, as SARIF's endColumn


class LineIndex:
    def __init__(self, text: str):
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def locate(self, start: int, end: int) -> Location:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Location(line, column, end_line, end_column)

"""Document text made safe to print on a terminal.

A document may carry control characters: an escape sequence in a submitted text would be obeyed
by the reviewer's terminal (retitle it, clear the screen, hide or recolour lines of the report).
Each one is shown as its visible Unicode picture instead (ESC as "␛"), one character for one, so
that offsets into the text still hold. Newlines and tabs stay. The bidirectional embeddings,
overrides and isolates (U+202A-U+202E, U+2066-U+2069), which make a line look like other text
than it holds ("Trojan Source"), are shown as U+FFFD too; the HTML report does the same
(``without_bidi_controls``). Plain right-to-left text needs none of them.
"""
from __future__ import annotations

_PICTURES = {code: 0x2400 + code for code in range(32) if chr(code) not in "\n\t"}
_PICTURES[0x7F] = 0x2421                                     # DEL
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})  # C1 controls (0x9B is a CSI)
_BIDI_CONTROLS = {code: 0xFFFD for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
_PICTURES.update(_BIDI_CONTROLS)


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab replaced by its picture."""
    return text.translate(_PICTURES)


_LINE_PICTURES = {**_PICTURES, ord("\n"): 0x2424, ord("\t"): 0x2409}     # NEWLINE, TAB pictures


def one_line(text: str) -> str:
    """``text`` (a file name, a message naming one) kept on one line: newlines and tabs shown
    as pictures too, so that a line-oriented report stays one line per issue."""
    return text.translate(_LINE_PICTURES)


def without_bidi_controls(text: str) -> str:
    """``text`` with the bidirectional embeddings, overrides and isolates shown as U+FFFD."""
    return text.translate(_BIDI_CONTROLS)

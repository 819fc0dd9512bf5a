"""Document text made safe to print on a terminal.

A document may carry control characters: an escape sequence in a submitted text would be obeyed
by the reviewer's terminal (retitle it, clear the screen, hide or recolour lines of the report).
Each one is shown as its visible Unicode picture instead (ESC as "␛"), one character for one, so
that offsets into the text still hold. Newlines and tabs stay.
"""
from __future__ import annotations

_PICTURES = {code: 0x2400 + code for code in range(32) if chr(code) not in "\n\t"}
_PICTURES[0x7F] = 0x2421                                     # DEL
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})  # C1 controls (0x9B is a CSI)


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab replaced by its picture."""
    return text.translate(_PICTURES)

"""Paths and stdin -> decoded documents.

Directories are walked recursively (symlinked directories are followed once: a loop is
noticed by the real path and not entered again; named pipes, sockets and devices met on the way
are passed over, while one named on the command line is read, as ``cat`` would). Files are
read, never written. Problems with one file become a warning or an error naming that file;
nothing here raises a traceback to the user.
"""
from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from ..core.types import InputError, SourceFile, display_path, os_errors_as_input_errors

DEFAULT_GLOBS = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
BINARY_SNIFF = 8192


@dataclass
class Skipped:
    """A file left out of the scan, with the reason (binary, unreadable...)."""
    path: str
    reason: str


def iter_paths(paths: list[str], globs: tuple[str, ...] = DEFAULT_GLOBS) -> Iterator[str]:
    """Files named directly, and the matching files under directories, in a stable order.

    A missing path raises InputError."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            yield from _walk(path, globs)
        elif os.path.exists(path):
            yield path
        elif os.path.islink(path):
            raise InputError(path, "broken symbolic link")
        else:
            raise InputError(path, "no such file or directory")


def _walk(root: str, globs: tuple[str, ...]) -> Iterator[str]:
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if any(fnmatch.fnmatch(name, g) for g in globs) and not _special(path):
                yield path


def _special(path: str) -> bool:
    """A named pipe, socket or device: reading a pipe would wait for a writer forever. (A
    dangling link is not special: reading it reports the missing file.)"""
    return os.path.exists(path) and not os.path.isfile(path)


def looks_binary(data: bytes) -> bool:
    head = data[:BINARY_SNIFF]
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.1


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),   # UTF-32 first: its LE
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))                  # BOM begins like UTF-16's


def bom_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 when the bytes begin with its byte order mark (what Windows editors
    write as "Unicode"); None otherwise (UTF-8, with or without its own mark)."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode(path: str, data: bytes) -> SourceFile:
    warnings = []
    encoding = bom_encoding(data) or "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode(encoding)        # utf-16/32 read their mark and drop it
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace")
        warnings.append(f"invalid {encoding.upper()} at byte {exc.start}; undecodable bytes replaced with U+FFFD")
    return SourceFile(path, text.replace("\r\n", "\n"), warnings)


def read(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile | Skipped:
    """Read one path ('-' for stdin). Raises InputError for a file that cannot be used at all."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
    else:
        name = display_path(path)
        with os_errors_as_input_errors(path):
            size = os.path.getsize(path)
            if size > max_bytes:
                raise InputError(path, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-bytes)")
            with open(path, "rb") as handle:
                data = handle.read(max_bytes + 1)
    return from_bytes(name, data, max_bytes)


def from_bytes(name: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile | Skipped:
    """The checks every input goes through once its bytes are in hand (a file, stdin, a git blob)."""
    if len(data) > max_bytes:
        raise InputError(name, f"input is over the {max_bytes:,}-byte limit (--max-bytes)")
    if bom_encoding(data) is None and looks_binary(data):      # UTF-16 text is full of NUL bytes
        return Skipped(name, "binary file, skipped")
    return decode(name, data)

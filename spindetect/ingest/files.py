"""Paths and stdin -> decoded documents.

Directories are walked recursively (symlinked directories are followed once: a loop is
noticed by the real path, reported and not entered again; named pipes, sockets and devices met on
the way are passed over, while one named on the command line is read, as ``cat`` would). Files
are read, never written. A path that cannot be used (missing, a dangling link, a loop, a folder
that cannot be listed) is still yielded, so that it is reported in its place and the others are
scanned, as ruff and grep do: reading it raises the InputError naming it. Nothing here raises a
traceback to the user.
"""
from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from ..core.types import InputError, SourceFile, display_path, os_errors_as_input_errors
from .documents import kind_of, read_document

DEFAULT_GLOBS = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.pdf", "*.docx")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
BINARY_SNIFF = 8192


@dataclass
class Skipped:
    """A file left out of the scan, with the reason (binary, unreadable...)."""
    path: str
    reason: str


class UnusablePath(str):
    """A path met while listing the inputs that cannot be read (a directory loop, a folder that
    cannot be listed); ``read`` raises its problem. A str, so it travels wherever paths do."""

    def __new__(cls, path: str, problem: str):
        made = super().__new__(cls, path)
        made.problem = problem
        return made

    def __reduce__(self):
        return UnusablePath, (str(self), self.problem)


def iter_paths(paths: list[str], globs: tuple[str, ...] = DEFAULT_GLOBS) -> Iterator[str]:
    """Files named directly, and the matching files under directories, in a stable order. A
    missing path is yielded too: reading it reports it."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk(path, globs)
        else:
            yield path


def _walk(root: str, globs: tuple[str, ...]) -> Iterator[str]:
    seen: set[str] = set()
    unlisted: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unlisted.append):
        while unlisted:
            failure = unlisted.pop(0)
            yield UnusablePath(failure.filename or dirpath, f"cannot list the folder: {failure.strerror or failure}")
        real = os.path.realpath(dirpath)
        if real in seen:
            if _inside(os.path.realpath(os.path.dirname(dirpath)), real):
                yield UnusablePath(dirpath, f"symbolic link loop (back to {real}); not entered again")
            dirnames[:] = []            # a second link to a folder already read: read once
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if any(fnmatch.fnmatch(name, g) for g in globs) and not _special(path):
                yield path
    for failure in unlisted:
        yield UnusablePath(failure.filename or root, f"cannot list the folder: {failure.strerror or failure}")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


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


NOISE_SCRIPTS = 6


def looks_like_noise(text: str) -> bool:
    """Text decoded from bytes that only begin like UTF-16/32: control, unassigned or private
    characters, or letters from more scripts than any document mixes (bytes read two at a time
    land all over Unicode)."""
    import unicodedata

    if not text:
        return False
    odd = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") and c not in "\t\n\r\f")
    scripts = {unicodedata.name(c, "?").split(" ")[0] for c in text if c.isalpha()}
    return odd / len(text) > 0.05 or len(scripts) > NOISE_SCRIPTS


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
    if isinstance(path, UnusablePath):
        raise InputError(path, path.problem)
    if path == "-":
        if sys.stdin is None:
            raise InputError("<stdin>", "standard input is closed")
        with os_errors_as_input_errors("<stdin>"):
            data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
    else:
        name = display_path(path)
        missing = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        with os_errors_as_input_errors(path, missing):
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
    if not data:
        return Skipped(name, "empty file, nothing to scan")
    kind = kind_of(name, data)
    if kind is not None:
        return read_document(name, data, kind)
    if bom_encoding(data) is None and looks_binary(data):      # UTF-16 text is full of NUL bytes
        return Skipped(name, "binary file, skipped")
    source = decode(name, data)
    if bom_encoding(data) is not None and looks_like_noise(source.text[:BINARY_SNIFF]):
        return Skipped(name, "binary file, skipped")     # a byte order mark, then no text
    return source

"""Writing what a command produces, so that a failed write is one line and never a file that
looks complete.

A report file is written under a temporary name beside it and renamed into place only when
every byte is written (``replace_file``): a full disk or a killed process leaves the previous
file, or none, never half a report. A device or a named pipe (``-o /dev/stdout``) is written in
place. Standard output is checked before it is used (``stdout``): a closed one is an error, not
a report lost without a word. Every operating-system error becomes an ``OutputError`` naming
what was being written.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from .types import OutputError

STDOUT = "<stdout>"


def stdout() -> TextIO:
    """Standard output, or OutputError when the process was started with it closed."""
    if sys.stdout is None:
        raise OutputError(STDOUT, "standard output is closed; nothing could be written (use -o FILE)")
    return sys.stdout


@contextmanager
def writing(name: str) -> Iterator[None]:
    """Operating-system errors while writing ``name`` become an OutputError naming it. A broken
    pipe on standard output also points it at /dev/null, so that the interpreter's last flush
    does not print a traceback of its own."""
    try:
        yield
    except OSError as exc:
        if name == STDOUT:
            silence_stdout()
        raise OutputError(name, f"cannot write: {exc.strerror or exc}") from None


def silence_stdout() -> None:
    try:
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, sys.stdout.fileno())
        os.close(descriptor)
    except (OSError, AttributeError, ValueError):
        pass


def flush_stdout() -> None:
    """Push out what is buffered for standard output (OutputError when it cannot be)."""
    if sys.stdout is not None:
        with writing(STDOUT):
            sys.stdout.flush()


@contextmanager
def replace_file(path: str, mode: str = "w") -> Iterator[TextIO]:
    """A handle whose content becomes ``path`` when the block ends without error. A regular file
    (or a new one) is written as a temporary file in the same folder, flushed to disk and renamed
    over ``path``: the old content stays until the new one is whole. The file keeps the
    permissions of the one it replaces (a new one gets the umask's). A device or pipe is written
    directly."""
    real = os.path.realpath(path)
    if os.path.exists(real) and not os.path.isfile(real):
        with writing(path), open(real, mode, encoding=None if "b" in mode else "utf-8") as handle:
            yield handle
        return
    folder, name = os.path.split(real)
    with writing(path):
        descriptor, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    try:
        with writing(path):
            handle = os.fdopen(descriptor, mode, encoding=None if "b" in mode else "utf-8")
        with handle:
            yield handle
            with writing(path):
                handle.flush()
                os.fsync(handle.fileno())
        with writing(path):
            os.chmod(partial, _mode_for(real))
            os.replace(partial, real)
    except BaseException:
        try:
            os.unlink(partial)
        except OSError:
            pass
        raise


def _mode_for(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_file(path: str, content: str) -> None:
    """``content`` becomes the file ``path`` whole, or OutputError and the file is untouched."""
    with replace_file(path) as handle, writing(path):
        handle.write(content)

"""Run a document reader in a forked child with a time and memory bound.

PDF and Word files are untrusted and their readers are large (PDFium is C++): a damaged or
hostile file (a PDF bomb, a deeply nested object, a zip bomb) may loop, exhaust memory or crash.
The reader runs in a forked child whose address space is capped (``MEMORY_BYTES`` above what the
process already maps) and which is killed after ``SECONDS``; its result comes back as JSON
(nothing is unpickled). Any way the child fails becomes one InputError naming the file, and the
scan goes on with the next one. Where forking is not possible (not Linux, or other threads
running, as in a Dask worker) the reader runs in this process, bounded only by its page limit.
"""
from __future__ import annotations

import json
import os
import select
import signal
import time
from collections.abc import Callable

from ..core.forked import can_fork
from ..core.types import InputError

SECONDS = 60.0
MEMORY_BYTES = 2 * 1024 ** 3


def bounded(name: str, read: Callable[[], dict], seconds: float | None = None, memory: int | None = None) -> dict:
    """``read()`` (a JSON-able dict) computed in a bounded child (``SECONDS``, ``MEMORY_BYTES``
    unless given); InputError for ``name`` when the reader refuses the file, runs too long,
    needs too much memory or crashes."""
    seconds = SECONDS if seconds is None else seconds
    memory = MEMORY_BYTES if memory is None else memory
    if not can_fork():
        return read()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:                                          # the child
        os.close(read_end)
        status = 3
        try:
            _cap_memory(memory)
            try:
                payload = {"ok": read()}
            except InputError as exc:
                payload = {"refused": exc.problem}
            except MemoryError:
                payload = {"refused": f"needs over {memory // 1024 ** 2:,} MB of memory to read"}
            except Exception as exc:  # noqa: BLE001 - a defect in the reader: reported as one
                payload = {"defect": f"{type(exc).__name__}: {exc}"}
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(json.dumps(payload).encode("utf-8", "surrogatepass"))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return _collect(name, pid, read_end, seconds, memory)


def _cap_memory(extra: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = mapped + extra
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass


def _collect(name: str, pid: int, read_end: int, seconds: float, memory: int) -> dict:
    chunks, deadline = [], time.monotonic() + seconds
    with os.fdopen(read_end, "rb") as pipe:
        while True:
            left = deadline - time.monotonic()
            ready = select.select([pipe], [], [], max(left, 0))[0] if left > 0 else []
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise InputError(name, f"took over {seconds:.0f} s to read, stopped (a PDF bomb?)")
            chunk = os.read(pipe.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or not chunks:
        if code in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS) or code > 0:
            raise InputError(name, f"the reader failed on this file ({_how(code, memory)}); damaged?")
        raise InputError(name, f"the reader was stopped ({_how(code, memory)})")
    payload = json.loads(b"".join(chunks).decode("utf-8", "surrogatepass"))
    if "refused" in payload:
        raise InputError(name, payload["refused"])
    if "defect" in payload:
        raise ReaderDefect(payload["defect"])
    return payload["ok"]


class ReaderDefect(Exception):
    """The reader failed in a way it should not have (reported as an internal error)."""


def _how(code: int, memory: int) -> str:
    if code < 0:
        return f"signal {signal.Signals(-code).name}"
    if code == 3:
        return f"an error, or over {memory // 1024 ** 2:,} MB of memory"
    return f"exit {code}"


"""Run a piece of one document's work in a forked child while this process does the rest.

A long document's independent steps (the readability figures, the phrase candidates) can use
a second core: the child inherits everything already loaded (lexicon, models, the tokens) at
no cost, computes one function and writes its result, encoded as bytes, to a pipe. The parent
reads it when it needs it. Where forking is not safe or not available (not Linux, other
threads running) or the child fails, the function simply runs in this process: the result is
the same either way, only the time differs. Nothing is unpickled: each caller encodes and
decodes its own result (JSON, numpy's .npy without pickles).
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


QUIET_THREAD = "spindetect-watch"     # a worker's thread that only waits in select(): holds no lock


def can_fork() -> bool:
    """Fork only on Linux and only from a single-threaded process (a fork copies one thread;
    a lock another thread holds would stay held in the child), a worker's watch thread aside."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and not blocking_threads(threading.enumerate())


def blocking_threads(threads: list) -> list:
    """The threads among ``threads`` that make a fork unsafe: all but this one and quiet ones."""
    return [t for t in threads if t is not threading.current_thread() and t.name != QUIET_THREAD]


class Later(Generic[T]):
    """The result of ``function()``, computed in a forked child when ``fork`` is asked for and
    possible, else here when the result is asked for."""

    def __init__(self, function: Callable[[], T], encode: Callable[[T], bytes], decode: Callable[[bytes], T],
                 fork: bool = True):
        self._function, self._decode = function, decode
        self._pid: int | None = None
        self._read_end: int | None = None
        if not (fork and can_fork()):
            return
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:                        # no memory or process slot: do it here later
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:                           # the child: compute, write, leave without cleanup
            os.close(read_end)
            status = 1
            try:
                payload = encode(function())
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
                status = 0
            finally:
                os._exit(status)               # no atexit handlers, no flush of inherited buffers
        os.close(write_end)
        self._pid, self._read_end = pid, read_end

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def __del__(self):
        """Never asked for (the caller failed first): end and reap the child."""
        if self._pid is not None:
            os.close(self._read_end)           # a child still writing gets a broken pipe and exits
            os.waitpid(self._pid, 0)
            self._pid = None

    def result(self) -> T:
        if self._pid is None:
            return self._function()
        with os.fdopen(self._read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if os.waitstatus_to_exitcode(status) != 0:
            return self._function()            # the child failed: the same work, here
        return self._decode(payload)

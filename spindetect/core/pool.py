"""A pool of worker processes for any per-item work (batch scans, index building)."""
from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Iterator

from .blas import one_blas_thread
from .forked import QUIET_THREAD


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                                   # not Linux
        return os.cpu_count() or 1


def _end_with(scan_pid: int) -> None:
    """A worker whose scan was killed (``kill -9``) ends quietly: a result written to the pipe
    nobody reads any more ends it as SIGPIPE ends any Unix filter (Python ignores SIGPIPE and
    would print a BrokenPipeError traceback instead), and a thread ends it when the scan's
    process is gone (an idle worker would otherwise wait for work forever: its parent is the
    forkserver, which outlives the scan)."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    threading.Thread(target=_exit_when_gone, args=(scan_pid,), daemon=True, name=QUIET_THREAD).start()


def _exit_when_gone(pid: int) -> None:
    try:
        handle = os.pidfd_open(pid)                          # Linux 5.3+: readable when it ends
        select.select([handle], [], [])
    except (AttributeError, OSError):
        while True:
            time.sleep(1.0)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
    os._exit(0)


def _worker_init(initializer, initargs, scan_pid) -> None:
    _end_with(scan_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)            # the parent handles Ctrl-C
    one_blas_thread()                                        # one core per worker (as Dask does),
                                                             # before numpy loads in the initializer
    initializer(*initargs)


def pool_imap(function, items: list, jobs: int, initializer, initargs: tuple = ()) -> Iterator:
    """``function`` over ``items`` in ``jobs`` worker processes, results in input order; each
    worker ignores Ctrl-C, uses one BLAS thread and runs ``initializer(*initargs)`` first."""
    import multiprocessing  # here: most scans need no pool, and the import costs ~9 ms
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunksize = max(1, min(16, len(items) // (jobs * 8) or 1))
    with context.Pool(jobs, initializer=_worker_init, initargs=(initializer, initargs, os.getpid())) as pool:
        try:
            yield from pool.imap(function, items, chunksize=chunksize)
        finally:
            pool.terminate()

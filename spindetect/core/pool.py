"""A pool of worker processes for any per-item work (batch scans, index building)."""
from __future__ import annotations

import os
import signal
from collections.abc import Iterator

from .blas import one_blas_thread


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                                   # not Linux
        return os.cpu_count() or 1


def _end_with_parent() -> None:
    """Linux: this process is sent SIGTERM when the process that started it dies (a scan killed
    with ``kill -9``): it ends quietly instead of failing to hand back a result through a pipe
    nobody reads and printing BrokenPipeError tracebacks."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)                        # PR_SET_PDEATHSIG
    except (OSError, AttributeError):                        # not Linux: the pool's own cleanup
        return
    if os.getppid() == 1:                                    # the parent died before the call
        os._exit(0)


def _worker_init(initializer, initargs) -> None:
    _end_with_parent()
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
    with context.Pool(jobs, initializer=_worker_init, initargs=(initializer, initargs)) as pool:
        try:
            yield from pool.imap(function, items, chunksize=chunksize)
        finally:
            pool.terminate()

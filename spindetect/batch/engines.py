"""Engines: each maps ``scan_path`` over the paths and yields Outcomes in input order.

- serial: this process;
- local: ``jobs`` worker processes (multiprocessing), lexicon and models loaded once per worker;
- dask: the same function on a dask.distributed cluster (a LocalCluster of ``jobs`` worker
  processes when no scheduler address is given).
At most ``window`` documents are in flight, so memory does not grow with the corpus.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from ..core.pool import pool_imap
from ..core.types import SetupError
from .work import Outcome, ScanSettings, scan_path, scan_paths, warm_up


def serial(paths: list[str], settings: ScanSettings) -> Iterator[Outcome]:
    warm_up(settings)
    for path in paths:
        yield scan_path(path, settings)


def local(paths: list[str], settings: ScanSettings, jobs: int) -> Iterator[Outcome]:
    yield from pool_imap(partial(scan_path, settings=settings), paths, jobs, warm_up, (settings,))


def dask(paths: list[str], settings: ScanSettings, jobs: int, scheduler: str | None,
         chunk: int = 16, chunks_per_worker: int = 4) -> Iterator[Outcome]:
    """Tasks of ``chunk`` documents (a task per document would cost more in scheduling than
    in scanning); at most ``chunks_per_worker`` tasks per worker in flight."""
    cluster, client = _dask_client(jobs, scheduler)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = workers * chunks_per_worker
        pending: deque = deque()
        for start in range(0, len(paths), chunk):
            pending.append(client.submit(scan_paths, paths[start:start + chunk], settings, pure=False))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_client(jobs: int, scheduler: str | None):
    """(LocalCluster or None, Client); SetupError, in one line, when no cluster can be reached
    or started (the connection timeout is Dask's: distributed.comm.timeouts.connect)."""
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.CRITICAL)    # its retries are not the user's news
    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None, silence_logs=50)
        return cluster, Client(cluster if cluster is not None else scheduler)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SetupError(f"--engine dask: cannot reach {where} ({reason})") from None


def run(paths: list[str], settings: ScanSettings, engine: str = "local", jobs: int = 1,
        scheduler: str | None = None) -> Iterator[Outcome]:
    """Outcomes for ``paths`` in order. Standard input ('-') is read here, first; the rest go
    to the engine (serial when one local job is asked for, or one document: then the jobs
    asked for are the processes that document may use)."""
    if engine != "dask" and (len(paths) == 1 and jobs > 1):
        settings = replace(settings, scanner=settings.scanner.replace(workers=jobs))
    rest = [p for p in paths if p != "-"]
    if len(rest) != len(paths):
        warm_up(settings)
        yield scan_path("-", settings)
    if not rest:
        return
    if engine == "dask":
        yield from dask(rest, settings, jobs, scheduler)
    elif jobs > 1 and len(rest) > 1:
        yield from local(rest, settings, min(jobs, len(rest)))
    else:
        yield from serial(rest, settings)

"""A progress bar on stderr for long scans: documents, words/s, elapsed and ETA."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from .work import Outcome


def track(outcomes: Iterable[Outcome], total: int, enabled: bool) -> Iterator[Outcome]:
    if not enabled:
        yield from outcomes
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    columns = (TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TextColumn("documents"),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task("scan", total=total, rate="")
        words, started = 0, time.perf_counter()
        for outcome in outcomes:
            if outcome.record is not None:
                words += outcome.record.get("words", 0)
            rate = words / max(time.perf_counter() - started, 1e-6)
            progress.update(task, advance=1, rate=f"{rate:,.0f} words/s")
            yield outcome

"""A progress bar on stderr for long runs: documents, words/s, elapsed and ETA."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")


def _record_words(outcome) -> int:
    return outcome.record.get("words", 0) if outcome.record is not None else 0


def track(items: Iterable[Item], total: int, enabled: bool, label: str = "scanning",
          words: Callable[[Item], int] = _record_words) -> Iterator[Item]:
    """``items`` unchanged, with a bar counting them (and ``words(item)``) while ``enabled``."""
    if not enabled:
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("documents"),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task(label, total=total, rate="")
        counted, started = 0, time.perf_counter()
        for item in items:
            counted += words(item)
            rate = counted / max(time.perf_counter() - started, 1e-6)
            progress.update(task, advance=1, rate=f"{rate:,.0f} words/s")
            yield item

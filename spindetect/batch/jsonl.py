"""JSON Lines output: one line per document, written and flushed as each finishes, so a
killed scan leaves whole lines; ``--resume`` reads which paths are done."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator

from ..core.types import InputError


def done_paths(path: str) -> set[str]:
    """Paths already in a results file. A last line cut off mid-write (no newline, or not
    JSON) is removed from the file so appending continues from a whole line."""
    if not os.path.exists(path):
        return set()
    done, keep_bytes = set(), 0
    try:
        with open(path, "rb") as handle:
            for raw in handle:
                try:
                    record = json.loads(raw)
                    complete = raw.endswith(b"\n") and isinstance(record, dict) and "path" in record
                except (json.JSONDecodeError, UnicodeDecodeError):
                    complete = False
                if not complete:
                    break
                done.add(record["path"])
                keep_bytes += len(raw)
        if keep_bytes != os.path.getsize(path):
            with open(path, "r+b") as handle:
                handle.truncate(keep_bytes)
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    return done


def iter_records(path: str) -> Iterator[dict | None]:
    """Each line of a results file as a dict, or None for a line that is not a record (a
    last line cut off mid-write). Streams: memory does not grow with the file."""
    try:
        with open(path, "rb") as handle:
            for raw in handle:
                try:
                    record = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    yield None
                    continue
                yield record if isinstance(record, dict) and "path" in record else None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


class Writer:
    def __init__(self, handle):
        self.handle = handle

    def write(self, record: dict) -> None:
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.handle.flush()

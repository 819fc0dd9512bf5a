"""JSON Lines output: one line per document, written and flushed as each finishes, so a
killed scan leaves whole lines; ``--resume`` reads which paths are done."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator

from ..core.types import InputError, os_errors_as_input_errors


def done_paths(path: str) -> set[str]:
    """Paths already in a results file. A last line cut off mid-write (no newline, or not
    JSON) is removed from the file so appending continues from a whole line; a bad line
    elsewhere is an error (the file is left alone)."""
    if not os.path.exists(path):
        return set()
    done, keep_bytes = set(), 0
    with os_errors_as_input_errors(path):
        with open(path, "rb") as handle:
            for raw in handle:
                try:
                    record = json.loads(raw)
                    complete = raw.endswith(b"\n") and isinstance(record, dict) and "path" in record
                except (json.JSONDecodeError, UnicodeDecodeError):
                    complete = False
                if not complete:
                    if handle.read(1):                 # not the last line: not ours to cut
                        raise InputError(path, f"line {len(done) + 1} is not a result record; not resuming")
                    break
                done.add(record["path"])
                keep_bytes += len(raw)
        if keep_bytes != os.path.getsize(path):
            with open(path, "r+b") as handle:
                handle.truncate(keep_bytes)
    return done


def iter_records(path: str) -> Iterator[dict | None]:
    """Each line of a results file as a dict, or None for a line that is not a record (a
    last line cut off mid-write). Streams: memory does not grow with the file. A JSON report
    (``scan --format json``, one indented object) is read too: its documents, then its skipped
    files, as the JSONL lines would have been."""
    with os_errors_as_input_errors(path, "no such file"), open(path, "rb") as handle:
        if handle.readline().strip() == b"{":
            handle.seek(0)
            yield from _report_records(path, handle)
            return
        handle.seek(0)
        for raw in handle:
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                yield None
                continue
            yield record if isinstance(record, dict) and "path" in record else None


class Writer:
    def __init__(self, handle):
        self.handle = handle

    def write(self, record: dict) -> None:
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.handle.flush()


def _report_records(path: str, handle) -> Iterator[dict]:
    try:
        report = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError(path, "begins like a JSON report but is not valid JSON") from None
    documents = report.get("documents") if isinstance(report, dict) else None
    if not isinstance(documents, list):
        raise InputError(path, "is JSON but not a spindetect report (no documents list)")
    for document in documents:
        yield document if isinstance(document, dict) and "path" in document else None
    for skipped in report.get("skipped") or []:
        if isinstance(skipped, dict) and "path" in skipped:
            yield {"path": skipped["path"], "skipped": skipped.get("reason", "skipped")}

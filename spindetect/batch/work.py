"""The per-document unit of work, the same in every engine.

``scan_path`` never raises: an unreadable or binary file, or an unexpected failure inside the
detector, becomes an Outcome with ``error`` or ``skipped`` so that a scan of a million files
goes on. What the settings' Scanner names (lexicon, models, phrase lists, index) is cached per
process and loaded by ``warm_up`` before the first document, once per process.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass, field

from ..core.types import DocumentReport, InputError, display_path, internal_error
from ..ingest.files import Skipped, read
from ..scanner import Scanner


@dataclass(frozen=True)
class ScanSettings:
    max_bytes: int
    scanner: Scanner = Scanner()   # what each document is scanned with
    keep_report: bool = False      # return the whole DocumentReport (text/html need the text)
    include_text: bool = False     # the JSON record carries the text its offsets index


@dataclass
class Outcome:
    path: str
    record: dict | None = None                     # the documents[] entry of the JSON format
    report: DocumentReport | None = None
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None
    error: str | None = None
    internal: bool = False                         # the error is a defect, not the input's

    def line(self) -> dict:
        """The JSONL line: the document's entry, or its path with ``error`` / ``skipped``."""
        if self.record is not None:
            return self.record
        if self.skipped is not None:
            return {"path": self.path, "skipped": self.skipped}
        return {"path": self.path, "error": self.error}


YOUNG_OBJECTS_BEFORE_COLLECTING = 20_000    # the collector's default is 700


def warm_up(settings: ScanSettings) -> None:
    """Load the lexicon, models, phrase lists and index now (a worker's initializer, and the
    start of a scan in this process), then settle the collector: what is loaded stays for the
    process's life, so it is moved out of the collector's view (``gc.freeze``), and young
    objects are collected less often (an analysis makes many short-lived containers). The
    collector took ~4% of a 100k-word scan (37 ms, most of it a full pass over everything
    imported) and ~2% of a batch of short documents."""
    settings.scanner.load()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS_BEFORE_COLLECTING, 20, 20)


def scan_path(path: str, settings: ScanSettings) -> Outcome:
    name = "<stdin>" if path == "-" else display_path(path)
    try:
        source = read(path, settings.max_bytes)
        if isinstance(source, Skipped):
            return Outcome(name, skipped=source.reason)
        report = settings.scanner.scan_source(source)
    except InputError as exc:
        if exc.path not in (path, "<stdin>"):       # not the document's fault: the index, say
            return Outcome(name, error=str(exc))
        return Outcome(name, error=exc.problem)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the scan
        return Outcome(name, error=internal_error(exc), internal=True)
    return Outcome(name, record=report.to_dict(settings.include_text), report=report if settings.keep_report else None,
                   warnings=source.warnings)


def scan_paths(paths: list[str], settings: ScanSettings) -> list[Outcome]:
    """A chunk of documents as one task (for engines with a per-task cost)."""
    return [scan_path(path, settings) for path in paths]

"""The command group and the manners every command shares.

Exit codes: 0 the command ran (whatever it found); 1 a policy or ``--fail-on`` failed; 2 usage
or input error (missing path, unreadable or oversized file, bad list, bad configuration). Input
problems are one line on stderr naming the file.
"""
from __future__ import annotations

import os

import click

from .. import __version__
from ..core.types import InputError
from ..report.terminal import printable


def error(message: str) -> None:
    click.echo(f"spindetect: error: {printable(message)}", err=True)      # file names may hold escapes


def warn(message: str) -> None:
    click.echo(f"spindetect: warning: {printable(message)}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spindetect")
def main() -> None:
    """Find spun text: phrases a synonym spinner rewrote, each paired with its likely original."""


def report_file_problems(path: str, warnings: list[str], skipped: str | None, problem: str | None,
                         name: str | None = None) -> bool:
    """One file's warnings, skip reason and error on stderr (``name``: how the document calls
    itself, e.g. ``<stdin>``); True when the file could not be used."""
    for warning in warnings:
        warn(f"{name or path}: {warning}")
    if skipped:
        warn(f"{path}: {skipped}")
    if problem:
        error(f"{path}: {problem}")
    return problem is not None


class OutputPath(click.Path):
    """A file the command writes: not a directory, and in a directory that exists and may be
    written, so that a mistyped ``-o`` fails before any work, in one line."""

    def __init__(self):
        super().__init__(dir_okay=False, writable=True)

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            self.fail(f"no such directory: {folder}", param, ctx)
        if not os.access(folder, os.W_OK):
            self.fail(f"directory not writable: {folder}", param, ctx)
        return path


def without_outputs(files: list[str], named: tuple[str, ...], *outputs: str | None) -> list[str]:
    """The input ``files`` less any that is one of the files the command writes (a report written
    into the scanned folder is not scanned next time); InputError when such a file was named as
    an input itself (``named``): the command would overwrite what it reads."""
    written = []
    for output in outputs:
        if output and os.path.exists(output):
            found = os.stat(output)
            written.append((found.st_dev, found.st_ino))
    if not written:
        return files
    kept = []
    for path in files:
        found = os.stat(path) if path != "-" and os.path.exists(path) else None
        if found is not None and (found.st_dev, found.st_ino) in written:
            if path in named:
                raise InputError(path, "is also where this command writes its output; an input is never overwritten")
            continue
        kept.append(path)
    return kept


def write_text(content: str, output: str | None) -> None:
    """A rendered report to ``output`` (a file) or to standard output."""
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(content)
    else:
        click.echo(content, nl=False)


def write_rich(render, output: str | None) -> None:
    """``render(console)`` onto a terminal console, or without colour into ``output``."""
    from rich.console import Console

    if output:
        with open(output, "w", encoding="utf-8") as handle:
            render(Console(file=handle, no_color=True, width=100))
    else:
        render(Console(highlight=False))

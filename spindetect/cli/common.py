"""The command group and the manners every command shares.

Exit codes: 0 the command ran (whatever it found); 1 a policy or ``--fail-on`` failed; 2 usage
or input error (missing path, unreadable or oversized file, bad list, bad configuration). Input
problems are one line on stderr naming the file.
"""
from __future__ import annotations

import click

from .. import __version__


def error(message: str) -> None:
    click.echo(f"spindetect: error: {message}", err=True)


def warn(message: str) -> None:
    click.echo(f"spindetect: warning: {message}", err=True)


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

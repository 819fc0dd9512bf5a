"""``spindetect scan``: the report on any text, for reading or for other tools."""
from __future__ import annotations

import sys

import click

from ..core.types import VERDICTS, InputError
from ..ingest.files import DEFAULT_GLOBS, DEFAULT_MAX_BYTES, Skipped, iter_paths, read
from .common import error, main, warn

FORMATS = ("text", "json", "html")


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format: colour-coded text, one JSON object, or a self-contained HTML page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of standard output.")
@click.option("--fingerprints", multiple=True, type=click.Path(dir_okay=False),
              help="A known-phrase list in the Problematic Paper Screener CSV format (repeatable).")
@click.option("--fail-on", type=click.Choice(VERDICTS[1:]),
              help="Exit 1 when any document's verdict is this or worse.")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help=f"File patterns to scan inside directories (repeatable; default {' '.join(DEFAULT_GLOBS)}).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse files larger than this.")
@click.option("--no-text", is_flag=True, help="Text format: print only each document's summary, not its diff.")
def scan(paths, fmt, output, fingerprints, fail_on, globs, max_bytes, no_text):
    """Scan files, directories (recursively) or '-' (standard input) for spun phrases.

    \b
    Examples:
      spindetect scan seeds/
      spindetect scan --format json article.txt
      cat draft.txt | spindetect scan -
      spindetect scan --fingerprints tortured.csv --fail-on spun paper.txt
    """
    from ..analyse import fingerprints as fp_module
    from ..api import scan_text

    failed = False
    matcher = None
    try:
        if fingerprints:
            matcher = fp_module.Matcher([f for path in fingerprints for f in fp_module.load(path)])
        files = list(iter_paths(list(paths), tuple(globs) or DEFAULT_GLOBS))
    except InputError as exc:
        error(str(exc))
        sys.exit(2)
    reports, skipped = [], []
    for path in files:
        try:
            source = read(path, max_bytes)
        except InputError as exc:
            error(str(exc))
            failed = True
            continue
        if isinstance(source, Skipped):
            warn(f"{source.path}: {source.reason}")
            skipped.append({"path": source.path, "reason": source.reason})
            continue
        for warning in source.warnings:
            warn(f"{source.path}: {warning}")
        reports.append(scan_text(source.text, source.path, matcher, source.warnings))
    _emit(reports, skipped, fmt, output, no_text)
    if failed:
        sys.exit(2)
    if fail_on and any(VERDICTS.index(r.verdict) >= VERDICTS.index(fail_on) for r in reports):
        sys.exit(1)


def _emit(reports, skipped, fmt, output, no_text) -> None:
    from rich.console import Console

    if fmt == "text":
        from ..report import text_format
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                text_format.render(reports, Console(file=handle, no_color=True, width=100), not no_text)
        else:
            text_format.render(reports, Console(), not no_text)
        return
    if fmt == "json":
        from ..report import json_format
        content = json_format.render(reports, skipped) + "\n"
    else:
        from ..report import html_format
        content = html_format.render(reports)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(content)
    else:
        click.echo(content, nl=False)


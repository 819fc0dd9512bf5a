"""``spindetect summarize``: counts by verdict, top phrases and worst documents of a JSONL scan."""
from __future__ import annotations

import json

import click

from ..core.types import InputError
from .common import Exit, Tally, error, main, out


@main.command()
@click.argument("results", type=click.Path(dir_okay=True), metavar="RESULTS.jsonl")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="A readable summary, or one JSON object.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many phrases and documents to list.")
def summarize(results, fmt, top):
    """Summarize a results file written by 'spindetect scan --format jsonl' (or --format json).

    Prints the number of documents by verdict (and errors, skipped files), the phrases found
    most often with their likely originals, the documents with the highest spin scores, and,
    for a scan with --index, the indexed documents most often found as a source.
    The file is read as a stream; a line cut off by an interrupted scan is counted and skipped.
    """
    from ..batch.summary import summarize as compute

    summary = compute(results, top)
    read = summary.documents + summary.errors + summary.skipped
    if summary.bad_lines and not read:
        raise InputError(results, "not a results file: no line is a result record "
                                  "(spindetect scan --format jsonl, or --format json, writes one)")
    tally = Tally()
    if summary.bad_lines:
        error(f"{results}: {summary.bad_lines:,} line{'s are' if summary.bad_lines != 1 else ' is'} "
              "not a result record, skipped (a scan cut off mid-line: scan --resume completes it)")
        tally.note(Exit.INPUT)
    data = summary.to_dict(top)
    if fmt == "json":
        out(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from ..core import output as outputs
        with outputs.writing(outputs.STDOUT):
            _print_text(data)
    tally.finish()


def _print_text(data: dict) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..core.output import stdout
    from ..core.plural import plural

    console = Console(file=stdout(), highlight=False)
    verdicts = ", ".join(f"{v} {data['verdicts'].get(v, 0):,}" for v in ("clean", "suspect", "spun"))
    console.print(f"[bold]{plural(data['documents'], 'document')}[/bold], {plural(data['words'], 'word')}: "
                  f"{verdicts}; {plural(data['errors'], 'error')}, {data['skipped']:,} skipped; "
                  f"{plural(data['findings'], 'finding')}")
    if set(data["formats"]) - {"text"}:
        console.print("formats: " + ", ".join(f"{kind} {count:,}" for kind, count in sorted(data["formats"].items())))
    if data["top_phrases"]:
        table = Table(title="phrases found most often", title_justify="left")
        for name in ("count", "phrase", "likely original"):
            table.add_column(name, justify="right" if name == "count" else "left")
        for p in data["top_phrases"]:
            table.add_row(f"{p['count']:,}", Text(p["text"]), Text(p["original"]))   # never markup
        console.print(table)
    if data["worst_documents"]:
        table = Table(title="highest spin scores", title_justify="left")
        for name in ("spin score", "findings", "path"):
            table.add_column(name, justify="left" if name == "path" else "right")
        for d in data["worst_documents"]:
            table.add_row(f"{d['spin_score']:.2f}", str(d["findings"]), Text(d["path"]))
        console.print(table)
    if data["top_sources"]:
        table = Table(title=f"sources found ({data['with_source']:,} documents have one, "
                            f"{data['spun_copies']:,} of them spun copies)", title_justify="left")
        for name in ("documents", "spun copies", "indexed source"):
            table.add_column(name, justify="left" if name == "indexed source" else "right")
        for d in data["top_sources"]:
            table.add_row(f"{d['documents']:,}", f"{d['spun_copies']:,}", Text(d["path"]))
        console.print(table)

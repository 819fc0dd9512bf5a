"""``spindetect scan``: the report on any text, for reading or for other tools."""
from __future__ import annotations

import os
import signal
import sys

import click

from ..core import output as outputs
from ..core.types import VERDICTS, OutputError
from ..ingest.files import DEFAULT_GLOBS, DEFAULT_MAX_BYTES, iter_paths
from .common import (
    Exit,
    OutputPath,
    Tally,
    error,
    main,
    model_option,
    report_file_problems,
    warn,
    without_outputs,
    write_rich,
    write_text,
)

FORMATS = ("text", "json", "html", "jsonl")


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format: colour-coded text, one JSON object, a self-contained HTML page, "
                   "or JSON Lines (one document per line, written as each finishes).")
@click.option("-o", "--output", type=OutputPath(),
              help="Write the report to this file instead of standard output.")
@click.option("--fingerprints", multiple=True, type=click.Path(dir_okay=False),
              help="A known-phrase list in the Problematic Paper Screener CSV format (repeatable); "
                   "a document with a match is at least suspect.")
@click.option("--index", "index_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="A reference index (spindetect index build): report each document's likely source, "
                   "aligned, and use the collection's phrases.")
@click.option("--fail-on", type=click.Choice(VERDICTS[1:]),
              help="Exit 1 when any document's verdict is this or worse.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), metavar="P",
              help="Report phrases whose confidence is at least P instead of the model's calibrated "
                   "threshold (0.58): lower shows more of a spun text's likely substitutions, at lower "
                   "precision; higher, fewer and surer. Verdicts do not change.")
@model_option
@click.option("--context/--no-context", default=False, show_default=True,
              help="Let the language model re-read the likeliest candidates in their real context: more "
                   "of a spun text found and lightly spun texts called spun, with better originals, but "
                   "more flagged in old formal prose; about 100 words/s instead of 100,000, more with "
                   "--jobs 2 (pip install 'spindetect[lm]' and the model package; README, Context mode).")
@click.option("--skip-references", is_flag=True,
              help="PDF and Word files: leave out the references section (cited titles are not the "
                   "paper's own text).")
@click.option("--include-text", is_flag=True,
              help="JSON and JSONL: each document carries the text its offsets index (for a PDF or Word "
                   "file, the extracted text).")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help=f"File patterns to scan inside directories (repeatable; default {' '.join(DEFAULT_GLOBS)}).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse files larger than this.")
@click.option("--no-text", is_flag=True, help="Text format: print only each document's summary, not its diff.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per available core); Dask workers for a LocalCluster. "
                   "A single long file uses a second process for part of its work.")
@click.option("--engine", type=click.Choice(("local", "dask")), default="local", show_default=True,
              help="local: this machine's processes; dask: a dask.distributed cluster "
                   "(pip install 'spindetect[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a LocalCluster.")
@click.option("--resume", is_flag=True,
              help="JSONL to a file: skip documents already in it and append the rest.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (it only shows when stderr is a terminal).")
def scan(paths, fmt, output, fingerprints, index_path, fail_on, min_confidence, model, context, skip_references,
         include_text, globs, max_bytes, no_text,
         jobs, engine, scheduler, resume, quiet):
    """Scan files, directories (recursively) or '-' (standard input) for spun phrases.

    \b
    Examples:
      spindetect scan seeds/
      spindetect scan --format json article.txt
      cat draft.txt | spindetect scan -
      spindetect scan --fingerprints tortured.csv --fail-on suspect paper.txt
      spindetect scan --min-confidence 0.3 suspicious-paper.txt
      spindetect scan --context submission.txt
      spindetect scan --skip-references --format json paper.pdf draft.docx
      spindetect scan --index newsroom.db submission.txt
      spindetect scan corpus/ --jobs 0 --format jsonl -o results.jsonl --resume
    """
    from ..batch.work import ScanSettings
    from ..core.pool import cpu_count
    from ..scanner import Scanner

    _check_batch_options(fmt, output, engine, scheduler, resume)
    scanner = Scanner(min_confidence=min_confidence, phrase_lists=tuple(os.path.abspath(f) for f in fingerprints),
                      index=os.path.abspath(index_path) if index_path else None,
                      model=os.path.abspath(model) if model else None, context=context,
                      skip_references=skip_references)
    scanner.load()                     # a bad list, index or model: exit 2 before any work
    files = list(iter_paths(list(paths), tuple(globs) or DEFAULT_GLOBS))
    files = without_outputs(files, tuple(p for p in paths if not os.path.isdir(p)), output)
    done = set()
    if resume:
        from ..batch.jsonl import done_paths
        done = done_paths(output)
    if not files:       # a folder without documents: say so rather than print nothing
        warn(f"no documents to scan in {', '.join(paths)} (looked for {' '.join(tuple(globs) or DEFAULT_GLOBS)}; "
             "--glob to change)")
    files = [f for f in files if f not in done]
    settings = ScanSettings(max_bytes, scanner, keep_report=fmt in ("text", "html"), include_text=include_text)
    jobs = jobs or cpu_count()
    tally = Tally()
    if fmt == "jsonl":
        verdicts = _scan_to_jsonl(files, settings, engine, jobs, scheduler, output, resume, quiet, tally)
    else:
        verdicts = _scan_to_report(files, settings, engine, jobs, scheduler, fmt, output, no_text, quiet, tally)
    if fail_on and any(VERDICTS.index(v) >= VERDICTS.index(fail_on) for v in verdicts):
        tally.note(Exit.FAILED)
    tally.finish()


def _check_batch_options(fmt, output, engine, scheduler, resume) -> None:
    if resume and (fmt != "jsonl" or not output):
        raise click.UsageError("--resume needs --format jsonl and -o FILE")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise click.UsageError("--engine dask needs Dask: pip install 'spindetect[dask]'") from None


def _outcomes(files, settings, engine, jobs, scheduler, quiet):
    from ..batch import engines
    from ..batch.progress import track

    show = not quiet and len(files) > 1 and sys.stderr.isatty()
    return track(engines.run(files, settings, engine, jobs, scheduler), len(files), show)


def _report_problems(outcome) -> Exit:
    """Problems of one document on stderr, and the exit code they earn."""
    name = outcome.record["path"] if outcome.record else outcome.path
    return report_file_problems(outcome.path, outcome.warnings, outcome.skipped, outcome.error, name,
                                outcome.internal)


class _Interrupt:
    """Ctrl-C finishes the document being written, then stops: the output stays whole."""

    def __init__(self):
        self.requested = False

    def __enter__(self):
        self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, *_):
        self.requested = True

    def __exit__(self, *_):
        signal.signal(signal.SIGINT, self.previous)


def _scan_to_jsonl(files, settings, engine, jobs, scheduler, output, resume, quiet, tally):
    """Lines as documents finish. The file is opened when the first line is ready (a scan that
    cannot start leaves no empty file behind); a line that cannot be written stops the scan with
    exit 3, and ``--resume`` continues from the last whole line."""
    from ..batch.jsonl import Writer

    verdicts, written, handle = [], 0, None
    name = output or outputs.STDOUT
    try:
        with _Interrupt() as interrupt:
            outcomes = _outcomes(files, settings, engine, jobs, scheduler, quiet)
            for outcome in outcomes:
                if handle is None:
                    handle = _open_jsonl(output, resume)
                with outputs.writing(name):
                    Writer(handle).write(outcome.line())
                written += 1
                tally.note(_report_problems(outcome))
                if outcome.record:
                    verdicts.append(outcome.record["verdict"])
                if interrupt.requested:
                    outcomes.close()
                    break
        if handle is None:
            handle = _open_jsonl(output, resume)
    except OutputError as exc:
        raise OutputError(name, f"{exc.problem} ({written} documents written"
                                + ("; run again with --resume to finish)" if output else ")")) from None
    finally:
        if output and handle is not None:
            with outputs.writing(name):
                handle.close()
    if interrupt.requested:
        remaining = len(files) - written
        error(f"interrupted: {written} documents written, {remaining} left; run again with --resume to finish")
        sys.exit(130)
    return verdicts


def _open_jsonl(output, resume):
    if not output:
        return outputs.stdout()
    with outputs.writing(output):
        return open(output, "a" if resume else "w", encoding="utf-8")


def _scan_to_report(files, settings, engine, jobs, scheduler, fmt, output, no_text, quiet, tally):
    records, reports, skipped = [], [], []
    for outcome in _outcomes(files, settings, engine, jobs, scheduler, quiet):
        tally.note(_report_problems(outcome))
        if outcome.skipped:
            skipped.append({"path": outcome.path, "reason": outcome.skipped})
        elif outcome.record is not None:
            records.append(outcome.record)
            if outcome.report is not None:
                reports.append(outcome.report)
    _emit(reports, records, skipped, fmt, output, no_text)
    return [r["verdict"] for r in records]


def _emit(reports, records, skipped, fmt, output, no_text) -> None:
    if fmt == "text":
        from ..report import text_format
        write_rich(lambda console: text_format.render(reports, console, not no_text), output)
    elif fmt == "json":
        from ..report import json_format
        write_text(json_format.render_records(records, skipped) + "\n", output)
    else:
        from ..report import html_format
        write_text(html_format.render(reports), output)

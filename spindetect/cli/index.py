"""``spindetect index build|add|stats``: a reference collection of trusted texts."""
from __future__ import annotations

import json
import sys

import click

from ..core.plural import plural
from ..ingest.files import DEFAULT_GLOBS, DEFAULT_MAX_BYTES, iter_paths
from .common import Exit, Tally, error, main, out, report_file_problems

INDEX_HELP = "The index file (SQLite)."


@main.group()
def index():
    """A reference collection: find the source a spun copy was made from, and learn a
    field's phrases.

    \b
    Examples:
      spindetect index build archive/ --index newsroom.db
      spindetect index add new-story.txt --index newsroom.db
      spindetect index stats --index newsroom.db
      spindetect scan submission.txt --index newsroom.db
    """


def _fill_options(command):
    options = [
        click.argument("paths", nargs=-1, required=True, metavar="PATH..."),
        click.option("--index", "index_path", required=True, type=click.Path(dir_okay=False), help=INDEX_HELP),
        click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
                     help="Worker processes that read and fingerprint files (0: one per core)."),
        click.option("--glob", "globs", multiple=True, metavar="PATTERN",
                     help=f"File patterns inside directories (repeatable; default {' '.join(DEFAULT_GLOBS)})."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                     help="Refuse files larger than this."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@index.command()
@_fill_options
def build(paths, index_path, jobs, globs, max_bytes, quiet):
    """Index files and directories (recursively), making the index file if it does not exist.

    Files already in the index (same content) are skipped, so an interrupted build resumes
    where it stopped when run again.
    """
    _fill(paths, index_path, jobs, globs, max_bytes, quiet, create=True)


@index.command()
@_fill_options
def add(paths, index_path, jobs, globs, max_bytes, quiet):
    """Add files or directories to an existing index."""
    _fill(paths, index_path, jobs, globs, max_bytes, quiet, create=False)


def _fill(paths, index_path, jobs, globs, max_bytes, quiet, create):
    from ..batch.progress import track
    from ..core.pool import cpu_count
    from ..index.fill import BuildCounts, prepared, write
    from ..index.store import IndexStore

    files = [f for f in iter_paths(list(paths), tuple(globs) or DEFAULT_GLOBS) if f != "-"]
    store = IndexStore.create(index_path) if create else IndexStore.open(index_path, writable=True)
    known = frozenset(store.known_hashes())
    counts = BuildCounts()
    tally = Tally()
    show = not quiet and len(files) > 1 and sys.stderr.isatty()
    items = track(prepared(files, max_bytes, known, jobs or cpu_count()), len(files), show,
                  label="indexing", words=lambda item: item.words)
    try:
        write(store, items, counts, on_item=lambda item: tally.note(_report_item(item)))
    except KeyboardInterrupt:
        error(f"interrupted: {plural(counts.added, 'document')} added and kept; "
              "run the same command again to resume")
        sys.exit(130)
    finally:
        store.close()
    if not quiet:
        click.echo(f"spindetect: {index_path}: added {plural(counts.added, 'document')} ({plural(counts.words, 'word')}); "
                   f"{counts.known:,} already indexed, {counts.skipped:,} skipped, {counts.failed:,} unreadable",
                   err=True)
    tally.finish()


def _report_item(item) -> Exit:
    return report_file_problems(item.path, item.warnings, item.skipped, item.error)


@index.command()
@click.option("--index", "index_path", required=True, type=click.Path(dir_okay=False), help=INDEX_HELP)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="Plain lines or one JSON object.")
def stats(index_path, fmt):
    """What an index holds: documents, words, size on disk, the collection's word pairs."""
    from ..index.store import IndexStore

    store = IndexStore.open(index_path)
    figures = store.stats()
    store.close()
    if fmt == "json":
        out(json.dumps(figures, indent=2))
        return
    out(f"index          {figures['path']}")
    out(f"documents      {figures['documents']:,} ({plural(figures['words'], 'word')})")
    per_k = figures["bytes_per_1000_documents"]
    out(f"size           {figures['bytes'] / 1e6:,.1f} MB"
               + (f" ({per_k / 1e6:,.1f} MB per 1,000 documents)" if per_k else ""))
    out(f"word pairs     {figures['word_pairs']:,} ({figures['established_word_pairs']:,} seen twice or more)")
    out(f"created        {figures['created']}; last added {figures['last_added'] or '-'}")
    if not figures["same_lexicon"]:
        out("note           made with another lexicon version: its word pairs are not used; rebuild it")

"""``spindetect spin``: spin a text the way synonym spinners do, recording what changed."""
from __future__ import annotations

import json

import click

from ..core.output import write_file
from ..core.types import InputError
from ..ingest.files import DEFAULT_MAX_BYTES, Skipped, read
from .common import (
    OutputPath,
    Tally,
    main,
    report_file_problems,
    without_outputs,
    write_text,
)

PROFILES = ("wordnet", "thesaurus", "phrase", "names", "mixed", "fluent")


@main.command()
@click.argument("file", metavar="FILE")
@click.option("--profile", type=click.Choice(PROFILES), default="mixed", show_default=True,
              help="wordnet: WordNet synonyms, frequent ones preferred (SpinBot-like); thesaurus: Moby "
                   "synonyms regardless of sense (tortured phrases); phrase: multiword rewrites; names: "
                   "words inside capitalised names; mixed: all of these; fluent: synonyms about as common as "
                   "the word that fit its neighbours, plus phrase rewrites (reads like a real spinner's "
                   "output).")
@click.option("--rate", type=click.FloatRange(0.0, 1.0), default=0.2, show_default=True,
              help="Share of eligible words (and phrases) to replace.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: the same seed, the same spin.")
@click.option("--consistent", is_flag=True,
              help="Rewrite a word the same way wherever it occurs, as dictionary-based spinners do "
                   "(by default every occurrence is drawn on its own).")
@click.option("-o", "--output", type=OutputPath(),
              help="Write the spun text here instead of standard output.")
@click.option("--truth", type=OutputPath(), metavar="FILE",
              help="Write the changed spans as JSON: start and end in the spun text, the text "
                   "written, and the original it replaced.")
def spin(file, profile, rate, seed, consistent, output, truth):
    """Spin FILE ('-': standard input) to red-team the detector on your own texts.

    \b
    Examples:
      spindetect spin article.txt --profile thesaurus --rate 0.3 --seed 7 -o spun.txt
      spindetect spin article.txt --truth truth.json | spindetect scan -
    """
    from ..spinner import spin as spin_text

    without_outputs([file], (file,), output, truth)
    source = read(file, DEFAULT_MAX_BYTES)
    if isinstance(source, Skipped):
        raise InputError(file, source.reason)
    tally = Tally()
    tally.note(report_file_problems(source.path, source.warnings, None, None))
    result = spin_text(source.text, profile, rate, seed, consistent=consistent)
    if truth:
        changes = [{"start": c.start, "end": c.end, "text": c.text, "original": c.original} for c in result.changes]
        write_file(truth, json.dumps(changes, ensure_ascii=False, indent=1) + "\n")
    write_text(result.text, output)
    tally.finish()

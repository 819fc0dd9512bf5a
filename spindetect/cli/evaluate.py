"""``spindetect train`` and ``spindetect eval``: rebuild the model, measure it on held-out text."""
from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict

import click

from ..core.types import InputError
from .common import OutputPath, error, main, write_text

NLTK_HELP = "NLTK data directory with the corpora (default: $NLTK_DATA)."


def _nltk_data(directory: str | None) -> str | None:
    directory = directory or os.environ.get("NLTK_DATA")
    if directory:
        from ..evaluate.corpora import use_nltk_data
        use_nltk_data(os.path.abspath(directory))
    return directory


def _corpus_error(exc: Exception) -> None:
    missing = re.search(r"Resource \S*?(\w+)\S* not found", str(exc))
    what = f"the NLTK corpus {missing.group(1)!r} was not found" if missing else f"{type(exc).__name__}: {exc}"
    error(f"cannot read the corpora ({what}); give --nltk-data DIR (an NLTK data directory)")
    sys.exit(2)


@main.command()
@click.option("--nltk-data", type=click.Path(file_okay=False, exists=True), help=NLTK_HELP)
@click.option("--corpus", type=click.Path(file_okay=False, exists=True),
              help="Train on this folder of clean texts (*.txt, *.md) instead of the NLTK corpora.")
@click.option("--docs", type=click.IntRange(min=20), default=1500, show_default=True, help="Training documents.")
@click.option("--seed", type=int, default=13, show_default=True, help="Random seed (the shipped model uses 13).")
@click.option("--out", type=OutputPath(), required=True, metavar="FILE",
              help="Where to write the model (JSON; use it with scan/check --model FILE or a policy's "
                   "model key).")
def train(nltk_data, corpus, docs, seed, out):
    """Rebuild the span and document models from clean text spun by the spinner.

    Without --corpus it trains on movie_reviews, ABC rural news and webtext from the NLTK
    data directory, as the shipped model was; it prints what it trained on and the
    out-of-fold figures. Deterministic for a given seed.
    """
    from ..datafiles import train as trainer
    from ..evaluate.corpora import NoTexts

    _nltk_data(nltk_data)
    argv = ["--docs", str(docs), "--seed", str(seed)]
    argv += ["--corpus", corpus] if corpus else []
    argv += ["--out", out]
    try:
        trainer.main(argv)
    except NoTexts as exc:
        error(str(exc))
        sys.exit(2)
    except (LookupError, OSError) as exc:
        _corpus_error(exc)


@main.command(name="eval")
@click.option("--nltk-data", type=click.Path(file_okay=False, exists=True), help=NLTK_HELP)
@click.option("--corpus", type=click.Path(file_okay=False, exists=True),
              help="Evaluate on this folder of clean texts (genre 'custom') instead of the NLTK corpora.")
@click.option("--docs", type=click.IntRange(min=2), default=40, show_default=True,
              help="Held-out documents per genre.")
@click.option("--profile", "profiles", multiple=True,
              type=click.Choice(("mixed", "wordnet", "thesaurus", "phrase", "names", "fluent")),
              help="Spinner profiles (repeatable; default mixed, wordnet, thesaurus, phrase, names).")
@click.option("--rate", "rates", multiple=True, type=click.FloatRange(0.01, 1.0),
              help="Spin rates (repeatable; default 0.1 0.2 0.4).")
@click.option("--baseline-docs", type=click.IntRange(min=1), default=300, show_default=True,
              help="Training documents whose spins make the baseline's fingerprint list.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed of the sample and the spins.")
@click.option("--context/--no-context", default=False, show_default=True,
              help="Measure the context mode (scan --context): the language model re-reads candidates.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="Markdown tables or one JSON object.")
@click.option("-o", "--output", type=OutputPath(), help="Write here instead of stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on stderr.")
def evaluate(nltk_data, corpus, docs, profiles, rates, baseline_docs, seed, context, fmt, output, quiet):
    """Measure detection on held-out text: clean, and spun by each profile at each rate.

    Prints false findings per 1,000 words on clean text by genre (news, science, fiction,
    speech), then per profile and rate: document precision, recall, F1 and ROC AUC, span
    precision and recall against the spinner's truth, and top-1/top-3 accuracy of the
    suggested original, next to an exact-match fingerprint list built from training spins.

    \b
    Examples:
      spindetect eval --nltk-data ../shared/nltk_data
      spindetect eval --docs 10 --profile mixed --rate 0.2 -q
      spindetect eval --corpus my-clean-articles/ --format json -o quality.json
    """
    from ..evaluate import corpora, run

    _nltk_data(nltk_data)
    settings = run.Settings(seed=seed, baseline_documents=baseline_docs, scanner=run.SCANNER.replace(context=context))
    try:
        settings.scanner.load()
    except InputError as exc:
        error(str(exc))
        sys.exit(2)
    settings.profiles = tuple(profiles) or settings.profiles
    settings.rates = tuple(sorted(rates)) or settings.rates
    try:
        held_out = (corpora.from_folder(corpus, docs, seed) if corpus
                    else corpora.held_out(corpora.GENRES, docs, seed))
        if not held_out:
            error(f"{corpus}: no texts of 50 words or more")
            sys.exit(2)
        training = run.training_documents(baseline_docs, seed)
    except (LookupError, OSError) as exc:
        _corpus_error(exc)
    progress = (lambda message: None) if quiet else (lambda message: click.echo(f"[eval] {message}", err=True))
    results = run.evaluate(held_out, training, settings, progress)
    command = "spindetect eval " + " ".join(sys.argv[2:]) if len(sys.argv) > 2 else "spindetect eval"
    if fmt == "json":
        payload = {**results, "rows": [asdict(row) for row in results["rows"]]}
        write_text(json.dumps(payload, indent=2) + "\n", output)
    else:
        write_text(run.render(results, command), output)

"""``spindetect check``: the pre-publish gate. Applies the policy found beside each file."""
from __future__ import annotations

import os

import click

from ..core.types import InputError, internal_error
from ..ingest.files import DEFAULT_MAX_BYTES, Skipped, from_bytes, iter_paths, read
from .common import (
    Exit,
    OutputPath,
    Tally,
    error,
    main,
    model_option,
    out,
    report_file_problems,
    without_outputs,
    write_rich,
    write_text,
)

FORMATS = ("text", "json", "sarif", "github")


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: path:line:col lines grouped by file; json: the scan contract plus line/column "
                   "and policy results; sarif: SARIF 2.1.0; github: GitHub Actions annotations.")
@click.option("-o", "--output", type=OutputPath(),
              help="Write the report to this file instead of standard output.")
@click.option("--config", type=click.Path(dir_okay=False),
              help="Use this policy file for every checked file instead of looking for the nearest one.")
@click.option("--staged", is_flag=True, help="Check the files staged in git, as staged (what the pre-commit hook runs).")
@click.option("--fail-on", type=click.Choice(("suspect", "spun", "never")), help="Override the policy's fail_on.")
@click.option("--max-findings", type=click.FloatRange(min=0), metavar="N",
              help="Override max_findings_per_1000_words.")
@click.option("--min-reading-ease", type=float, metavar="X", help="Override min_reading_ease (Flesch).")
@click.option("--max-grade", type=float, metavar="X", help="Override max_grade (Flesch-Kincaid).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), metavar="P", help="Override min_confidence.")
@click.option("--fingerprints", multiple=True, type=click.Path(dir_okay=False),
              help="Known-phrase list (Problematic Paper Screener CSV); replaces the policy's lists.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Baseline file; overrides the policy's baseline.")
@click.option("--index", "index_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Reference index; overrides the policy's index.")
@model_option
@click.option("--skip-references", is_flag=True, default=None,
              help="Leave out a PDF's or Word document's references section (overrides the policy).")
@click.option("--write-baseline", type=OutputPath(), metavar="FILE",
              help="Record every current finding and failure in FILE, so that later only new ones fail.")
@click.option("--explain", is_flag=True, help="Print the effective policy and where each value came from; check nothing.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse files larger than this.")
def check(paths, fmt, output, config, staged, fail_on, max_findings, min_reading_ease, max_grade, min_confidence,
          fingerprints, baseline, index_path, model, skip_references, write_baseline, explain, max_bytes):
    """Check files against the editorial policy: exit 0 pass, 1 policy failed, 2 usage or input
    error (README, Exit codes).

    PATH may be files or directories (default: the current directory). The policy comes from
    the nearest .spindetect.toml, pyproject.toml [tool.spindetect] or setup.cfg [spindetect]
    above each file, or from --config. Findings are warnings; a policy failure (verdict at the
    fail level, too many findings, readability out of bounds) or a fingerprint match is an
    error and fails the check unless the baseline records it.

    \b
    Examples:
      spindetect check content/posts/
      spindetect check --format sarif content/ > spindetect.sarif
      spindetect check --write-baseline .spindetect-baseline.json content/
      spindetect check --explain content/posts/new.md
    """
    from ..check.policy import Resolver
    from ..check.run import Checker

    overrides = {"fail_on": fail_on, "max_findings_per_1000_words": max_findings,
                 "min_reading_ease": min_reading_ease, "max_grade": max_grade, "min_confidence": min_confidence,
                 "fingerprints": tuple(os.path.abspath(f) for f in fingerprints),
                 "index": os.path.abspath(index_path) if index_path else None,
                 "model": os.path.abspath(model) if model else None, "skip_references": skip_references}
    resolver = Resolver(config, overrides)
    targets = _targets(paths, staged, resolver)
    named = tuple(targets) if staged else tuple(p for p in paths if not os.path.isdir(p))
    targets = without_outputs(targets, named, output, write_baseline)
    if explain:
        _explain(targets, resolver)
        return
    _load_policies(targets, resolver)        # a bad list, index or model: exit 2 before any file is checked
    checker = Checker(baseline_override=baseline, with_readability=fmt == "json")
    tally = Tally()
    results = _check_all(targets, resolver, checker, staged, max_bytes, not write_baseline, tally)
    unchecked = len(targets) - len(results)
    if write_baseline:
        _write_baseline(write_baseline, results, unchecked)
    else:
        _emit(results, fmt, output, unchecked)
    if not write_baseline and any(r.failed for r in results):
        tally.note(Exit.FAILED)
    tally.finish()


def _load_policies(targets, resolver) -> None:
    """Load what each policy in use names (lists, index, model) once, before any file."""
    for policy in {resolver.for_path(path) for path in targets}:
        policy.scanner().load()


def _targets(paths, staged, resolver) -> list[str]:
    """The files to check: staged ones, or those named and found under named directories."""
    from ..check.git import staged_paths

    if staged:
        if paths:
            raise InputError("--staged", "takes no paths")
        return [p for p in staged_paths() if _wanted(p, resolver, named=False)]
    files = []
    for path in paths or (".",):
        if path == "-":
            raise InputError("-", "check reads files; use 'spindetect scan -' for standard input")
        named = not os.path.isdir(path)
        files.extend(p for p in iter_paths([path], ("*",)) if _wanted(p, resolver, named))
    return files


def _wanted(path: str, resolver, named: bool) -> bool:
    """Named files are checked unless excluded; found ones must also match ``include``."""
    policy = resolver.for_path(path)
    return not policy.excludes(path) and (named or policy.includes(path))


def _check_all(targets, resolver, checker, staged, max_bytes, use_baseline, tally):
    """The results of the files that could be checked; each one that could not is a line on
    stderr and an exit code in ``tally``."""
    from ..check.git import staged_bytes

    results = []
    for path in targets:
        try:
            source = from_bytes(path, staged_bytes(path), max_bytes) if staged else read(path, max_bytes)
        except InputError as exc:
            tally.note(report_file_problems(path, [], None, exc.problem))
            continue
        if isinstance(source, Skipped):
            tally.note(report_file_problems(source.path, [], source.reason, None))
            continue
        tally.note(report_file_problems(source.path, source.warnings, None, None))
        try:
            results.append(checker.check(source, resolver.for_path(path), use_baseline))
        except InputError as exc:            # the baseline or index, named by the error itself
            error(str(exc))
            tally.note(Exit.INPUT)
        except Exception as exc:  # noqa: BLE001 - as scan: one bad document is one line, not a traceback
            tally.note(report_file_problems(source.path, [], None, internal_error(exc), internal=True))
    return results


def _explain(targets, resolver) -> None:
    from ..check.policy import KEYS

    policies = {}
    for path in targets or ["-"]:                      # "-": the policy of the current directory
        policies.setdefault(resolver.for_path(path), []).append(path)
    for policy, files in policies.items():
        out(f"policy from {policy.source or 'built-in defaults'} (paths relative to {policy.root})")
        for key in KEYS:
            value = getattr(policy, key)
            shown = "unset" if value is None else (", ".join(value) or "(none)") if isinstance(value, tuple) else value
            out(f"  {key} = {shown}    [{policy.origin(key)}]")
        if targets:
            out(f"  applies to {len(files)} file{'s' if len(files) != 1 else ''}: "
                       + ", ".join(files[:5]) + (" ..." if len(files) > 5 else ""))


def _write_baseline(path, results, unchecked) -> None:
    from ..check import baseline
    from ..core.plural import plural

    count = baseline.write(path, {r.path: [i.key for i in r.issues if i.rule != "finding-density"]
                                  for r in results})
    click.echo(f"spindetect: wrote {plural(count, 'baseline entry', 'baseline entries')} for "
               f"{plural(len(results), 'file')} to {path}"
               + (f"; {plural(unchecked, 'file')} could not be checked and are not in it" if unchecked else ""),
               err=True)


def _emit(results, fmt, output, unchecked) -> None:
    if fmt == "text":
        from ..report import check_text
        write_rich(lambda console: check_text.render(results, console, unchecked), output)
    elif fmt == "json":
        from ..report import json_format
        write_text(json_format.render_check(results) + "\n", output)
    elif fmt == "sarif":
        from ..report import sarif_format
        write_text(sarif_format.render(results), output)
    else:
        from ..report import github_format
        write_text(github_format.render(results), output)

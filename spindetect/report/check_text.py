"""``spindetect check`` for people: grouped by file, each line ``path:line:col: level: message``
so terminals and editors turn it into a link; baselined issues are counted, not shown."""
from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..check.run import FileResult
from ..core.plural import plural
from .terminal import one_line

LEVEL_STYLE = {"error": "bold red", "warning": "yellow"}
VERDICT_STYLE = {"clean": "green", "suspect": "yellow", "spun": "red"}


def render(results: list[FileResult], console: Console, unchecked: int = 0) -> None:
    for result in results:
        shown = [i for i in result.issues if not i.baselined]
        if not shown and not result.failed:
            continue
        report = result.report
        console.print(Text.assemble(
            (one_line(result.path), "bold"), "  ", (report.verdict, VERDICT_STYLE[report.verdict]),
            f" {report.spin_score:.2f} · {plural(report.words, 'word')} · ",
            ("failed", "bold red") if result.failed else ("passed", "green")))
        for issue in sorted(shown, key=lambda i: (i.location.line, i.location.column)):
            loc = issue.location
            console.print(Text.assemble(
                f"{one_line(result.path)}:{loc.line}:{loc.column}: ", (issue.level, LEVEL_STYLE[issue.level]),
                f": {one_line(issue.message)} ", (f"[{issue.rule}]", "dim"),
                (f" {report.where(issue.finding)}" if issue.finding is not None and report.layout else "", "dim")),
                soft_wrap=True)
        console.print()
    console.print(summary_line(results, unchecked))


def summary_line(results: list[FileResult], unchecked: int = 0) -> Text:
    """"checked 3 files: all passed · 2 findings"; files that could not be checked are counted
    and never let the line say "all passed"."""
    failed = sum(r.failed for r in results)
    issues = [i for r in results for i in r.issues if i.finding is not None]
    baselined = sum(i.baselined for r in results for i in r.issues)
    if failed:
        outcome = (f"{failed:,} failed, {len(results) - failed:,} passed", "bold red")
    elif unchecked:
        outcome = (f"{len(results):,} passed", "bold")
    else:
        outcome = ("all passed", "bold green")
    return Text.assemble(
        f"checked {plural(len(results), 'file')}: ", outcome,
        (f", {plural(unchecked, 'file')} could not be checked (see above)", "bold red") if unchecked else "",
        f" · {plural(len(issues), 'finding')}" + (f" · {baselined:,} baselined" if baselined else ""))

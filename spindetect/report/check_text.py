"""``spindetect check`` for people: grouped by file, each line ``path:line:col: level: message``
so terminals and editors turn it into a link; baselined issues are counted, not shown."""
from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..check.run import FileResult
from .terminal import printable

LEVEL_STYLE = {"error": "bold red", "warning": "yellow"}
VERDICT_STYLE = {"clean": "green", "suspect": "yellow", "spun": "red"}


def render(results: list[FileResult], console: Console) -> None:
    for result in results:
        shown = [i for i in result.issues if not i.baselined]
        if not shown and not result.failed:
            continue
        report = result.report
        console.print(Text.assemble(
            (printable(result.path), "bold"), "  ", (report.verdict, VERDICT_STYLE[report.verdict]),
            f" {report.spin_score:.2f} · {report.words:,} words · ",
            ("failed", "bold red") if result.failed else ("passed", "green")))
        for issue in sorted(shown, key=lambda i: (i.location.line, i.location.column)):
            loc = issue.location
            console.print(Text.assemble(
                f"{printable(result.path)}:{loc.line}:{loc.column}: ", (issue.level, LEVEL_STYLE[issue.level]),
                f": {printable(issue.message)} ", (f"[{issue.rule}]", "dim")), soft_wrap=True)
        console.print()
    console.print(summary_line(results))


def summary_line(results: list[FileResult]) -> Text:
    failed = sum(r.failed for r in results)
    issues = [i for r in results for i in r.issues if i.finding is not None]
    baselined = sum(i.baselined for r in results for i in r.issues)
    return Text.assemble(
        f"checked {len(results)} file{'s' if len(results) != 1 else ''}: ",
        (f"{failed} failed, {len(results) - failed} passed", "bold red") if failed else ("all passed", "bold green"),
        f" · {len(issues)} finding{'s' if len(issues) != 1 else ''}"
        + (f" · {baselined} baselined" if baselined else ""))

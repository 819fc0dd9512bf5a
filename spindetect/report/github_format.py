"""GitHub Actions workflow commands: ``::warning file=...,line=...::message`` per issue."""
from __future__ import annotations

from ..check.run import FileResult


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(results: list[FileResult]) -> str:
    lines = []
    for result in results:
        for issue in result.issues:
            if issue.baselined:
                continue
            loc = issue.location
            props = {"file": result.path, "line": loc.line, "col": loc.column,
                     "endLine": loc.end_line, "endColumn": loc.end_column, "title": f"spindetect {issue.rule}"}
            joined = ",".join(f"{k}={_escape_property(str(v))}" for k, v in props.items())
            lines.append(f"::{issue.level} {joined}::{_escape_data(issue.message)}")
    return "\n".join(lines) + ("\n" if lines else "")

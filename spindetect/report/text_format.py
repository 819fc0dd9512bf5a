"""The human report: each document's text with every finding struck through in red and its
likely original in green, then a summary (spin score, verdict, findings, readability)."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..core.plural import plural
from ..core.types import DocumentReport, SourceReport
from .terminal import printable

VERDICT_STYLE = {"clean": "bold green", "suspect": "bold yellow", "spun": "bold red"}
SHOWN_FIGURES = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
                 "coleman_liau_index", "dale_chall_readability_score")
FULL_TEXT_LIMIT = 20_000   # longer documents show only the paragraphs that hold findings


def inline_diff(report: DocumentReport, plain: bool = False) -> Text:
    """The text with findings marked; ``plain`` (no colour) marks them ``~~spun~~ → original``.
    Document text, and anything else a document or a user's list supplies, is printed through
    ``printable`` (no control characters reach the terminal)."""
    text, out, pos = printable(report.text), Text(), 0
    for f in report.findings:
        out.append(text[pos:f.start])
        out.append(f"~~{printable(f.text)}~~" if plain else printable(f.text), style="strike red")
        out.append(" → ", style="dim")
        style = "bold green" if f.rule != "fingerprint" else "bold cyan"
        out.append(printable(f.suggestions[0]) if f.suggestions else "?", style=style)
        pos = f.end
    out.append(text[pos:])
    return out


def source_diff(text: str, source: SourceReport, plain: bool = False) -> Text:
    """The submission against its source: submitted words struck in red, the source's in green."""
    out, pos, text = Text(), 0, printable(text)
    for d in source.differences:
        out.append(text[pos:d.start])
        if d.text:
            out.append(f"~~{printable(d.text)}~~" if plain else printable(d.text), style="strike red")
        if d.text and d.source_text:
            out.append(" → ", style="dim")
        if d.source_text:
            out.append(f"+{printable(d.source_text)}+" if plain and not d.text else printable(d.source_text),
                       style="bold green" if d.kind == "synonym" else "green")
        if not d.text:
            out.append(" ")
        pos = d.end
    out.append(text[pos:])
    return out


def _marked_paragraphs(diff: Text, empty: str) -> Text:
    kept = [line for line in diff.split("\n") if any(s.style and ("strike" in str(s.style) or "green" in str(s.style))
                                                     for s in line.spans)]
    return Text("\n…\n").join(kept) if kept else Text(empty, style="dim")


def summary(report: DocumentReport) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("verdict", Text(report.verdict, style=VERDICT_STYLE[report.verdict]))
    table.add_row("spin score", f"{report.spin_score:.2f}")
    table.add_row("findings", f"{len(report.findings):,} in {plural(report.words, 'word')}")
    figures = ", ".join(f"{name.replace('_', ' ')} {report.quality[name]:g}"
                        for name in SHOWN_FIGURES if name in report.quality)
    if figures:
        table.add_row("readability", figures)
    if report.indexed:
        table.add_row("source", printable(report.source.describe()) if report.source else "none found in the index")
    for warning in report.warnings:
        table.add_row("warning", Text(printable(warning), style="yellow"))
    return table


def located(report: DocumentReport) -> Table:
    """A PDF's or Word document's findings by page or paragraph, each quoted in its context."""
    table = Table(box=None, padding=(0, 1), show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for finding in report.findings:
        original = finding.suggestions[0] if finding.suggestions else "?"
        line = Text.assemble((printable(finding.text), "red"), " \u2192 ", (printable(original), "green"),
                             f" ({finding.confidence:.2f})  ", (printable(report.quote(finding)), "dim"))
        table.add_row(report.where(finding), line)
    return table


def document_panel(report: DocumentReport, show_text: bool = True, plain: bool = False) -> Panel:
    parts = []
    if show_text and report.text.strip():
        if len(report.text) <= FULL_TEXT_LIMIT:
            body = inline_diff(report, plain)
        else:
            body = _marked_paragraphs(inline_diff(report, plain), "(no findings)")
        parts += [body, Text("")]
        if report.source is not None and report.source.aligned:
            diff = source_diff(report.text, report.source, plain)
            if len(report.text) > FULL_TEXT_LIMIT:
                diff = _marked_paragraphs(diff, "(no differences)")
            parts += [Text(f"Compared with {printable(report.source.matches[0].path)}:", style="bold"), diff, Text("")]
    if report.layout is not None and report.findings:
        parts += [Text(f"Findings by {report.layout.unit}:", style="bold"), located(report), Text("")]
    parts.append(summary(report))
    title = Text(printable(report.path), style="bold")
    return Panel(Group(*parts), title=title, title_align="left", border_style=VERDICT_STYLE[report.verdict].split()[-1])


def render(reports: list[DocumentReport], console: Console, show_text: bool = True) -> None:
    plain = console.no_color or console.color_system is None
    for report in reports:
        console.print(document_panel(report, show_text, plain))
    if len(reports) > 1:
        console.print(summary_table(reports))
        counts = {v: sum(r.verdict == v for r in reports) for v in VERDICT_STYLE}
        line = Text(f"{len(reports)} documents: ")
        line.append(", ".join(f"{n} {v}" for v, n in counts.items()))
        console.print(line)


def summary_table(reports: list[DocumentReport]) -> Table:
    """One row per document, most suspicious first."""
    table = Table(title="documents, most suspicious first", title_justify="left")
    for name, justify in (("path", "left"), ("verdict", "left"), ("spin score", "right"), ("findings", "right"),
                          ("words", "right")):
        table.add_column(name, justify=justify)
    for report in sorted(reports, key=lambda r: (-r.spin_score, r.path)):
        table.add_row(Text(printable(report.path)), Text(report.verdict, style=VERDICT_STYLE[report.verdict]),
                      f"{report.spin_score:.2f}", f"{len(report.findings):,}", f"{report.words:,}")
    return table

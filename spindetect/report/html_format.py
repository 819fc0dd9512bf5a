"""One self-contained HTML page: every document's colour-coded diff and summary.

Every piece of document text goes through ``escape`` (``html.escape``, with the bidirectional
overrides shown as U+FFFD: ``terminal.without_bidi_controls``); the page loads nothing external."""
from __future__ import annotations

import html

from .. import __version__
from ..core.plural import plural
from ..core.types import DocumentReport, SourceReport
from .terminal import without_bidi_controls


def escape(text: str, quote: bool = True) -> str:
    return html.escape(without_bidi_controls(text), quote)

STYLE = """
body{font:16px/1.6 Georgia,serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
h1{font:bold 1.4em system-ui,sans-serif} h2{font:bold 1.1em system-ui,sans-serif;margin-top:2em}
.doc{border-top:3px solid #ccc;padding-top:.5em} .doc.spun{border-color:#c0392b}
.doc.suspect{border-color:#d4a017} .doc.clean{border-color:#27ae60}
.text{white-space:pre-wrap} del{color:#c0392b;background:#fdecea}
ins{color:#1e7e34;background:#e6f4ea;text-decoration:none;font-weight:bold}
ins.fingerprint{color:#006d8f;background:#e3f4fa}
.source h3{font:bold 1em system-ui,sans-serif} ins.edit,ins.deletion{font-weight:normal}
table{border-collapse:collapse;font:14px system-ui,sans-serif} td{padding:.15em .8em .15em 0}
.verdict{font-weight:bold;text-transform:uppercase} .spun .verdict{color:#c0392b}
.suspect .verdict{color:#b7950b} .clean .verdict{color:#1e7e34}
"""


def _diff(report: DocumentReport) -> str:
    text, out, pos = report.text, [], 0
    for f in report.findings:
        out.append(escape(text[pos:f.start]))
        why = "; ".join(f.evidence)
        tip = escape(f"{f.rule}, confidence {f.confidence:.2f}; also: {', '.join(f.suggestions[1:]) or '-'}"
                     + (f"; why: {why}" if why else ""), quote=True)
        cls = ' class="fingerprint"' if f.rule == "fingerprint" else ""
        suggestion = escape(f.suggestions[0]) if f.suggestions else "?"
        out.append(f'<span title="{tip}"><del>{escape(f.text)}</del> <ins{cls}>{suggestion}</ins></span>')
        pos = f.end
    out.append(escape(text[pos:]))
    return "".join(out)


def _source_diff(text: str, source: SourceReport) -> str:
    out, pos = [], 0
    for d in source.differences:
        out.append(escape(text[pos:d.start]))
        title = escape(d.kind, quote=True)
        deleted = f"<del>{escape(d.text)}</del>" if d.text else ""
        inserted = f'<ins class="{title}">{escape(d.source_text)}</ins>' if d.source_text else ""
        out.append(f'<span title="{title}">{deleted}{" " if deleted and inserted else ""}{inserted}</span>'
                   + (" " if not d.text else ""))
        pos = d.end
    out.append(escape(text[pos:]))
    best = source.matches[0]
    return (f'<div class="source"><h3>Compared with {escape(best.path)} (similarity {best.similarity:.2f}, '
            f'covers {best.coverage:.0%} of the text)</h3><div class="text">{"".join(out)}</div></div>')


def _document(report: DocumentReport) -> str:
    rows = [("verdict", f'<span class="verdict">{escape(report.verdict)}</span>'),
            ("spin score", f"{report.spin_score:.2f}"),
            ("findings", f"{len(report.findings):,} in {plural(report.words, 'word')}")]
    rows += [(escape(k.replace("_", " ")), escape(f"{v:g}")) for k, v in report.quality.items()]
    if report.indexed:
        rows.append(("source", escape(report.source.describe()) if report.source else "none found in the index"))
    rows += [("warning", escape(w)) for w in report.warnings]
    table = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    compared = _source_diff(report.text, report.source) if report.source and report.source.aligned else ""
    return (f'<section class="doc {escape(report.verdict)}"><h2>{escape(report.path)}</h2>'
            f'<div class="text">{_diff(report)}</div>{compared}{_located(report)}<table>{table}</table></section>')


def _located(report: DocumentReport) -> str:
    """A PDF's or Word document's findings by page or paragraph, each quoted in its context."""
    if report.layout is None or not report.findings:
        return ""
    rows = "".join(
        f"<tr><td>{escape(report.where(f))}</td><td><del>{escape(f.text)}</del> "
        f"<ins>{escape(f.suggestions[0] if f.suggestions else '?')}</ins> ({f.confidence:.2f})</td>"
        f"<td>{escape(report.quote(f))}</td></tr>" for f in report.findings)
    return f"<h3>Findings by {escape(report.layout.unit)}</h3><table>{rows}</table>"


def render(reports: list[DocumentReport]) -> str:
    body = "\n".join(_document(r) for r in reports)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>spindetect report</title><style>{STYLE}</style></head><body>"
            f"<h1>spindetect {escape(__version__)} report</h1>\n{body}\n</body></html>\n")

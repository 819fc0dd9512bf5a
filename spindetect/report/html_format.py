"""One self-contained HTML page: every document's colour-coded diff and summary.

Every piece of document text goes through ``escape`` (``html.escape``, with the bidirectional
overrides shown as U+FFFD: ``terminal.without_bidi_controls``); the page loads nothing external."""
from __future__ import annotations

import html
import re

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
.answer{font:1.2em system-ui,sans-serif;margin:.3em 0 .8em} .answer .verdict{margin-right:.6em}
table.summary th{text-align:left;font-weight:600;padding-right:1em;border-bottom:1px solid #ccc}
table.summary td.number{text-align:right}
@media print{body{max-width:none;margin:0;font-size:11pt} a{color:inherit;text-decoration:none}
.doc{break-before:page} .doc:first-of-type{break-before:auto} del,ins{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""
COUNTED = {"lexicon_count": "word", "difficult_words": "word", "sentence_count": "sentence"}
GRADES = {"flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index", "automated_readability_index"}


def figure(name: str, value: float) -> str:
    """A readability figure with its unit: "25.8 s", "8 sentences", "grade 10.2"."""
    if name == "reading_time":
        return f"{value:g} s"
    if name in COUNTED and float(value).is_integer():
        return plural(int(value), COUNTED[name])
    return f"grade {value:g}" if name in GRADES else f"{value:g}"


def _diff(report: DocumentReport) -> str:
    """The document's text (an HTML document's readable text: ``DocumentReport.shown``) with
    each finding struck through and its likely original beside it."""
    text, out, pos = report.shown(), [], 0
    if report.readable is not None:
        def tidy(part: str, start: int) -> str:
            return _tidy(_with_entities(part, report.text[start:start + len(part)]))
    else:
        def tidy(part: str, start: int) -> str:
            return part
    for f in report.findings:
        out.append(escape(tidy(text[pos:f.start], pos)))
        why = "; ".join(f.evidence)
        tip = escape(f"{f.rule}, confidence {f.confidence:.2f}; also: {', '.join(f.suggestions[1:]) or '-'}"
                     + (f"; why: {why}" if why else ""), quote=True)
        cls = ' class="fingerprint"' if f.rule == "fingerprint" else ""
        suggestion = escape(f.suggestions[0]) if f.suggestions else "?"
        out.append(f'<span title="{tip}"><del>{escape(f.text)}</del> <ins{cls}>{suggestion}</ins></span>')
        pos = f.end
    out.append(escape(tidy(text[pos:], pos)))
    return "".join(out)


_ENTITY = re.compile(r"&#?\w+;")


def _with_entities(readable: str, source: str) -> str:
    """The readable text with each character reference the masking blanked ("&amp;") shown as
    the character it stands for."""
    if "&" not in source:
        return readable
    pieces, at = [], 0
    for match in _ENTITY.finditer(source):
        blanked = not readable[match.start():match.end()].strip()
        pieces += [readable[at:match.start()], html.unescape(match.group()) if blanked else readable[match.start():match.end()]]
        at = match.end()
    return "".join(pieces) + readable[at:]


def _tidy(part: str) -> str:
    """Markup blanked to spaces, shown as a reader sees the page: runs of spaces as one, at most
    one blank line."""
    part = re.sub(r"[ \t]*\n[ \t\n]*\n[ \t\n]*", "\n\n", part)
    return re.sub(r"[ \t]{2,}", " ", part)


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


def _document(report: DocumentReport, anchor: str) -> str:
    rows = [("findings", f"{len(report.findings):,} in {plural(report.words, 'word')}")]
    rows += [(escape(k.replace("_", " ")), escape(figure(k, v))) for k, v in report.quality.items()]
    if report.indexed:
        rows.append(("source", escape(report.source.describe()) if report.source else "none found in the index"))
    rows += [("warning", escape(w)) for w in report.warnings]
    table = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    compared = _source_diff(report.text, report.source) if report.source and report.source.aligned else ""
    answer = (f'<p class="answer"><span class="verdict">{escape(report.verdict)}</span>'
              f"spin score {report.spin_score:.2f} \u00b7 {plural(len(report.findings), 'finding')} in "
              f"{plural(report.words, 'word')}</p>")
    return (f'<section class="doc {escape(report.verdict)}" id="{anchor}"><h2>{escape(report.path)}</h2>{answer}'
            f'<div class="text">{_diff(report)}</div>{compared}{_located(report)}<table>{table}</table></section>')


def _summary(reports: list[DocumentReport], anchors: list[str]) -> str:
    """Several documents: one row each, most suspicious first, each linking to its document."""
    if len(reports) < 2:
        return ""
    order = sorted(range(len(reports)), key=lambda i: (-reports[i].spin_score, reports[i].path))
    rows = "".join(
        f'<tr class="{escape(reports[i].verdict)}"><td><a href="#{anchors[i]}">{escape(reports[i].path)}</a></td>'
        f'<td><span class="verdict">{escape(reports[i].verdict)}</span></td>'
        f'<td class="number">{reports[i].spin_score:.2f}</td><td class="number">{len(reports[i].findings):,}</td>'
        f'<td class="number">{reports[i].words:,}</td></tr>' for i in order)
    counts = ", ".join(f"{sum(r.verdict == v for r in reports)} {v}" for v in ("spun", "suspect", "clean"))
    return (f"<h2>{plural(len(reports), 'document')}: {counts}</h2><table class=\"summary\"><tr><th>path</th>"
            f"<th>verdict</th><th>spin score</th><th>findings</th><th>words</th></tr>{rows}</table>")


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
    anchors = [f"doc-{n}" for n in range(1, len(reports) + 1)]
    body = "\n".join(_document(r, a) for r, a in zip(reports, anchors))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>spindetect report</title><style>{STYLE}</style></head><body>"
            f"<h1>spindetect {escape(__version__)} report</h1>\n{_summary(reports, anchors)}\n{body}\n</body></html>\n")

"""spindetect: find spun text (synonym-substituted copies), pair each phrase with its likely
original, score the document.

    >>> import spindetect
    >>> report = spindetect.scan_text("Profound learning is a branch of machine learning.")
    >>> report.verdict, [f.suggestions[0] for f in report.findings]
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "Scanner", "scan_text", "scan_file"]


def __getattr__(name: str):
    if name == "Scanner":           # imported when first asked for: the package stays fast to import
        from .scanner import Scanner
        return Scanner
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def scan_text(text: str, path: str = "<text>", **options):
    """Scan one text; returns a DocumentReport (verdict, spin_score, findings, quality).

    ``path`` names the document (its extension says whether it is Markdown or HTML). Options
    are ``spindetect.scanner.Scanner``'s: ``min_confidence`` (report phrases at or above this
    confidence instead of the calibrated threshold), ``phrase_lists`` (paths of known-phrase
    lists, Problematic Paper Screener CSV), ``index`` (path of a reference index), ``model``,
    ``with_readability`` (False skips the readability figures), ``honour_suppressions`` and
    ``workers``. The package imports nothing heavy until the first call."""
    from .scanner import scan_text as _scan
    return _scan(text, path, **options)


def scan_file(path: str, **options):
    """Read a file as ``spindetect scan`` does (plain text, Markdown, HTML, PDF or Word) and scan
    it; options as ``scan_text``'s, plus ``skip_references`` (a paper's references section left
    out). A PDF's or Word document's report has ``layout`` (``report.where(finding)`` gives
    "p. 4" or "¶ 12"); a file that cannot be read raises ``spindetect.core.types.InputError``."""
    from .scanner import scan_file as _scan
    return _scan(path, **options)

"""spindetect: find spun text (synonym-substituted copies), pair each phrase with its likely
original, score the document.

    >>> import spindetect
    >>> report = spindetect.scan_text("Profound learning is a branch of machine learning.")
    >>> report.verdict, [f.suggestions[0] for f in report.findings]
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "scan_text"]


def scan_text(text: str, path: str = "<text>", **options):
    """Scan one text; returns a DocumentReport (verdict, spin_score, findings, quality).

    ``path`` names the document (its extension says whether it is Markdown or HTML). Options,
    as ``spindetect.api.scan_text`` takes them: ``min_confidence`` (report phrases at or above
    this confidence instead of the calibrated threshold), ``fingerprints`` (a
    ``spindetect.detect.phraselist.Matcher`` of a known-phrase list), ``index`` (a reference
    index, ``spindetect.index.search.open_index(path)``), ``with_quality`` (False skips the
    readability figures), ``honour_suppressions`` and ``workers``. The package imports nothing
    heavy until the first call."""
    from .api import scan_text as _scan
    return _scan(text, path, **options)

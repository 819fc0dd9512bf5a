"""spindetect: find spun text (synonym-substituted copies), pair each phrase with its likely
original, score the document.

    >>> import spindetect
    >>> report = spindetect.scan_text("Profound learning is a branch of machine learning.")
    >>> report.verdict, [f.suggestions[0] for f in report.findings]
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "scan_text"]


def scan_text(text: str, path: str = "<text>"):
    """Scan one text; returns a DocumentReport (verdict, spin_score, findings, quality)."""
    from .api import scan_text as _scan
    return _scan(text, path)

"""JSON: one object, ``{"version": ..., "documents": [...]}`` (the stable contract in the README)."""
from __future__ import annotations

import json

from .. import __version__
from ..core.types import DocumentReport


def render(reports: list[DocumentReport], skipped: list[dict] | None = None) -> str:
    payload = {"version": __version__, "documents": [r.to_dict() for r in reports]}
    if skipped:
        payload["skipped"] = skipped
    return json.dumps(payload, ensure_ascii=False, indent=2)

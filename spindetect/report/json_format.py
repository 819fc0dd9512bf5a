"""JSON: one object, ``{"version": ..., "documents": [...]}`` (the stable contract in the README)."""
from __future__ import annotations

import json

from .. import __version__


def render_records(records: list[dict], skipped: list[dict] | None = None) -> str:
    payload = {"version": __version__, "documents": records}
    if skipped:
        payload["skipped"] = skipped
    return json.dumps(payload, ensure_ascii=False, indent=2)


def render_check(results) -> str:
    """``spindetect check --format json``: the scan contract, plus per document ``passed``,
    ``policy`` (where it came from) and ``failures``, and per finding its line/column."""
    documents = []
    for result in results:
        doc = result.report.to_dict()
        by_start = {(i.start, i.end): i for i in result.issues if i.finding is not None}
        for finding in doc["findings"]:
            issue = by_start[(finding["start"], finding["end"])]
            loc = issue.location
            finding.update(line=loc.line, column=loc.column, end_line=loc.end_line, end_column=loc.end_column,
                           level=issue.level, baselined=issue.baselined)
        doc["failures"] = [{"rule": i.rule, "message": i.message, "baselined": i.baselined}
                           for i in result.issues if i.finding is None]
        doc["passed"] = not result.failed
        doc["policy"] = result.policy.source or "default"
        documents.append(doc)
    payload = {"version": __version__, "passed": not any(r.failed for r in results), "documents": documents}
    return json.dumps(payload, ensure_ascii=False, indent=2)

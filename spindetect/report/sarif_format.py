"""SARIF 2.1.0, the format code-scanning services read. One run; one result per issue, with
the likely original as a fix; baselined issues carry an external suppression."""
from __future__ import annotations

import hashlib
import json
import os
from urllib.parse import quote

from .. import __version__
from ..check.run import DOCUMENT_RULES, FINDING_RULES, FileResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES = {**FINDING_RULES, **DOCUMENT_RULES}
DEFAULT_LEVEL = {rule: "warning" for rule in FINDING_RULES} | {"fingerprint": "error"} | {r: "error" for r in DOCUMENT_RULES} | {"source-match": "warning"}


def _uri(path: str) -> str:
    return quote(path.replace(os.sep, "/"))


def _region(issue, text: str) -> dict:
    loc = issue.location
    region = {"startLine": loc.line, "startColumn": loc.column}
    if issue.finding is not None:
        region |= {"endLine": loc.end_line, "endColumn": loc.end_column, "charOffset": issue.start,
                   "charLength": issue.end - issue.start, "snippet": {"text": text[issue.start:issue.end]}}
    return region


def _result(result: FileResult, issue, rule_ids: list[str]) -> dict:
    uri = _uri(result.path)
    out = {
        "ruleId": issue.rule, "ruleIndex": rule_ids.index(issue.rule), "level": issue.level,
        "message": {"text": issue.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri},
                                            "region": _region(issue, result.report.text)}}],
        "partialFingerprints": {"spindetectKey/v1": hashlib.sha256(
            "\x1f".join(issue.key).encode("utf-8")).hexdigest()},
    }
    finding = issue.finding
    layout = result.report.layout
    if finding is not None and layout is not None:       # a PDF or Word file: its page or paragraph; no fix
        out["message"]["text"] += f" ({result.report.where(finding)})"
        out["properties"] = {layout.unit: layout.locate(finding.start)}
    elif finding is not None and finding.suggestions:
        out["fixes"] = [{"description": {"text": f'Write the likely original "{finding.suggestions[0]}"'},
                         "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [{
                             "deletedRegion": {"charOffset": issue.start, "charLength": issue.end - issue.start},
                             "insertedContent": {"text": finding.suggestions[0]}}]}]}]
    if issue.baselined:
        out["suppressions"] = [{"kind": "external", "justification": "recorded in the spindetect baseline"}]
    return out


def render(results: list[FileResult]) -> str:
    rule_ids = list(RULES)
    driver = {
        "name": "spindetect", "version": __version__, "semanticVersion": __version__,
        "rules": [{"id": rule, "shortDescription": {"text": RULES[rule]},
                   "defaultConfiguration": {"level": DEFAULT_LEVEL[rule]}} for rule in rule_ids],
    }
    sarif = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [_result(r, i, rule_ids) for r in results for i in r.issues],
    }]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"

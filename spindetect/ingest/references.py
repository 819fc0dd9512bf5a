"""A paper's references section in its extracted text (PDF or Word): tortured phrases in the
titles of cited works are not the paper's own, and ``--skip-references`` leaves them out."""
from __future__ import annotations

import re

_REFERENCES = re.compile(r"^[ \t]*(?:[0-9]{1,2}\.?|[IVX]{1,5}\.)?[ \t]*(references|bibliography|works cited|literature cited|"
                         r"reference list|cited literature)\s*:?\s*$", re.I | re.M)
_AFTER_REFERENCES = re.compile(r"^[ \t]*(?:[A-Z0-9]{1,2}\.?\s+)?(appendix|appendices|supplementary material)\b.*$",
                               re.I | re.M)


def references_section(text: str) -> tuple[int, int] | None:
    """The references section: from the last heading named like one (in the second half of the
    text) to an appendix heading after it, or to the end."""
    found = [m for m in _REFERENCES.finditer(text) if m.start() >= len(text) * 0.3]
    if not found:
        return None
    start = found[-1].start() + len(found[-1].group()) - len(found[-1].group().lstrip())
    after = _AFTER_REFERENCES.search(text, found[-1].end())
    if after is None:
        return start, len(text)
    return start, after.start() + len(after.group()) - len(after.group().lstrip())

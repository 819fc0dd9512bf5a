"""Counts in messages and reports: "1 document", "2 documents", "1,204 entries"."""


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``count`` (with thousands separators) and its noun in the right number."""
    return f"{count:,} {singular if count == 1 else many or singular + 's'}"

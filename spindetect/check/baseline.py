"""Baselines: today's findings recorded so that only new ones fail.

An entry is keyed by the file (relative to the baseline's directory), the rule, the finding's
text and a few words of context on each side, never by offset, so it survives edits elsewhere
in the file. Document-level failures (verdict, density, readability) are keyed by rule alone.
Keys are counted: a phrase recorded twice silences two occurrences.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter

from ..core.output import write_file
from ..core.types import InputError

FORMAT_VERSION = 1
CONTEXT_WORDS = 3
_WORD = re.compile(r"\w+")


def finding_key(rule: str, text: str, source: str, start: int, end: int) -> tuple[str, str, str]:
    before = _WORD.findall(source[max(0, start - 200):start])[-CONTEXT_WORDS:]
    after = _WORD.findall(source[end:end + 200])[:CONTEXT_WORDS]
    context = " ".join(before).lower() + " [] " + " ".join(after).lower()
    return rule, " ".join(text.lower().split()), context


def document_key(rule: str) -> tuple[str, str, str]:
    return rule, "", ""


class Baseline:
    def __init__(self, path: str, entries: dict[str, Counter]):
        self.path = path
        self.entries = entries           # relative file path -> Counter of keys

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            raise InputError(path, "baseline file not found (write one with --write-baseline)") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(path, f"not a readable baseline file: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("files"), dict):
            raise InputError(path, f"not a spindetect baseline (version {FORMAT_VERSION} expected)")
        entries = {}
        try:
            for name, items in data["files"].items():
                entries[name] = Counter((i["rule"], i.get("text", ""), i.get("context", "")) for i in items)
        except (TypeError, KeyError, AttributeError):
            raise InputError(path, "malformed baseline entry") from None
        return cls(path, entries)

    def _relative(self, path: str) -> str:
        return _relative_to(path, self.path)

    def consume(self, path: str, key: tuple[str, str, str]) -> bool:
        """True (and one use spent) when the baseline holds this key for this file."""
        counter = self.entries.get(self._relative(path))
        if counter and counter[key] > 0:
            counter[key] -= 1
            return True
        return False


def _relative_to(path: str, baseline_path: str) -> str:
    base_dir = os.path.dirname(os.path.abspath(baseline_path))
    return os.path.relpath(os.path.abspath(path), base_dir).replace(os.sep, "/")


def write(path: str, keys_by_file: dict[str, list[tuple[str, str, str]]]) -> int:
    """Write a baseline holding these keys; returns how many entries it holds."""
    files = {}
    for name in sorted(keys_by_file, key=lambda p: _relative_to(p, path)):
        keys = sorted(keys_by_file[name])
        if keys:
            files[_relative_to(name, path)] = [
                {"rule": rule, **({"text": text, "context": context} if text else {})}
                for rule, text, context in keys]
    payload = {"version": FORMAT_VERSION, "tool": "spindetect", "files": files}
    write_file(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")      # whole, or not at all
    return sum(len(v) for v in files.values())

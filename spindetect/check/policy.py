"""The editorial policy ``spindetect check`` applies, and where each setting came from.

A policy lives in ``.spindetect.toml`` (top-level keys), ``[tool.spindetect]`` in
pyproject.toml or ``[spindetect]`` in setup.cfg. The nearest directory (walking up from the
checked file) with one of them wins; in one directory the order is the one just given.
``--config FILE`` names the file instead. Relative paths and globs in a policy are relative to
the directory of the file that holds it.
"""
from __future__ import annotations

import configparser
import fnmatch
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable

from ..core.types import VERDICTS, InputError
from ..ingest.files import DEFAULT_GLOBS

if TYPE_CHECKING:
    from ..scanner import Scanner

FAIL_LEVELS = (*VERDICTS[1:], "never")
CANDIDATES = ((".spindetect.toml", None), ("pyproject.toml", "tool.spindetect"), ("setup.cfg", "spindetect"))


@dataclass(frozen=True)
class Policy:
    fail_on: str = "spun"
    max_findings_per_1000_words: float | None = None
    min_reading_ease: float | None = None
    max_grade: float | None = None
    min_confidence: float | None = None
    include: tuple[str, ...] = DEFAULT_GLOBS
    exclude: tuple[str, ...] = ()
    fingerprints: tuple[str, ...] = ()
    baseline: str | None = None
    index: str | None = None
    model: str | None = None
    skip_references: bool = False
    root: str = "."                   # globs and relative paths are relative to this directory
    source: str | None = None         # "path [section]" of the file the policy came from
    origins: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def includes(self, path: str) -> bool:
        return _matches(self.include, self._relative(path))

    def excludes(self, path: str) -> bool:
        return _matches(self.exclude, self._relative(path))

    def _relative(self, path: str) -> str:
        return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")

    def scanner(self, with_readability: bool = True) -> Scanner:
        """What a document under this policy is scanned with (suppression comments honoured)."""
        # imported here: reading a policy (check --explain) loads no detector
        from ..scanner import Scanner
        return Scanner(min_confidence=self.min_confidence, phrase_lists=self.fingerprints, index=self.index,
                       model=self.model, skip_references=self.skip_references,
                       with_readability=with_readability, honour_suppressions=True)


def _matches(patterns: tuple[str, ...], relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative if "/" in p else name, p) for p in patterns)


# -- value parsers: each takes the raw value (TOML type or setup.cfg string) ---------------

def _fail_level(value: Any) -> str:
    if value not in FAIL_LEVELS:
        raise ValueError(f"expected one of {', '.join(FAIL_LEVELS)}; got {value!r}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"expected a number; got {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a number; got {value!r}") from None


def _non_negative(value: Any) -> float:
    number = _number(value)
    if number < 0:
        raise ValueError(f"expected a number of 0 or more; got {value!r}")
    return number


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):                      # setup.cfg: one per line or comma-separated
        return tuple(part.strip() for part in value.replace(",", "\n").splitlines() if part.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"expected a list of strings; got {value!r}")


def _probability(value: Any) -> float:
    number = _number(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"expected a number from 0 to 1; got {value!r}")
    return number


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1", "false", "no", "off", "0"):
        return value.strip().lower() in ("true", "yes", "on", "1")
    raise ValueError(f"expected true or false; got {value!r}")


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a path; got {value!r}")
    return value.strip()


KEYS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "fail_on": (_fail_level, "verdict that fails a document: suspect, spun or never"),
    "max_findings_per_1000_words": (_non_negative, "most (new) findings allowed per 1,000 words"),
    "min_reading_ease": (_number, "lowest Flesch reading ease allowed"),
    "max_grade": (_number, "highest Flesch-Kincaid grade allowed"),
    "min_confidence": (_probability, "confidence a phrase needs to be a finding (unset: the model's calibrated threshold)"),
    "include": (_strings, "file globs checked inside directories and among staged files"),
    "exclude": (_strings, "file globs never checked, even when named"),
    "fingerprints": (_strings, "known-phrase lists (Problematic Paper Screener CSV)"),
    "baseline": (_string, "baseline file: findings recorded there do not fail"),
    "index": (_string, "reference index (spindetect index build): likely sources and the collection's phrases"),
    "model": (_string, "model file (spindetect train --out FILE) instead of the shipped one"),
    "skip_references": (_flag, "leave out a PDF's or Word document's references section"),
}
PATH_KEYS = ("fingerprints", "baseline", "index", "model")


def parse(raw: dict[str, Any], where: str, root: str, base: Policy | None = None) -> Policy:
    """A Policy from raw settings; ``where`` names the file and section in messages."""
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KEYS:
            raise InputError(where, f"unknown key {key!r} (known: {', '.join(KEYS)})")
        try:
            values[key] = KEYS[key][0](value)
        except ValueError as exc:
            raise InputError(where, f"{key}: {exc}") from None
    for key in PATH_KEYS:
        if key in values:
            resolve = lambda p: os.path.normpath(os.path.join(root, p))  # noqa: E731
            values[key] = resolve(values[key]) if isinstance(values[key], str) else tuple(map(resolve, values[key]))
    base = base or Policy(root=os.path.abspath(root))
    origins = {**base.origins, **{key: where for key in values}}
    return replace(base, **values, root=os.path.abspath(root), source=where, origins=origins)


def read_file(path: str, section: str | None = None) -> tuple[dict[str, Any], str] | None:
    """(raw settings, "path [section]") from one config file, or None when it has no section
    for spindetect. ``section`` None means the file's own kind decides."""
    name = os.path.basename(path)
    try:
        if name.endswith(".toml"):
            return _read_toml(path, section if section is not None else
                              ("tool.spindetect" if name == "pyproject.toml" else ""))
        return _read_cfg(path, section or "spindetect")
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


def _read_toml(path: str, section: str):
    try:
        import tomllib
    except ModuleNotFoundError:                       # Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"invalid TOML: {exc}") from None
    for part in section.split(".") if section else []:
        data = data.get(part)
        if data is None:
            return None
        if not isinstance(data, dict):
            raise InputError(path, f"[{section}] is not a table")
    return data, f"{path} [{section}]" if section else path


def _read_cfg(path: str, section: str):
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise InputError(path, f"invalid configuration file: {exc}".splitlines()[0]) from None
    if not parser.has_section(section):
        return None
    return dict(parser.items(section)), f"{path} [{section}]"


class Resolver:
    """Finds the policy for each checked file (cached per directory)."""

    def __init__(self, config: str | None = None, overrides: dict[str, Any] | None = None):
        self.overrides = {k: v for k, v in (overrides or {}).items() if v not in (None, ())}
        self._by_dir: dict[str, Policy] = {}
        self._fixed = None
        if config is not None:
            if not os.path.isfile(config):
                raise InputError(config, "no such configuration file")
            found = read_file(config)
            if found is None:
                raise InputError(config, "has no [spindetect] or [tool.spindetect] section")
            self._fixed = self._finish(parse(found[0], found[1], os.path.dirname(os.path.abspath(config))))

    def for_path(self, path: str) -> Policy:
        if self._fixed is not None:
            return self._fixed
        directory = os.path.dirname(os.path.abspath(path)) if path != "-" else os.getcwd()
        return self.for_directory(directory)

    def for_directory(self, directory: str) -> Policy:
        if directory not in self._by_dir:
            self._by_dir[directory] = self._discover(directory)
        return self._by_dir[directory]

    def _discover(self, directory: str) -> Policy:
        current = directory
        while True:
            for name, section in CANDIDATES:
                candidate = os.path.join(current, name)
                if os.path.isfile(candidate):
                    found = read_file(candidate, section if section is not None else "")
                    if found is not None:
                        return self._finish(parse(found[0], found[1], current))
            parent = os.path.dirname(current)
            if parent == current:
                return self._finish(Policy(root=os.getcwd()))
            current = parent

    def _finish(self, policy: Policy) -> Policy:
        if not self.overrides:
            return policy
        origins = {**policy.origins, **{k: "command line" for k in self.overrides}}
        return replace(policy, **self.overrides, origins=origins)

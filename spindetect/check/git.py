"""Git plumbing for the pre-commit hook: the staged files, their staged content, the hook."""
from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys

from ..core.types import InputError

HOOK_MARKER = "# installed by spindetect install-hook"


def _git(*args: str, cwd: str | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("git", "git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(os.getcwd() if cwd is None else cwd, message[0] if message else f"git {args[0]} failed")
    return done.stdout


def toplevel() -> str:
    return _git("rev-parse", "--show-toplevel").decode().strip()


def staged_paths() -> list[str]:
    """Added, copied, modified or renamed files in the index, relative to the current directory."""
    root = toplevel()
    names = _git("diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z").decode("utf-8", "surrogateescape")
    return [os.path.relpath(os.path.join(root, n)) for n in names.split("\0") if n]


def staged_bytes(path: str) -> bytes:
    """The content of ``path`` as staged (what the commit will hold), not the working copy."""
    root = toplevel()
    inside = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    return _git("cat-file", "blob", f":{inside}", cwd=root)


def hook_script() -> str:
    python = shlex.quote(sys.executable)
    return (f"#!/bin/sh\n{HOOK_MARKER}\n"
            "# Checks the staged Markdown, HTML and text files against the spindetect policy.\n"
            f"if [ -x {python} ]; then exec {python} -m spindetect check --staged; fi\n"
            "exec spindetect check --staged\n")


def install_hook(force: bool = False) -> str:
    """Write the pre-commit hook of the repository around the current directory; returns its path."""
    hooks = _git("rev-parse", "--git-path", "hooks").decode().strip()
    os.makedirs(hooks, exist_ok=True)
    path = os.path.join(hooks, "pre-commit")
    if os.path.exists(path) and not force:
        with open(path, encoding="utf-8", errors="replace") as handle:
            if HOOK_MARKER not in handle.read():
                raise InputError(path, "a pre-commit hook already exists (not spindetect's); --force replaces it")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(hook_script())
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path

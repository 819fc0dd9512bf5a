"""``spindetect install-hook``: a git pre-commit hook that runs ``spindetect check --staged``."""
from __future__ import annotations

import sys

import click

from ..core.types import InputError
from .common import error, main, out


@main.command("install-hook")
@click.option("--force", is_flag=True, help="Replace an existing pre-commit hook that is not spindetect's.")
def install_hook(force):
    """Install a git pre-commit hook in the repository around the current directory.

    The hook checks the staged Markdown, HTML and text files (their staged content) against
    the policy, and refuses the commit when the policy fails. 'git commit --no-verify'
    skips it. For the pre-commit framework, use this repository's .pre-commit-hooks.yaml instead.
    """
    from ..check.git import install_hook as install

    try:
        path = install(force)
    except InputError as exc:
        error(str(exc))
        sys.exit(2)
    out(f"spindetect: installed the pre-commit hook at {path}")

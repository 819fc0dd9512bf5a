"""The command group and the manners every command shares.

Exit codes: 0 the command ran (whatever it found); 1 a policy or ``--fail-on`` failed; 2 usage
or input error (missing path, unreadable or oversized file, bad list, bad configuration). Input
problems are one line on stderr naming the file.
"""
from __future__ import annotations

import click

from .. import __version__


def error(message: str) -> None:
    click.echo(f"spindetect: error: {message}", err=True)


def warn(message: str) -> None:
    click.echo(f"spindetect: warning: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spindetect")
def main() -> None:
    """Find spun text: phrases a synonym spinner rewrote, each paired with its likely original."""

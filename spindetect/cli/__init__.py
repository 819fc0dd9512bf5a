"""Command line: ``spindetect scan``, ``check``, ``install-hook``, ``summarize``.
Each command is one module; importing them registers them on the group."""
from . import check, hook, scan, summarize  # noqa: F401  (registers the commands)
from .common import main

__all__ = ["main"]

"""Command line: ``spindetect scan``, ``check``, ``install-hook``, ``index``, ``summarize``.
Each command is one module; importing them registers them on the group."""
from . import check, hook, index, scan, summarize  # noqa: F401  (registers the commands)
from .common import main

__all__ = ["main"]

"""Command line: ``spindetect scan``, ``check``, ``install-hook``, ``index``, ``spin``, ``train``, ``eval``, ``summarize``.
Each command is one module; importing them registers them on the group."""
from . import check, evaluate, hook, index, scan, spin, summarize  # noqa: F401  (registers the commands)
from .common import main

__all__ = ["main"]

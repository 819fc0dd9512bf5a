"""Command line: ``spindetect scan``, ``spindetect check``, ``spindetect install-hook``.
Each command is one module; importing them registers them on the group."""
from . import check, hook, scan  # noqa: F401  (registers the commands)
from .common import main

__all__ = ["main"]

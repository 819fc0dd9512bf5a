"""Command line: ``spindetect scan``, ``check``, ``install-hook``, ``index``, ``spin``, ``train``, ``eval``,
``summarize``, ``serve``.
Each command is one module; importing them registers them on the group."""
from ..core.blas import one_blas_thread

one_blas_thread()           # before numpy loads (core.blas)

from . import check, evaluate, hook, index, scan, serve, spin, summarize  # noqa: E402,F401  (registers the commands)
from .common import main

__all__ = ["main"]

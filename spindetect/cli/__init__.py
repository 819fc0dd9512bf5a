"""Command line: ``spindetect scan``, ``check``, ``install-hook``, ``index``, ``spin``, ``train``, ``eval``, ``summarize``.
Each command is one module; importing them registers them on the group."""
import os

# One BLAS thread per process, set before numpy loads: the matrices here are small, and
# OpenBLAS's extra threads spin while they wait, taking the core that a forked helper or another
# worker process needs (measured: ``scan --jobs 2`` on 100k words 1.13 -> 0.90 s in-process).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from . import check, evaluate, hook, index, scan, spin, summarize  # noqa: E402,F401  (registers the commands)
from .common import main

__all__ = ["main"]

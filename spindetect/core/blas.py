"""One BLAS thread per process.

spindetect's matrices are small, and a multi-threaded BLAS (OpenBLAS in numpy's wheels) keeps
extra threads spinning while they wait: they take the core that a forked helper or another
worker process needs (measured: ``scan --jobs 2`` on 100k words, 1.13 -> 0.90 s in-process).
The setting must come before numpy loads; a value the user set is kept.
"""
from __future__ import annotations

import os

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")

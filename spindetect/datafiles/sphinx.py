"""Bigram strengths from the CMU Sphinx US English language model (PyPI ``pocketsphinx``).

pocketsphinx ships ``en-us.lm.bin``, a trigram model of 72,547 words and 2,051,547 bigrams in
Sphinx's binary trie format, which only its C library reads. The library's ARPA writer
(``ngram_model_write``) writes the unigram and bigram sections correctly and then crashes
(SIGSEGV) while collecting the trigrams, losing what stdio still buffered. So the export runs
in a child process that calls the library through ctypes, with a SIGSEGV handler that flushes
stdio and exits with code 3: the two sections we need arrive whole, the trigrams never do.
Build time only (``python -m spindetect.datafiles.lexicon --sphinx-min ...``, off by default: measured
and not kept, see docs/quality.md); nothing at run time reads this module. Licence: BSD-style
(Carnegie Mellon University); NOTICE must name it if these bigrams ever ship.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CRASHED_AFTER_FLUSH = 3

_EXPORT = r"""
import ctypes, glob, os, sys
import pocketsphinx
library = ctypes.CDLL(glob.glob(os.path.join(os.path.dirname(pocketsphinx.__file__), "_pocketsphinx*.so"))[0])
libc = ctypes.CDLL(None)
library.logmath_init.restype = ctypes.c_void_p
library.logmath_init.argtypes = [ctypes.c_double, ctypes.c_int, ctypes.c_int]
library.ngram_model_read.restype = ctypes.c_void_p
library.ngram_model_read.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
library.ngram_model_write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
NGRAM_ARPA, NGRAM_BIN = 1, 2
path = os.path.join(pocketsphinx.get_model_path(), "en-us", "en-us.lm.bin").encode()
model = library.ngram_model_read(None, path, NGRAM_BIN, library.logmath_init(1.0001, 0, 0))
if not model:
    sys.exit("pocketsphinx could not read " + path.decode())
HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_int)
def flush_and_exit(signum):
    libc.fflush(None)
    libc._exit(3)
handler = HANDLER(flush_and_exit)
libc.signal.argtypes = [ctypes.c_int, HANDLER]
libc.signal(11, handler)
library.ngram_model_write(model, sys.argv[1].encode(), NGRAM_ARPA)
"""


def export_arpa(out: Path) -> None:
    """Write the model's ARPA text (unigrams and bigrams at least) to ``out``."""
    done = subprocess.run([sys.executable, "-c", _EXPORT, str(out)], stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, CRASHED_AFTER_FLUSH):       # its INFO lines are noise, unless it failed
        last = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise SystemExit(f"pocketsphinx export failed (exit {done.returncode}): {last[0]}")


def read_arpa(path: Path) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """log10 P(w) per word and log10 P(b | a) per bigram from an ARPA file's first two sections;
    checks that the bigram section is complete (the header's count, less the few the writer drops)."""
    declared: dict[int, int] = {}
    unigrams: dict[str, float] = {}
    bigrams: dict[tuple[str, str], float] = {}
    section = ""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("ngram ") and "=" in line:
                order, count = line[6:].split("=")
                declared[int(order)] = int(count)
            elif line.startswith("\\"):
                section = line
            elif section == "\\1-grams:" and line:
                fields = line.split("\t")
                unigrams[fields[1]] = float(fields[0])
            elif section == "\\2-grams:" and line.count("\t") >= 2:
                fields = line.split("\t")
                bigrams[(fields[1], fields[2])] = float(fields[0])
    if not declared or len(bigrams) < 0.999 * declared.get(2, 0):
        raise SystemExit(f"{path}: bigram section incomplete ({len(bigrams):,} of {declared.get(2, 0):,})")
    return unigrams, bigrams


def strengths(unigrams: dict[str, float], bigrams: dict[tuple[str, str], float],
              min_strength: float) -> dict[tuple[str, str], float]:
    """Bigram strengths on the lexicon's scale (log10 occurrences per billion words):
    log10 P(a) + log10 P(b | a) + 9, for words (not sentence marks) at least ``min_strength``."""
    out = {}
    for (a, b), log_p in bigrams.items():
        if a in unigrams and not a.startswith("<") and not b.startswith("<"):
            strength = unigrams[a] + log_p + 9.0
            if strength >= min_strength:
                out[(a, b)] = strength
    return out


def sphinx_bigrams(work: Path, min_strength: float) -> dict[tuple[str, str], float]:
    arpa = work / "en-us.arpa"
    export_arpa(arpa)
    return strengths(*read_arpa(arpa), min_strength)

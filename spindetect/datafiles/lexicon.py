"""Build the shipped lexicon (``spindetect/data/lexicon.npz`` and ``multiword.json.gz``).

Run: ``NLTK_DATA=../shared/nltk_data python -m spindetect.datafiles.lexicon [--moby PATH]``

Sources (all open; see NOTICE):
- vocabulary and word frequencies: ``wordfreq`` (zipf scale = log10 per billion words);
- synonyms: WordNet 3.0 through NLTK, and Grady Ward's Moby Thesaurus;
- bigram statistics: Norvig's Google-web bigram table (``wordsegment``), the Google-Books bigram
  table of ``symspellpy``, collocations counted in NLTK corpora (Brown, State of the Union,
  inaugural addresses, movie reviews) and WordNet's glosses and multiword lemmas.
  ABC news, the WSJ treebank sample, webtext and movie reviews are left out on purpose: the
  models are trained and evaluated on text the statistics never saw, as users' text is.

Nothing here lists spun phrases: the detector's knowledge is which words a thesaurus offers
for which, and how established each word pair is.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from ..detect.lexicon import MOBY, PHRASE_WORDS, WORDNET, phrase_hashes
from ..detect.tokens import tokenize
from . import sphinx

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
WORD_RE = re.compile(r"^[a-z]+(?:'[a-z]+)*$")
LM_CORPORA = ("brown", "state_union", "inaugural")
NORVIG_TOTAL = 1_024_908_267_229  # tokens behind Norvig's count_1w/count_2w tables
WORDNET_PHRASE_STRENGTH = 3.0      # a WordNet multiword lemma counts as ~1 per million words
MAX_ORIGINALS = 96                 # candidate originals kept per observed word
MIN_ORIGINAL_ZIPF = 2.5            # an original is established language (>= 0.3 per million words)
FANOUT_WEIGHT = 0.5                # ranking: zipf(o) - 0.5 * log10(thesaurus size of o)
SCALE = 20.0                       # uint8 quantisation of log10 frequencies
SPHINX_MIN_STRENGTH = float("nan")  # CMU Sphinx bigrams: off (see docs/quality.md)


def log(msg: str) -> None:
    print(f"[build] {msg}", file=sys.stderr, flush=True)


def build_vocab(size: int) -> tuple[list[str], np.ndarray]:
    import wordfreq
    words = [w for w in wordfreq.top_n_list("en", size, wordlist="large") if WORD_RE.match(w) and len(w) <= 30]
    zipf = np.array([wordfreq.zipf_frequency(w, "en", wordlist="large") for w in words], dtype=np.float32)
    return words, zipf


def package_file(package: str, name: str) -> Path:
    import importlib.util
    spec = importlib.util.find_spec(package)
    return Path(spec.origin).parent / name


def table_bigrams(path: Path, sep: str, total: float) -> dict[tuple[str, str], float]:
    out = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if sep == "\t":
                pair, _, count = line.rstrip("\n").partition("\t")
                parts = pair.split(" ")
            else:
                *parts, count = line.split()
            if len(parts) != 2:
                continue
            out[(parts[0].lower(), parts[1].lower())] = math.log10(int(count) / total * 1e9)
    return out


def runs_of_words(tokens) -> list[list[str]]:
    runs, current = [], []
    for tok in tokens:
        word = tok.lower()
        if WORD_RE.match(word):
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def corpus_bigrams(min_count: int = 2) -> tuple[dict[tuple[str, str], float], int]:
    import nltk
    from nltk.corpus import wordnet as wn
    counts: Counter = Counter()
    total = 0
    for name in LM_CORPORA:
        corpus = getattr(nltk.corpus, name)
        for fileid in corpus.fileids():
            for run in runs_of_words(corpus.words(fileid)):
                total += len(run)
                counts.update(zip(run, run[1:]))
        log(f"corpus {name}: {total:,} words so far")
    for synset in wn.all_synsets():
        for text in [synset.definition(), *synset.examples()]:
            toks = tokenize(text)
            words = [t.norm for t in toks]
            total += len(words)
            for i in range(1, len(toks)):
                if not toks[i].brk:
                    counts[(words[i - 1], words[i])] += 1
    log(f"corpora + WordNet glosses: {total:,} words, {len(counts):,} distinct bigrams")
    scores = {pair: math.log10(c / total * 1e9) for pair, c in counts.items() if c >= min_count}
    return scores, total


def plural(word: str) -> str:
    from lemminflect import getInflection
    forms = getInflection(word, tag="NNS")
    return forms[0] if forms else word + "s"


def wordnet_phrases() -> list[list[str]]:
    """WordNet multiword lemmas (and noun plurals), as token lists."""
    from nltk.corpus import wordnet as wn
    phrases = []
    for synset in wn.all_synsets():
        for lemma in synset.lemma_names():
            words = lemma.lower().replace("-", "_").split("_")
            if 2 <= len(words) <= 4 and all(WORD_RE.match(w) for w in words):
                phrases.append(words)
                if synset.pos() == "n":
                    phrases.append(words[:-1] + [plural(words[-1])])
    return phrases


def merge_bigrams(index: dict[str, int], sources: list[dict[tuple[str, str], float]], phrases) -> tuple[np.ndarray, np.ndarray]:
    best: dict[int, float] = {}
    n = len(index)
    for source in sources:
        for (a, b), score in source.items():
            ia, ib = index.get(a), index.get(b)
            if ia is None or ib is None:
                continue
            key = ia * n + ib
            if score > best.get(key, -99.0):
                best[key] = score
    for words in phrases:
        for a, b in zip(words, words[1:]):
            ia, ib = index.get(a), index.get(b)
            if ia is not None and ib is not None:
                key = ia * n + ib
                best[key] = max(best.get(key, -99.0), WORDNET_PHRASE_STRENGTH)
    keys = np.array(sorted(best), dtype=np.int64)
    values = np.array([best[k] for k in keys.tolist()], dtype=np.float32)
    return keys, quantise(values)


def quantise(values: np.ndarray) -> np.ndarray:
    return np.clip(np.round(values * SCALE), 1, 255).astype(np.uint8)


def moby_entries(path: Path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parts = [p.strip() for p in line.rstrip("\n").split(",")]
            if len(parts) > 1:
                yield parts[0], parts[1:]


def wordnet_pairs():
    """(original, written) pairs: every two lemmas of one WordNet synset."""
    from nltk.corpus import wordnet as wn
    for synset in wn.all_synsets():
        names = [n.lower().replace("_", " ") for n in synset.lemma_names()]
        for original in names:
            for written in names:
                yield original, written


def moby_pairs(path: Path):
    """(original, written) pairs: a Moby root and each synonym listed for it."""
    for root, synonyms in moby_entries(path):
        for syn in synonyms:
            yield root.lower(), syn.lower()


def thesaurus_reverse(moby_path: Path):
    """Map a lemma a spinner may write -> {original lemma: source bits} (1 = WordNet, 2 = Moby).

    Also returns multiword rewrites (observed phrase -> set of originals, word or phrase) and
    each original's fanout (how many words a thesaurus offers for it)."""
    reverse: dict[str, dict[str, int]] = defaultdict(dict)
    multi: dict[str, set[str]] = defaultdict(set)
    fanout: Counter = Counter()
    for source, pairs in ((WORDNET, wordnet_pairs()), (MOBY, moby_pairs(moby_path))):
        for original, written in pairs:
            if written == original or not written:
                continue
            fanout[original] += 1
            if " " in written or " " in original:
                multi[written].add(original)
            else:
                reverse[written][original] = reverse[written].get(original, 0) | source
    return reverse, multi, fanout


def surface_analyses(word: str) -> list[tuple[str, str | None]]:
    """(lemma, Penn tag) pairs that produce ``word``; (word, None) when uninflected or unknown."""
    from lemminflect import getAllInflections, getAllLemmas
    out = [(word, None)]
    for upos, lemmas in getAllLemmas(word).items():
        for lemma in lemmas:
            if lemma == word:
                continue
            for tag, forms in getAllInflections(lemma, upos=upos).items():
                if word in forms:
                    out.append((lemma, tag))
    return out


def inflect(lemma: str, tag: str | None) -> str | None:
    if tag is None:
        return lemma
    from lemminflect import getInflection
    forms = getInflection(lemma, tag=tag)
    return forms[0] if forms else None


def build_synonyms(words, zipf, index, reverse, fanout) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR map observed word -> originals, ranked by the noisy-channel prior P(o) / fanout(o),
    and each word's log10 fanout (a spinner picks any one of a long list rarely)."""
    word_fanout = np.zeros(len(words), dtype=np.float32)
    prior: dict[int, float] = {}
    indptr = [0]
    indices: list[int] = []
    bits: list[int] = []
    for word in words:
        found: dict[int, int] = {}
        analyses = surface_analyses(word)
        word_fanout[index[word]] = math.log10(1 + max(fanout.get(lemma, 0) for lemma, _ in analyses))
        for lemma, tag in analyses:
            for original, source in reverse.get(lemma, {}).items():
                form = inflect(original, tag)
                target = index.get(form) if form else None
                if target is not None and form != word and zipf[target] >= MIN_ORIGINAL_ZIPF:
                    found[target] = found.get(target, 0) | source
                    prior[target] = zipf[target] - FANOUT_WEIGHT * math.log10(1 + fanout.get(original, 0))
        ranked = sorted(found, key=lambda i: (-prior[i], i))[:MAX_ORIGINALS]
        indices.extend(ranked)
        bits.extend(found[i] for i in ranked)
        indptr.append(len(indices))
    arrays = np.array(indptr, dtype=np.int32), np.array(indices, dtype=np.int32), np.array(bits, dtype=np.uint8)
    return (*arrays, word_fanout)


def phrase_strength(phrase: str, index, keys: np.ndarray, values: np.ndarray, zipf: np.ndarray) -> float | None:
    """Weakest adjacent-bigram strength of a phrase (log10 per billion); a word's zipf for one word."""
    words = phrase.split()
    ids = [index.get(w) for w in words]
    if any(i is None for i in ids):
        return None
    if len(ids) == 1:
        return float(zipf[ids[0]])
    n = len(index)
    weakest = 99.0
    for a, b in zip(ids, ids[1:]):
        pos = np.searchsorted(keys, a * n + b)
        if pos >= len(keys) or keys[pos] != a * n + b:
            return None
        weakest = min(weakest, values[pos] / SCALE)
    return weakest


def build_multiword(multi, fanout, index, keys, values, zipf) -> dict[str, list]:
    """Observed multiword phrase -> [own strength, up to 5 [original, strength, log10 fanout]].

    Originals must be established (every adjacent pair known, or a common word); they are
    ranked by the noisy-channel prior: strength minus log10 of the original's thesaurus size."""
    out = {}
    for written, originals in multi.items():
        words = written.split()
        if not 2 <= len(words) <= PHRASE_WORDS or not all(w in index for w in words):
            continue
        own = phrase_strength(written, index, keys, values, zipf)
        ranked = []
        for original in originals:
            strength = phrase_strength(original, index, keys, values, zipf)
            if strength is not None and strength >= 3.0 and len(original.split()) <= 4:
                ranked.append([original, round(strength, 2), round(math.log10(1 + fanout.get(original, 0)), 2)])
        ranked.sort(key=lambda r: (-(r[1] - r[2]), r[0]))
        if ranked:
            out[written] = [round(own, 2) if own is not None else None, ranked[:5]]
    return out


def save_arrays(directory: Path, arrays: dict[str, np.ndarray]) -> None:
    """One .npy file per array: the package memory-maps them, so loading costs almost nothing."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.npy"):
        old.unlink()
    for name, array in arrays.items():
        np.save(directory / f"{name}.npy", array, allow_pickle=False)


def pack(words, zipf, keys, values, indptr, indices, bits, word_fanout, multiword) -> dict[str, np.ndarray]:
    """Arrays for ``np.load(allow_pickle=False)``: fixed-width sorted byte arrays stand in for
    dicts, so loading builds no Python objects per word."""
    word_array = np.array([w.encode("ascii") for w in words], dtype=f"S{max(map(len, words))}")
    order = np.argsort(word_array, kind="stable")
    multi_keys = sorted(multiword)
    blobs = [json.dumps(multiword[k], separators=(",", ":")).encode("utf-8") for k in multi_keys]
    return {
        "sorted_words": word_array[order], "sorted_ids": order.astype(np.int32),
        "word_rank": np.argsort(order, kind="stable").astype(np.int32),
        "zipf": np.round(np.asarray(zipf) * 10).astype(np.uint8),
        "bigram_keys": keys, "bigram_values": values,
        "bigram_floor": np.float32(np.percentile(values.astype(np.float32) / SCALE, 1)),
        "syn_indptr": indptr, "syn_indices": indices, "syn_bits": bits,
        "fanout": np.round(np.asarray(word_fanout) * SCALE).astype(np.uint8),
        "multi_keys": np.array([k.encode("utf-8") for k in multi_keys]),
        "multi_values": np.array(b"".join(blobs)),
        "multi_offsets": np.cumsum([0] + [len(b) for b in blobs]).astype(np.int64),
        "multi_word_ids": multiword_word_ids(multi_keys, words),
    }


def multiword_word_ids(multi_keys: list[str], words: list[str]) -> np.ndarray:
    """Per multiword key, the vocabulary ids of its words (-1 padded to PHRASE_WORDS): the
    detector finds the phrases of a text by their word ids. Every key's words are in the
    vocabulary (the thesaurus phrases kept are made of known words), and no two keys share a
    hash of their ids."""
    index = {word: i for i, word in enumerate(words)}
    spelled = np.full((len(multi_keys), PHRASE_WORDS), -1, dtype=np.int32)
    for row, key in enumerate(multi_keys):
        key_words = key.split(" ")
        if len(key_words) > PHRASE_WORDS or any(w not in index for w in key_words):
            raise ValueError(f"multiword key {key!r}: more than {PHRASE_WORDS} words or a word outside the vocabulary")
        spelled[row, :len(key_words)] = [index[w] for w in key_words]
    if len(np.unique(phrase_hashes(spelled))) != len(spelled):
        raise ValueError("two multiword keys share a hash of their word ids")
    return spelled


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moby", default=os.environ.get("SPINDETECT_MOBY", "../shared/lexicon/moby_thesaurus.txt"))
    parser.add_argument("--vocab", type=int, default=200_000, help="wordfreq list size before filtering")
    parser.add_argument("--out", default=str(DATA_DIR))
    parser.add_argument("--sphinx-min", type=float, default=SPHINX_MIN_STRENGTH,
                        help="also take the CMU Sphinx model's bigrams at least this strong (log10 per "
                             "billion words; needs pocketsphinx); 'nan' leaves them out")
    args = parser.parse_args(argv)
    started = time.time()
    words, zipf = build_vocab(args.vocab)
    index = {w: i for i, w in enumerate(words)}
    log(f"vocabulary: {len(words):,} words")
    norvig = table_bigrams(package_file("wordsegment", "bigrams.txt"), "\t", NORVIG_TOTAL)
    symspell_path = package_file("symspellpy", "frequency_bigramdictionary_en_243_342.txt")
    symspell_total = sum(int(line.split()[1]) for line in open(package_file("symspellpy", "frequency_dictionary_en_82_765.txt")))
    symspell = table_bigrams(symspell_path, " ", symspell_total)
    corpus, _ = corpus_bigrams()
    sources = [norvig, symspell, corpus]
    if not math.isnan(args.sphinx_min):
        with tempfile.TemporaryDirectory() as work:
            sources.append(sphinx.sphinx_bigrams(Path(work), args.sphinx_min))
        log(f"sphinx: {len(sources[-1]):,} bigrams at least {args.sphinx_min}")
    keys, values = merge_bigrams(index, sources, wordnet_phrases())
    log(f"bigrams: {len(keys):,}")
    reverse, multi, fanout = thesaurus_reverse(Path(args.moby))
    indptr, indices, bits, word_fanout = build_synonyms(words, zipf, index, reverse, fanout)
    log(f"synonym pairs: {len(indices):,}")
    multiword = build_multiword(multi, fanout, index, keys, values, zipf)
    log(f"multiword rewrites: {len(multiword):,}")
    save_arrays(Path(args.out) / "lexicon", pack(words, zipf, keys, values, indptr, indices, bits, word_fanout, multiword))
    log(f"wrote {args.out}/lexicon/ in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

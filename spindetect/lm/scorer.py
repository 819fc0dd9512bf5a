"""Log-probabilities of alternative continuations of a shared left context.

``LanguageModel.continuations(lefts, options)`` scores, for each left context, every option
written after it: log P(option | left), summed over the option's tokens. The left contexts run
once (grouped by length, so a batch needs no padding mask) and the options continue from their
cached keys and values, those of one length together. ``LanguageModel.grid(left, firsts,
seconds)`` scores every first word followed by every second word at once (a pair of
neighbouring words both replaced).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from . import tokenizer, transformer, weights

BATCH_TOKENS = 2_048        # tokens per forward pass (bounds memory)
HEAD_ROWS = 256             # next-token distributions computed at once
START = 0                   # <|endoftext|>: what an empty left context reads as


class LanguageModel:
    def __init__(self, w: weights.Weights):
        self.w = w
        self.tokenizer = tokenizer.build(w.tokens, w.merges)

    @classmethod
    def load(cls, path: Path | None = None) -> LanguageModel:
        return cls(cached_weights(path or weights.model_path()))

    def encode(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(texts, add_special_tokens=False)]

    def one_token(self, words: list[str]) -> list[bool]:
        """Whether each word, after a space, is one token (remembered per word)."""
        known = self.__dict__.setdefault("_one_token", {})
        new = [w for w in dict.fromkeys(words) if w not in known]
        for w, ids in zip(new, self.encode([" " + w for w in new])):
            known[w] = len(ids) == 1
        return [known[w] for w in words]

    def continuations(self, lefts: list[str], options: list[list[str]], left_tokens: int | None = None,
                      keep: int | None = None, head_words: int | list[int] = 1) -> list[np.ndarray]:
        """Per left context, log P(option | left) of each of its options (natural log);
        ``left_tokens``: only the last so many tokens of each left context are read (most
        contexts then have one length and run in one batch). ``keep``: besides the first option
        (the text as written), only the ``keep`` options whose first ``head_words`` words (one
        number, or one per left context) the left context makes likeliest are read on; the rest
        score -inf. (A first word's first token comes free with the context, but it is no
        measure of a word of several tokens: " H" of " Huge" stands for every word in H, and
        outranked " Deep", one token, before "learning"; so the head words are read to their end
        first.)"""
        # an empty left context reads as a text's start: the end-of-text token before it
        left_ids = [(ids[-left_tokens:] if left_tokens else ids) or [START] for ids in self.encode(lefts)]
        option_ids = [self.encode(opts) if opts else [] for opts in options]
        head_words = [head_words] * len(options) if isinstance(head_words, int) else head_words
        word_lengths = [_head_lengths(self, opts, ids, words) if keep is not None and len(opts) > keep + 1
                        else None for opts, ids, words in zip(options, option_ids, head_words)]
        out = [np.zeros(len(opts)) for opts in options]
        for length, members in _by_length([k for k in range(len(left_ids)) if options[k]],
                                          lambda k: len(left_ids[k])).items():
            per_batch = max(1, BATCH_TOKENS // max(length, 1))
            for at in range(0, len(members), per_batch):
                chunk = members[at:at + per_batch]
                self._score(chunk, [left_ids[k] for k in chunk], [option_ids[k] for k in chunk], out, keep,
                            [word_lengths[k] for k in chunk])
        return out

    def _score(self, chunk, lefts, options, out, keep, word_lengths) -> None:
        w = self.w
        states, past = transformer.hidden(w, np.array(lefts))
        first = transformer.log_probs(w, states[:, -1])          # each option's first token
        words = self._first_words(options, word_lengths, first, past)
        rows = []
        for n, opts in enumerate(options):
            kept = range(len(opts))
            if words[n] is not None:
                kept = [0] + sorted((1 + np.argsort(-words[n], kind="stable")[:keep]).tolist())
                out[chunk[n]][:] = -np.inf
            rows.extend((n, o) for o in kept)
        self._read(rows, options, first, past, out, chunk)

    def grid(self, left: str, firsts: list[str], seconds: list[str], left_tokens: int | None = None) -> np.ndarray:
        """log P(first + second | left) for every first of ``firsts`` and second of ``seconds``
        (a matrix), where a second of several tokens counts its first token only (an upper
        bound). Each first is read to its end once; every second's first token then comes free
        with the next-token distribution after it."""
        w = self.w
        left_ids = (self.encode([left])[0][-left_tokens:] if left_tokens else self.encode([left])[0]) or [START]
        first_ids = self.encode(firsts)
        second_first = np.array([ids[0] for ids in self.encode(seconds)], dtype=np.int64)
        states, past = transformer.hidden(w, np.array([left_ids]))
        start = transformer.log_probs(w, states[:, -1])[0]
        out = np.empty((len(first_ids), len(seconds)))
        for length, members in _by_length(range(len(first_ids)), lambda r: len(first_ids[r])).items():
            # one length at a time: no padding
            ids = np.array([first_ids[r] for r in members], dtype=np.int64).reshape(len(members), length)
            hidden_states, _ = transformer.hidden(w, ids, past, past_rows=np.zeros(len(ids), dtype=np.int64), keep=False)
            total = start[ids[:, 0]].astype(np.float64)
            if length > 1:
                steps = self._token_log_probs(hidden_states[:, :-1].reshape(-1, hidden_states.shape[-1]),
                                              ids[:, 1:].reshape(-1))
                total += steps.reshape(len(members), length - 1).sum(axis=1)
            for at in range(0, len(members), HEAD_ROWS):
                after = transformer.log_probs(w, hidden_states[at:at + HEAD_ROWS, -1])[:, second_first]
                out[members[at:at + HEAD_ROWS]] = total[at:at + HEAD_ROWS, None] + after
        return out

    def _first_words(self, options, word_lengths, first, past) -> list[np.ndarray | None]:
        """Per left context with options to choose among (a list of first-word lengths in
        ``word_lengths``), log P(first word | left) of each option after the first (the text as
        written): a one-token word's from ``first``, a longer one read to its end from the
        context's keys and values."""
        words, rows = [], []
        for n, lengths in enumerate(word_lengths):
            words.append(None if lengths is None else
                         np.array([first[n, tokens[0]] for tokens in options[n][1:]], dtype=np.float64))
            if lengths is not None:
                rows.extend((n, o) for o in range(1, len(options[n])) if lengths[o] > 1)
        if rows:
            heads = [[tokens[:lengths[o]] for o, tokens in enumerate(opts)] if lengths is not None else opts
                     for opts, lengths in zip(options, word_lengths)]
            read = [np.zeros(len(opts)) for opts in options]
            self._read(rows, heads, first, past, read, list(range(len(options))))
            for n, o in rows:
                words[n][o - 1] = read[n][o]
        return words

    def _read(self, rows, options, first, past, out, chunk) -> None:
        """log P(option | its context) for each (context, option) in ``rows``, read on from the
        contexts' keys and values ``past`` (``first``: their next-token log-probabilities), into
        ``out[chunk[context]][option]``. Options of one length run together, without padding
        (padded to the longest, the reads had cost twice their tokens), and an option's last
        token is only predicted, never read."""
        for length, group in _by_length(rows, lambda row: len(options[row[0]][row[1]])).items():
            ids = np.array([options[n][o] for n, o in group], dtype=np.int64).reshape(len(group), length)
            owner = np.array([n for n, _ in group])
            total = first[owner, ids[:, 0]].astype(np.float64)
            if length > 1:
                states, _ = transformer.hidden(self.w, ids[:, :-1], past, past_rows=owner, keep=False)
                predicted = self._token_log_probs(states.reshape(-1, states.shape[-1]), ids[:, 1:].reshape(-1))
                total += predicted.reshape(len(group), length - 1).sum(axis=1)
            for (n, o), value in zip(group, total):
                out[chunk[n]][o] = value

    def _token_log_probs(self, states: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        """log P(token) after each state, HEAD_ROWS states at a time (a full distribution is
        49,152 floats: thousands of rows at once would take gigabytes)."""
        out = np.empty(len(tokens))
        for at in range(0, len(tokens), HEAD_ROWS):
            lp = transformer.log_probs(self.w, states[at:at + HEAD_ROWS])
            out[at:at + HEAD_ROWS] = lp[np.arange(len(lp)), tokens[at:at + HEAD_ROWS]]
        return out


class InTwoProcesses:
    """A LanguageModel whose ``continuations`` run half in a forked child and half here (a
    scan with ``--jobs`` 2 or more: the model's reading is nearly all of the context mode's
    time, and the weights are memory-mapped, so the child shares them). The same numbers as one
    process, to the last bits of float32 sums where a batch is cut differently; where forking is
    not possible the whole runs here (``core.forked.Later``)."""

    def __init__(self, model: LanguageModel):
        self.model = model

    def continuations(self, lefts: list[str], options: list[list[str]], left_tokens: int | None = None,
                      keep: int | None = None, head_words: int | list[int] = 1) -> list[np.ndarray]:
        from ..core.forked import Later

        cut = _halfway(options)
        if cut in (0, len(options)):
            return self.model.continuations(lefts, options, left_tokens, keep, head_words)
        words = [head_words] * len(options) if isinstance(head_words, int) else head_words
        later = Later(lambda: self.model.continuations(lefts[cut:], options[cut:], left_tokens, keep, words[cut:]),
                      _encode_arrays, _decode_arrays)
        first = self.model.continuations(lefts[:cut], options[:cut], left_tokens, keep, words[:cut])
        return first + later.result()

    def grid(self, left: str, firsts: list[str], seconds: list[str], left_tokens: int | None = None) -> np.ndarray:
        """``LanguageModel.grid``, here (one small read)."""
        return self.model.grid(left, firsts, seconds, left_tokens)

    def one_token(self, words: list[str]) -> list[bool]:
        return self.model.one_token(words)


def _by_length(items, length_of) -> dict:
    """``items`` grouped by ``length_of(item)``, each group in the items' order (a batch of one
    length needs no padding)."""
    groups: dict = {}
    for item in items:
        groups.setdefault(length_of(item), []).append(item)
    return groups


def _head_of(text: str, words: int) -> str:
    """A text's first ``words`` words with the spaces before each (" Deep learning methods", 1 ->
    " Deep")."""
    at = 0
    for _ in range(words):
        while at < len(text) and text[at].isspace():
            at += 1
        while at < len(text) and not text[at].isspace():
            at += 1
    return text[:at]


def _head_lengths(model: LanguageModel, texts: list[str], ids: list[list[int]], words: int) -> list[int]:
    """Per option, how many of its tokens its first ``words`` words take (1 where their own
    tokens are not how the option's begin)."""
    lengths = []
    for word_ids, option_ids in zip(model.encode([_head_of(text, words) for text in texts]), ids):
        fits = 0 < len(word_ids) <= len(option_ids) and option_ids[:len(word_ids)] == word_ids
        lengths.append(len(word_ids) if fits else 1)
    return lengths


def _halfway(options: list[list[str]]) -> int:
    """Where to cut the items so that the two halves have the nearest numbers of options."""
    prefix = np.concatenate([[0], np.cumsum([len(o) for o in options])])
    return int(np.argmin(np.abs(2 * prefix - prefix[-1])))


def _encode_arrays(arrays: list[np.ndarray]) -> bytes:
    import io
    buffer = io.BytesIO()
    np.savez(buffer, *arrays)
    return buffer.getvalue()


def _decode_arrays(raw: bytes) -> list[np.ndarray]:
    import io
    with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
        return [archive[f"arr_{k}"] for k in range(len(archive.files))]


def cache_folder() -> Path:
    return Path(os.environ.get("SPINDETECT_CACHE") or Path.home() / ".cache" / "spindetect")


def cached_weights(path: Path) -> weights.Weights:
    """The model's weights, dequantised once and kept as float32 .npy files in the cache folder
    (memory-mapped on later loads: ~0.1 s instead of ~5 s); read straight from the GGUF file
    when the folder cannot be written."""
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    folder = cache_folder() / f"lm-{key}"
    if (folder / "done").exists():
        return weights.from_folder(folder)
    loaded = weights.load(path)
    try:
        weights.to_folder(loaded, folder)
    except OSError:
        pass
    return loaded

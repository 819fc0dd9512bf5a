"""Log-probabilities of alternative continuations of a shared left context.

``LanguageModel.continuations(lefts, options)`` scores, for each left context, every option
written after it: log P(option | left), summed over the option's tokens. The left contexts run
once (grouped by length, so a batch needs no padding mask) and the options continue from their
cached keys and values, padded on the right (a causal model's earlier positions never see the
padding).
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

    def continuations(self, lefts: list[str], options: list[list[str]], left_tokens: int | None = None,
                      keep: int | None = None) -> list[np.ndarray]:
        """Per left context, log P(option | left) of each of its options (natural log);
        ``left_tokens``: only the last so many tokens of each left context are read (most
        contexts then have one length and run in one batch). ``keep``: besides the first option
        (the text as written), only the ``keep`` options whose first token the left context makes
        likeliest are read on (their first token's probability comes free with the context);
        the rest score -inf."""
        # an empty left context reads as a text's start: the end-of-text token before it
        left_ids = [(ids[-left_tokens:] if left_tokens else ids) or [START] for ids in self.encode(lefts)]
        option_ids = [self.encode(opts) if opts else [] for opts in options]
        out = [np.zeros(len(opts)) for opts in options]
        by_length: dict[int, list[int]] = {}
        for k, ids in enumerate(left_ids):
            if options[k]:
                by_length.setdefault(len(ids), []).append(k)
        for length, members in by_length.items():
            per_batch = max(1, BATCH_TOKENS // max(length, 1))
            for at in range(0, len(members), per_batch):
                chunk = members[at:at + per_batch]
                self._score(chunk, [left_ids[k] for k in chunk], [option_ids[k] for k in chunk], out, keep)
        return out

    def _score(self, chunk, lefts, options, out, keep) -> None:
        w = self.w
        states, past = transformer.hidden(w, np.array(lefts))
        first = transformer.log_probs(w, states[:, -1])          # each option's first token
        rows = []
        for n, opts in enumerate(options):
            kept = range(len(opts))
            if keep is not None and len(opts) > keep + 1:
                prior = np.array([first[n, tokens[0]] for tokens in opts[1:]])
                kept = [0] + sorted((1 + np.argsort(-prior, kind="stable")[:keep]).tolist())
                out[chunk[n]][:] = -np.inf
            rows.extend((n, o) for o in kept)
        width = max(len(options[n][o]) for n, o in rows)
        ids = np.full((len(rows), width), 2, dtype=np.int64)
        real = np.zeros((len(rows), width), dtype=bool)
        for r, (n, o) in enumerate(rows):
            tokens = options[n][o]
            ids[r, :len(tokens)], real[r, :len(tokens)] = tokens, True
        owner = np.array([n for n, _ in rows])
        total = first[owner, ids[:, 0]].astype(np.float64)
        if width > 1:
            hidden_states, _ = transformer.hidden(w, ids, past, past_rows=owner, keep=False)
            scored = real[:, 1:]                 # position t predicts token t + 1: only real ones
            row, at = np.nonzero(scored)
            np.add.at(total, row, self._token_log_probs(hidden_states[row, at], ids[row, at + 1]))
        for r, (n, o) in enumerate(rows):
            out[chunk[n]][o] = total[r]


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
                      keep: int | None = None) -> list[np.ndarray]:
        from ..core.forked import Later

        cut = _halfway(options)
        if cut in (0, len(options)):
            return self.model.continuations(lefts, options, left_tokens, keep)
        later = Later(lambda: self.model.continuations(lefts[cut:], options[cut:], left_tokens, keep),
                      _encode_arrays, _decode_arrays)
        first = self.model.continuations(lefts[:cut], options[:cut], left_tokens, keep)
        return first + later.result()


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

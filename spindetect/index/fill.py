"""Filling an index: documents are read and sketched by workers, written by this process.

Writes are committed every ``COMMIT_EVERY`` documents or ``COMMIT_SECONDS``, whichever comes
first, so a build killed midway keeps what it committed and the next run skips those documents by content hash (``--jobs`` workers compute;
SQLite has one writer).
"""
from __future__ import annotations

import hashlib
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

from ..core.types import InputError, display_path, internal_error
from ..detect import lexicon as lexicon_module
from ..detect.candidates import token_ids
from ..detect.tokens import tokenize
from ..ingest.files import Skipped, read
from ..ingest.markup import prose_of
from . import domain, minhash
from .store import IndexStore

COMMIT_EVERY = 200
COMMIT_SECONDS = 1.0


@dataclass
class Prepared:
    """One file, read and sketched (or why not)."""
    path: str
    sha256: str = ""
    compressed: bytes = b""        # zlib of the text, compressed here, in the worker
    words: int = 0
    sketch: minhash.Sketch | None = None
    pair_keys: np.ndarray | None = None
    pair_counts: np.ndarray | None = None
    known: bool = False
    skipped: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


_KNOWN: frozenset[str] = frozenset()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def prepare(path: str, max_bytes: int, known: frozenset[str] | None = None) -> Prepared:
    """Read ``path`` and compute its MinHash sketch and word pairs; never raises."""
    known = _KNOWN if known is None else known
    name = display_path(path)           # what the index stores and reports (valid UTF-8)
    try:
        source = read(path, max_bytes)
        if isinstance(source, Skipped):
            return Prepared(name, skipped=source.reason)
        sha = content_hash(source.text)
        if sha in known:
            return Prepared(name, sha, known=True)
        lex = lexicon_module.load()
        tokens = tokenize(prose_of(source.text, path).text)
        ids = token_ids(lex, tokens)
        sketch = minhash.sketch_tokens(lex, tokens, ids)
        keys, counts = domain.pair_counts(lex, tokens, ids)
        compressed = zlib.compress(source.text.encode("utf-8", "surrogatepass"), 6)
        return Prepared(name, sha, compressed, len(tokens), sketch, keys, counts, warnings=source.warnings)
    except InputError as exc:
        return Prepared(name, error=exc.problem)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a build
        return Prepared(name, error=internal_error(exc))


def _worker_init(known: frozenset[str]) -> None:
    global _KNOWN
    _KNOWN = known
    lexicon_module.load()
    minhash.mutable_words()


def prepared(paths: list[str], max_bytes: int, known: frozenset[str], jobs: int) -> Iterator[Prepared]:
    """Prepared files in input order, from ``jobs`` worker processes (or this one)."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield prepare(path, max_bytes, known)
        return
    from ..core.pool import pool_imap
    yield from pool_imap(partial(prepare, max_bytes=max_bytes), paths, jobs, _worker_init, (known,))


@dataclass
class BuildCounts:
    added: int = 0
    words: int = 0
    known: int = 0
    skipped: int = 0
    failed: int = 0


def write(store: IndexStore, items: Iterator[Prepared], counts: BuildCounts, on_item=None) -> None:
    """Add prepared documents to ``store``, committing every ``COMMIT_EVERY`` or ``COMMIT_SECONDS``."""
    pending: list[Prepared] = []
    last_commit = time.monotonic()

    def flush():
        added = []
        with store.transaction():
            for item in pending:
                if store.add(item.path, item.sha256, item.words, item.compressed, item.sketch):
                    added.append(item)
                else:
                    counts.known += 1
            if added:       # one upsert per distinct pair of the batch
                keys, where = np.unique(np.concatenate([i.pair_keys for i in added]), return_inverse=True)
                store.add_pairs(keys, np.bincount(where, weights=np.concatenate([i.pair_counts for i in added]))
                                .astype(np.int64))
        counts.added += len(added)
        counts.words += sum(i.words for i in added)
        pending.clear()

    for item in items:
        if item.error:
            counts.failed += 1
        elif item.skipped:
            counts.skipped += 1
        elif item.known:
            counts.known += 1
        else:
            pending.append(item)
            if len(pending) >= COMMIT_EVERY or time.monotonic() - last_commit >= COMMIT_SECONDS:
                flush()
                last_commit = time.monotonic()
        if on_item is not None:
            on_item(item)
    if pending:
        flush()


def index_texts(texts: list[str], folder: str, name: str = "index.db") -> str:
    """Write ``texts`` into ``folder`` as files a0000.txt, a0001.txt, ... and index them into a new
    index ``folder/name`` (evaluation scripts build their archives this way); returns its path."""
    paths = []
    for k, text in enumerate(texts):
        path = Path(folder, f"a{k:04d}.txt")
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    index_path = str(Path(folder, name))
    store = IndexStore.create(index_path)
    try:
        write(store, prepared(sorted(paths), 10**7, frozenset(), 1), BuildCounts())
    finally:
        store.close()
    return index_path

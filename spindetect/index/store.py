"""The index file: one SQLite database (WAL journal: readers work while a build writes).

Tables: ``meta`` (format, schema, sketch settings, lexicon digest), ``documents`` (path,
content hash, word count, zlib text, shingle hashes), ``bands`` (LSH band key -> document) and
``bigrams`` (the collection's word-pair counts, keyed like the lexicon's bigram table). Every
write happens in a transaction, so a build killed midway leaves the documents it committed.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..core.types import InputError, OutputError
from ..detect import lexicon as lexicon_module
from . import minhash

FORMAT, SCHEMA = "spindetect-index", 1
SCHEMA_SQL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    words INTEGER NOT NULL,
    added TEXT NOT NULL,
    text BLOB NOT NULL,
    shingles BLOB NOT NULL
);
CREATE TABLE bands(key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(key, doc)) WITHOUT ROWID;
CREATE TABLE bigrams(key INTEGER PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
"""
SETTINGS = {"shingle": minhash.SHINGLE, "rows": minhash.ROWS, "bands": minhash.BANDS,
            "minhash_seed": minhash.MINHASH_SEED}


@lru_cache(maxsize=1)
def lexicon_digest() -> str:
    """Identifies the shipped vocabulary: bigram keys are word ids, valid only for it."""
    words = lexicon_module.load().words.sorted_words
    return hashlib.blake2b(np.ascontiguousarray(words).tobytes(), digest_size=8).hexdigest()


@dataclass
class StoredDocument:
    id: int
    path: str
    words: int
    text: str


WRITER_CACHE_KIB = 256 * 1024     # the pair table's B-tree grows large: keep its pages in memory


def _connect(path: str, writable: bool) -> sqlite3.Connection:
    uri = Path(path).absolute().as_uri() + ("?mode=rwc" if writable else "?mode=ro")
    # a reader may be opened in one thread and used in another (the service loads the index at
    # start and scans in a worker thread, one scan at a time); SQLite's default build serialises
    db = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None,
                         check_same_thread=writable or sqlite3.threadsafety != 3)
    if writable:
        # WAL with synchronous=NORMAL: a killed process loses nothing committed; only a power
        # cut may lose the last transactions, never the file's consistency
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
    return db


class IndexStore:
    """An open index. ``create`` makes a new file; ``open`` requires an existing one."""

    def __init__(self, path: str, connection: sqlite3.Connection):
        self.path = path
        self.db = connection

    @classmethod
    def open(cls, path: str, writable: bool = False) -> IndexStore:
        """An existing index. One opened for writing is checked page by page first (SQLite's
        ``quick_check``): documents are never added to a damaged file."""
        if not Path(path).is_file():
            raise InputError(path, "no such index (make one with: spindetect index build DIR --index FILE)")
        with _damaged_as_input_error(path):
            store = cls(path, _connect(path, writable))
            store._check()
            if writable:
                store._check_pages()
        return store

    @classmethod
    def create(cls, path: str) -> IndexStore:
        """Open ``path`` for writing, making a new index when the file does not exist. The new
        file gets its schema under a temporary name and is then hard-linked into place, which
        fails when another process made the index meanwhile (two builds started together): then
        both use that one. An interrupted creation never leaves a half-made index behind."""
        if Path(path).exists():
            return cls.open(path, writable=True)
        if not Path(path).absolute().parent.is_dir():
            raise InputError(path, "its directory does not exist")
        partial = f"{path}.{os.getpid()}.new"
        try:
            cls._make(path, partial)
            _place_exclusively(partial, path)
        finally:
            for leftover in (partial, partial + "-wal", partial + "-shm"):
                if os.path.exists(leftover):
                    os.unlink(leftover)
        return cls.open(path, writable=True)

    @staticmethod
    def _make(path: str, partial: str) -> None:
        with _damaged_as_input_error(path):
            db = _connect(partial, writable=True)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                with _transaction(db):
                    for statement in SCHEMA_SQL.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    meta = {"format": FORMAT, "schema": SCHEMA, "lexicon": lexicon_digest(),
                            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **SETTINGS}
                    db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in meta.items()])
            finally:
                db.close()

    def _check_pages(self) -> None:
        problems = [row[0] for row in self.db.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise InputError(self.path, f"index is damaged ({problems[0]}); nothing was added. "
                                        "Rebuild it, or restore a copy")

    def _check(self) -> None:
        try:
            meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.OperationalError:
            raise InputError(self.path, "not a spindetect index (no meta table)") from None
        if meta.get("format") != FORMAT:
            raise InputError(self.path, "not a spindetect index")
        if int(meta.get("schema", 0)) > SCHEMA:
            raise InputError(self.path, f"index schema {meta['schema']} is newer than this spindetect reads; upgrade")
        settings = {k: int(meta.get(k, -1)) for k in SETTINGS}
        if settings != SETTINGS:
            raise InputError(self.path, "index was made with other fingerprint settings; rebuild it")
        self.meta = meta

    @property
    def same_lexicon(self) -> bool:
        return self.meta.get("lexicon") == lexicon_digest()

    @contextmanager
    def transaction(self):
        with _damaged_as_input_error(self.path), _transaction(self.db):
            yield

    def known_hashes(self) -> set[str]:
        with _damaged_as_input_error(self.path):
            return {row[0] for row in self.db.execute("SELECT sha256 FROM documents")}

    def add(self, path: str, sha256: str, words: int, compressed_text: bytes, sketch: minhash.Sketch) -> bool:
        """Add one document (inside a transaction): its zlib-compressed text, shingles and LSH
        bands. False when its content is already indexed."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO documents(path, sha256, words, added, text, shingles) VALUES (?,?,?,?,?,?)",
            (path, sha256, words, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), compressed_text,
             sketch.shingles.astype("<u4").tobytes()))
        if cursor.rowcount == 0:
            return False
        doc = cursor.lastrowid
        self.db.executemany("INSERT OR IGNORE INTO bands(key, doc) VALUES (?, ?)", [(k, doc) for k in sketch.bands])
        return True

    def add_pairs(self, keys: np.ndarray, counts: np.ndarray) -> None:
        """Add word-pair counts (inside a transaction)."""
        self.db.executemany(
            "INSERT INTO bigrams(key, count) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET count = count + excluded.count",
            zip(keys.tolist(), counts.tolist()))

    def candidates(self, bands: list[int], limit: int) -> list[tuple[int, int]]:
        """(document id, bands shared) for the documents sharing most LSH bands with a query."""
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        with _damaged_as_input_error(self.path):
            return self.db.execute(
                f"SELECT doc, COUNT(*) AS hits FROM bands WHERE key IN ({marks}) "
                "GROUP BY doc ORDER BY hits DESC, doc LIMIT ?", (*bands, limit)).fetchall()

    def shingles(self, ids: list[int]) -> dict[int, np.ndarray]:
        marks = ",".join("?" * len(ids))
        with _damaged_as_input_error(self.path):
            rows = self.db.execute(f"SELECT id, shingles FROM documents WHERE id IN ({marks})", ids).fetchall()
        return {doc: np.frombuffer(blob, dtype="<u4") for doc, blob in rows}

    def document(self, doc: int) -> StoredDocument:
        with _damaged_as_input_error(self.path):
            row = self.db.execute("SELECT id, path, words, text FROM documents WHERE id = ?", (doc,)).fetchone()
            return StoredDocument(row[0], row[1], row[2], zlib.decompress(row[3]).decode("utf-8", "surrogatepass"))

    def domain_bigrams(self, min_count: int) -> tuple[np.ndarray, np.ndarray, int]:
        """The collection's word pairs seen at least ``min_count`` times: (keys, counts, words)."""
        with _damaged_as_input_error(self.path):
            rows = self.db.execute("SELECT key, count FROM bigrams WHERE count >= ? ORDER BY key",
                                   (min_count,)).fetchall()
            words = self.db.execute("SELECT COALESCE(SUM(words), 0) FROM documents").fetchone()[0]
        table = np.array(rows, dtype=np.int64).reshape(-1, 2)
        return table[:, 0], table[:, 1], int(words)

    def stats(self) -> dict:
        with _damaged_as_input_error(self.path):
            docs, words = self.db.execute("SELECT COUNT(*), COALESCE(SUM(words), 0) FROM documents").fetchone()
            pairs = self.db.execute("SELECT COUNT(*) FROM bigrams").fetchone()[0]
            established = self.db.execute("SELECT COUNT(*) FROM bigrams WHERE count >= 2").fetchone()[0]
            last = self.db.execute("SELECT MAX(added) FROM documents").fetchone()[0]
        size = sum(p.stat().st_size for p in (Path(self.path), Path(self.path + "-wal")) if p.exists())
        return {"path": self.path, "documents": docs, "words": words, "bytes": size,
                "bytes_per_1000_documents": round(size * 1000 / docs) if docs else None,
                "word_pairs": pairs, "established_word_pairs": established, "created": self.meta.get("created"),
                "last_added": last, "same_lexicon": self.same_lexicon,
                "settings": {k: int(self.meta[k]) for k in SETTINGS}}

    def close(self) -> None:
        self.db.close()


def _place_exclusively(partial: str, path: str) -> None:
    """``partial`` becomes ``path`` unless ``path`` exists by now (then ``partial`` is left for
    the caller to remove). A hard link is atomic and refuses an existing name; a file system
    without hard links gets an exclusive create followed by a rename, nearly as safe."""
    try:
        os.link(partial, path)
        return
    except FileExistsError:
        return
    except OSError:
        pass
    with _output_errors(path):
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.close(descriptor)
        os.replace(partial, path)


@contextmanager
def _output_errors(path: str):
    try:
        yield
    except OSError as exc:
        raise OutputError(path, f"cannot write the index: {exc.strerror or exc}") from None


@contextmanager
def _transaction(db: sqlite3.Connection):
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@contextmanager
def _damaged_as_input_error(path: str):
    try:
        yield
    except InputError:
        raise
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "disk is full" in message or "disk I/O error" in message:
            raise OutputError(path, f"cannot write the index: {message}") from None
        if "not a database" in message:
            raise InputError(path, "not a spindetect index (file is not a database)") from None
        if "readonly" in message or "unable to open" in message:
            raise InputError(path, f"cannot use the index: {message}") from None
        raise InputError(path, f"index is damaged or unreadable: {message}") from None

"""Reference index benchmark: finding the source of spun copies, build speed, size, latency.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.benchmark_index [--queries 200] [--large 100000]

Collection: every ../shared/nltk_data corpus of running text (brown, abc, treebank, state_union,
inaugural, webtext, movie_reviews) cut into documents of 300-1,000 words at paragraph breaks;
200 of them are held out as unrelated queries, the rest are indexed. Spun copies of indexed
documents (mixed profile, 20/35/50%) are the queries for source recall@1 and @5. Baseline in the
same run: plain MinHash over word 5-shingles (datasketch MinHash + MinHashLSH, threshold 0.3),
the usual near-duplicate detector. Build throughput is timed with 1 and 2 workers (the CLI, cold
processes); latency (source search: sketch, LSH candidates and exact scoring; and with the
alignment against the best source) with the index topped up to 10,000 documents, and to
``--large`` documents when asked, using filler documents made of random corpus sentences.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spindetect.detect.tokens import tokenize  # noqa: E402
from spindetect.evaluate.corpora import (  # noqa: E402
    brown_texts,
    chunk_words,  # noqa: E402
    treebank_texts,
)
from spindetect.index import minhash  # noqa: E402
from spindetect.index.fill import BuildCounts, prepared, write  # noqa: E402
from spindetect.index.search import ReferenceIndex  # noqa: E402
from spindetect.index.store import IndexStore  # noqa: E402
from spindetect.spinner import spin  # noqa: E402

RATES = (0.2, 0.35, 0.5)
CORPORA = ("brown", "abc", "treebank", "state_union", "inaugural", "webtext", "movie_reviews")


def collection(rng: random.Random) -> list[str]:
    import nltk
    docs = []
    for name in CORPORA:
        corpus = getattr(nltk.corpus, name)
        ids = corpus.fileids()
        if name == "movie_reviews":
            texts = ["\n\n".join(corpus.raw(f) for f in ids[k:k + 2]) for k in range(0, len(ids), 2)]
        elif name == "brown":
            texts = [text for _, text in brown_texts()]
        elif name == "treebank":
            texts = [text for _, text in treebank_texts()]
        else:
            texts = [corpus.raw(f) for f in ids]
        for text in texts:
            docs.extend(chunk_words(text, rng, 300, 1000))
    unique, seen = [], set()
    for doc in docs:           # the corpora hold a few texts twice (movie reviews): keep one
        key = " ".join(doc.split()[:60])
        if key not in seen:
            seen.add(key)
            unique.append(doc)
    rng.shuffle(unique)
    return unique


def fillers(docs: list[str], count: int, rng: random.Random) -> list[str]:
    sentences = [s.strip() + "." for d in docs for s in d.replace("\n", " ").split(". ") if len(s.split()) > 5]
    return [" ".join(rng.sample(sentences, rng.randint(20, 45))) for _ in range(count)]


def write_files(folder: Path, docs: list[str], prefix: str) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, text in enumerate(docs):
        path = folder / f"{prefix}{k:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def timed_build(folder: Path, index: Path, jobs: int) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "spindetect", "index", "build", str(folder), "--index", str(index),
                    "--jobs", str(jobs), "-q"], check=True)
    return time.perf_counter() - started


def ranks(found: list[int], truth: int) -> int | None:
    return found.index(truth) + 1 if truth in found else None


def recall_line(name: str, rank_list: list[int | None]) -> str:
    r1 = sum(r == 1 for r in rank_list) / len(rank_list)
    r5 = sum(r is not None and r <= 5 for r in rank_list) / len(rank_list)
    return f"    {name:<28} recall@1 {r1:.3f}  recall@5 {r5:.3f}"


def our_search(index: ReferenceIndex, text: str) -> list[int]:
    return [doc for doc, _, _ in index.scored(minhash.sketch(text))]


class WordShingleBaseline:
    """Plain MinHash/LSH over lowercased word 5-shingles (datasketch, in memory)."""

    def __init__(self, docs: list[str], threshold: float = 0.3, num_perm: int = 128):
        from datasketch import MinHashLSH
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.sketches = {}
        for k, text in enumerate(docs):
            self.sketches[k] = self.minhash(text)
            self.lsh.insert(k, self.sketches[k])

    def minhash(self, text: str):
        from datasketch import MinHash
        words = [t.norm for t in tokenize(text)]
        shingles = {" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=self.num_perm, seed=1)
        m.update_batch(list(shingles))
        return m

    def search(self, text: str) -> list[int]:
        query = self.minhash(text)
        found = self.lsh.query(query)
        return sorted(found, key=lambda k: -query.jaccard(self.sketches[k]))[:5]


def latency(index: ReferenceIndex, queries: list[str]) -> tuple[list[float], list[float]]:
    search, full = [], []
    lex = index.lexicon()
    for text in queries:
        started = time.perf_counter()
        index.scored(minhash.sketch(text, lex))
        search.append(time.perf_counter() - started)
        started = time.perf_counter()
        index.source_report(text, lex)
        full.append(time.perf_counter() - started)
    return search, full


def quantiles(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"median {statistics.median(ms):.1f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.1f} ms"


def top_up(index_path: Path, folder: Path, docs: list[str], total: int, rng: random.Random, jobs: int) -> None:
    store = IndexStore.open(str(index_path))
    have = store.stats()["documents"]
    store.close()
    if have >= total:
        return
    paths = write_files(folder, fillers(docs, total - have, rng), f"f{have}_")
    store = IndexStore.open(str(index_path), writable=True)
    write(store, prepared(paths, 10**7, frozenset(), jobs), BuildCounts())
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--large", type=int, default=0, help="also time queries at this many documents")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--docs", type=int, default=0, help="index only this many documents (a quick run)")
    parser.add_argument("--latency-at", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(2026)
    docs = collection(rng)
    unrelated, indexed = docs[:200], docs[200:200 + args.docs] if args.docs else docs[200:]
    words = sum(len(d.split()) for d in indexed)
    print(f"collection: {len(indexed):,} indexed documents ({words:,} words), 200 held out as unrelated queries")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "docs")
        paths = write_files(folder, indexed, "d")
        builds = {}
        for jobs in (1, 2):
            builds[jobs] = timed_build(folder, Path(tmp, f"jobs{jobs}.db"), jobs)
            print(f"build with {jobs} worker(s): {builds[jobs]:.1f} s, {len(indexed) / builds[jobs]:.0f} documents/s, "
                  f"{words / builds[jobs]:,.0f} words/s")
        print(f"  speed-up with 2 workers: {builds[1] / builds[2]:.2f}x (2 CPUs: {os.cpu_count()})")
        index_path = Path(tmp, "jobs2.db")
        store = IndexStore.open(str(index_path))
        stats = store.stats()
        ids = {path: doc for doc, path in store.db.execute("SELECT id, path FROM documents")}
        store.close()
        print(f"index size: {stats['bytes'] / 1e6:.1f} MB for {stats['documents']:,} documents "
              f"({stats['bytes_per_1000_documents'] / 1e6:.1f} MB per 1,000)")
        index = ReferenceIndex(IndexStore.open(str(index_path)))
        baseline = WordShingleBaseline(indexed)
        chosen = random.Random(5).sample(range(len(indexed)), args.queries)
        print(f"source recall for {args.queries} spun copies of indexed documents (mixed profile):")
        for rate in RATES:
            ours, theirs = [], []
            for seed, k in enumerate(chosen):
                text = spin(indexed[k], "mixed", rate, seed=seed).text
                ours.append(ranks(our_search(index, text), ids[paths[k]]))
                theirs.append(ranks(baseline.search(text), k))
            print(f"  rate {rate:.0%}")
            print(recall_line("immutables (spindetect)", ours))
            print(recall_line("word 5-shingle MinHash", theirs))
        false_ours = sum(bool(our_search(index, text)) for text in unrelated)
        false_theirs = sum(bool(baseline.search(text)) for text in unrelated)
        print(f"unrelated documents reported with a source: spindetect {false_ours}/200, "
              f"word-shingle MinHash {false_theirs}/200")
        spun = [spin(indexed[k], "mixed", 0.35, seed=k).text for k in chosen[:100]]
        queries = spun + unrelated[:100]
        index.store.close()
        for total in (args.latency_at, args.large):
            if not total:
                continue
            top_up(index_path, Path(tmp, "fill"), docs, total, rng, args.jobs)
            index = ReferenceIndex(IndexStore.open(str(index_path)))
            index.lexicon()
            search, full = latency(index, queries)
            n = index.store.stats()["documents"]
            recall = sum(our_search(index, q)[:1] == [ids[paths[k]]] for q, k in zip(spun, chosen)) / len(spun)
            print(f"at {n:,} documents: source search {quantiles(search)}; with alignment {quantiles(full)}; "
                  f"recall@1 at 35% {recall:.2f}; size {index.store.stats()['bytes'] / 1e6:.0f} MB")
            index.store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

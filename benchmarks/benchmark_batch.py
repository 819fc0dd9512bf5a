"""Batch scanning at scale: documents/s and words/s for ``--jobs 1``, ``--jobs 2`` and a Dask
LocalCluster with 2 workers, on one generated corpus, in one run.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.benchmark_batch [--docs 20000] [--keep DIR]

The corpus: clean documents of 120-250 words cut at sentence boundaries from Brown, ABC news
and movie reviews (NLTK), and as many spun copies of them (spindetect's spinner, mixed profile, 20%), one
file each. Each mode runs as its own ``spindetect scan DIR --format jsonl -o FILE`` process;
the script samples the peak RSS of every process of the run from /proc, checks the JSONL
files are byte-identical, and projects the cost of 1M documents per core-hour.
Targets (issue 6): speed-up from 1 to 2 workers >= 1.8x; peak RSS per worker <= 300 MB.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def documents(count: int, seed: int = 7) -> list[str]:
    """``count`` clean documents (sentences of Brown, then ABC, then movie reviews, in order)."""
    from nltk.corpus import abc, brown, movie_reviews
    rng = random.Random(seed)
    docs, current, target = [], [], rng.randint(120, 250)
    for corpus in (brown, abc, movie_reviews):
        for sentence in _sentences(corpus.words()):
            current.append(" ".join(sentence))
            if sum(len(s.split()) for s in current) >= target:
                docs.append(" ".join(current))
                current, target = [], rng.randint(120, 250)
                if len(docs) == count:
                    return docs
    return docs


def _sentences(words):
    """Sentences from a word stream, cut after . ! ? (ABC has no sentence reader without Punkt)."""
    sentence = []
    for word in words:
        sentence.append(word)
        if word in (".", "!", "?"):
            yield sentence
            sentence = []


def write_corpus(root: Path, total: int) -> int:
    from spindetect.spinner import spin
    clean = documents(total // 2)
    words = 0
    for i, text in enumerate(clean):
        spun = spin(text, "mixed", 0.2, seed=i).text
        (root / f"{i:06d}_clean.txt").write_text(text + "\n", encoding="utf-8")
        (root / f"{i:06d}_spun.txt").write_text(spun + "\n", encoding="utf-8")
        words += len(text.split()) + len(spun.split())
    return words


def descendants(pid: int) -> set[int]:
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        children = []
        for task in Path(f"/proc/{parent}/task").glob("*"):      # children of every thread
            try:
                children += (task / "children").read_text().split()
            except OSError:
                continue
        for child in map(int, children):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def rss_mb(pid: int) -> tuple[str, float] | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return cmdline, int(line.split()[1]) / 1024
    return None


def measured_run(cmd: list[str]) -> tuple[float, dict[int, tuple[str, float]], int]:
    """Wall seconds, the peak RSS (MB) seen for every process of the run, the command's pid."""
    peaks: dict[int, tuple[str, float]] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in {proc.pid} | descendants(proc.pid):
                got = rss_mb(pid)
                if got and got[1] > peaks.get(pid, ("", 0.0))[1]:
                    peaks[pid] = got
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    return elapsed, peaks, proc.pid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000, help="documents in the corpus (half spun)")
    parser.add_argument("--keep", help="build the corpus in this directory and keep it (reused when present)")
    args = parser.parse_args()
    spindetect = shutil.which("spindetect") or sys.exit("spindetect is not installed (pip install -e .)")
    tmp = tempfile.mkdtemp(prefix="spindetect-batch-")
    root = Path(args.keep) if args.keep else Path(tmp) / "corpus"
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    files = sorted(root.glob("*.txt"))
    if len(files) != args.docs:
        for f in files:
            f.unlink()
        write_corpus(root, args.docs)
        files = sorted(root.glob("*.txt"))
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    print(f"corpus: {len(files):,} documents ({len(files) // 2:,} clean, {len(files) - len(files) // 2:,} spun), "
          f"{words:,} words, ready in {time.perf_counter() - started:.0f} s; {os.cpu_count()} CPUs")
    modes = {
        "--jobs 1": ["--jobs", "1"],
        "--jobs 2": ["--jobs", "2"],
        "dask LocalCluster, 2 workers": ["--engine", "dask", "--jobs", "2"],
    }
    outputs, rates = {}, {}
    for name, extra in modes.items():
        out = Path(tmp) / f"{name.split()[0].strip('-')}{extra[-1]}.jsonl"
        elapsed, peaks, main_pid = measured_run([spindetect, "scan", str(root), "--format", "jsonl", "-o", str(out), "-q", *extra])
        outputs[name] = out.read_bytes()
        rates[name] = len(files) / elapsed
        workers = [mb for pid, (_, mb) in peaks.items() if pid != main_pid and mb > 50]   # not forkserver
        print(f"{name:30s} {elapsed:7.1f} s  {len(files) / elapsed:8.1f} docs/s  {words / elapsed:9,.0f} words/s  "
              f"main RSS {peaks[main_pid][1]:.0f} MB  worker peak RSS {max(workers, default=0):.0f} MB "
              f"({len(workers)} worker processes)")
    speedup = rates["--jobs 2"] / rates["--jobs 1"]
    print(f"speed-up --jobs 1 -> 2: {speedup:.2f}x (target >= 1.8x); "
          f"dask vs --jobs 1: {rates['dask LocalCluster, 2 workers'] / rates['--jobs 1']:.2f}x")
    same = len(set(outputs.values())) == 1
    print(f"identical JSONL in all modes: {'yes' if same else 'NO'}")
    per_core_hour = rates["--jobs 1"] * 3600
    print(f"projection: {per_core_hour:,.0f} documents per core-hour at --jobs 1 -> "
          f"1M documents = {1e6 / per_core_hour:.1f} core-hours")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

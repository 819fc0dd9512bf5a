"""Speed and memory of ``spindetect scan``, with proselint as the baseline in the same run.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.benchmark [--repeat 3]

Prints, for one ~100k-word file made from Brown's news category:
- spindetect scan words/s and proselint check words/s (whole commands, median of N runs, the two
  run in turn so that a change in the shared machine's load falls on both), and the ratio: the
  median of the N rounds' ratios;
  and, with two or more cores, ``spindetect scan --jobs 2`` (the one file uses forked helper
  processes: readability, phrase candidates, half the single-word candidates);
- cold start: spindetect scan on a one-paragraph file (median wall time), next to a bare
  ``python -c pass`` as the machine's floor;
- peak RSS of the spindetect process on the big file;
- with the language model installed (README, "Context mode"): ``scan --context`` on a
  ~1,000-word article cut from the same file, whole command with model load (median), its words/s
  and peak RSS, beside the default mode on the same article.
Targets (issue 2): scan >= 2x proselint words/s, cold start <= 0.4 s, RSS <= 300 MB; (issue 30)
default mode >= 1.5x proselint, cold start <= 0.5 s, RSS <= 400 MB; context mode >= 500 words/s,
a 1,000-word article in <= 3 s with model load.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def brown_news_text() -> str:
    from nltk.corpus import brown
    paragraphs = []
    for fileid in brown.fileids(categories="news"):
        for para in brown.paras(fileid):
            sentences = [" ".join(words) for words in para]
            paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss


def median_run(cmd: list[str], repeat: int) -> tuple[float, int]:
    runs = [timed(cmd) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def in_turn(first: list[str], second: list[str], repeat: int) -> tuple[list[float], list[float], int]:
    """Wall seconds of ``first`` and ``second`` run one after the other ``repeat`` times, and
    the peak RSS (KiB) of ``first``."""
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(first))
        b.append(timed(second))
    return [t for t, _ in a], [t for t, _ in b], max(rss for _, rss in a)


def article_of(text: str, words: int = 1_000) -> str:
    """The first paragraphs of ``text`` that make about ``words`` words."""
    kept, count = [], 0
    for paragraph in text.split("\n\n"):
        if count >= words:
            break
        kept.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(kept)


def context_mode(spindetect: str, article: Path, repeat: int) -> tuple[float, float, int, float] | None:
    """Median wall seconds of ``scan`` and ``scan --context`` on ``article`` (with model load),
    the context run's peak RSS (KiB), and ``scan --context --jobs 2`` (the model's reading
    split with a forked child); None when the language model is not installed (exit 3)."""
    probe = subprocess.run([spindetect, "scan", "--context", "--format", "json", "-o", os.devnull, str(article)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)   # fills the weights cache
    if probe.returncode == 3:
        return None
    context_s, rss = median_run([spindetect, "scan", "--context", "--format", "json", "-o", os.devnull, str(article)],
                                repeat)
    jobs_s, _ = median_run([spindetect, "scan", "--context", "--jobs", "2", "--format", "json", "-o", os.devnull,
                            str(article)], repeat)
    plain_s, _ = median_run([spindetect, "scan", "--format", "json", "-o", os.devnull, str(article)], repeat)
    return context_s, plain_s, rss, jobs_s


def compile_bytecode() -> None:
    """Byte-compile the package, as ``pip install`` does for a normal install: an editable
    install under PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run
    (cold start ~0.30 s with bytecode, ~0.40 s without, measured on this machine)."""
    import compileall

    import spindetect
    compileall.compile_dir(str(Path(spindetect.__file__).parent), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    spindetect = shutil.which("spindetect") or sys.exit("spindetect is not installed (pip install -e .)")
    proselint = shutil.which("proselint") or sys.exit("proselint is not installed (pip install -e '.[test]')")
    text = brown_news_text()
    words = len(text.split())
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "brown_news.txt"
        big.write_text(text, encoding="utf-8")
        para = Path(tmp) / "paragraph.txt"
        para.write_text(text.split("\n\n")[3], encoding="utf-8")
        scans, lints, scan_rss = in_turn([spindetect, "scan", "--format", "json", "-o", os.devnull, str(big)],
                                         [proselint, "check", str(big)], args.repeat)
        scan_s, lint_s = statistics.median(scans), statistics.median(lints)
        ratio = statistics.median(lint / scan for scan, lint in zip(scans, lints))
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        jobs_s = (median_run([spindetect, "scan", "--jobs", "2", "--format", "json", "-o", os.devnull, str(big)],
                             args.repeat)[0] if cores >= 2 else None)
        cold_s, _ = median_run([spindetect, "scan", str(para)], max(args.repeat, 5))
        floor_s, _ = median_run([sys.executable, "-c", "pass"], max(args.repeat, 5))
        article = Path(tmp) / "article.txt"
        article.write_text(article_of(text), encoding="utf-8")
        article_words = len(article.read_text(encoding="utf-8").split())
        context = context_mode(spindetect, article, args.repeat)
    print(f"file: Brown news, {words:,} words; median of {args.repeat} runs; {os.cpu_count()} cores")
    print(f"spindetect scan    {scan_s:7.2f} s  {words / scan_s:10,.0f} words/s")
    print(f"proselint check    {lint_s:7.2f} s  {words / lint_s:10,.0f} words/s")
    print(f"ratio              {ratio:7.2f}x  (median of the rounds' ratios, {min(lint / scan for scan, lint in zip(scans, lints)):.2f}"
          f"-{max(lint / scan for scan, lint in zip(scans, lints)):.2f}x; target >= 2x)")
    if jobs_s is not None:
        print(f"scan --jobs 2      {jobs_s:7.2f} s  {words / jobs_s:10,.0f} words/s  "
              f"ratio {lint_s / jobs_s:.2f}x  (helper processes on 2 cores; proselint uses one)")
    print(f"cold start         {cold_s:7.3f} s  one paragraph (target <= 0.5 s); python -c pass: {floor_s:.3f} s")
    print(f"peak RSS           {scan_rss / 1024:7.0f} MB  (target <= 400 MB)")
    if context is None:
        print("scan --context     skipped: the language model is not installed (README, Context mode)")
    else:
        context_s, plain_s, context_rss, context_jobs_s = context
        print(f"scan --context     {context_s:7.2f} s  {article_words / context_s:10,.0f} words/s  one {article_words:,}-word "
              f"article with model load (target <= 3 s, >= 500 words/s); peak RSS {context_rss / 1024:.0f} MB")
        print(f"  with --jobs 2    {context_jobs_s:7.2f} s  {article_words / context_jobs_s:10,.0f} words/s  "
              "(the model's reading split with a forked child)")
        print(f"scan, same article {plain_s:7.2f} s  {article_words / plain_s:10,.0f} words/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""PDF and Word input: extraction speed and quality, and the scan of a 20-page paper.

    python -m benchmarks.benchmark_papers            # needs reportlab (pip install -e '.[test]')

1. The extractors considered, on the same generated two-column paper (drawn line by line across
   the columns, running head, page numbers): pages/s and how much of the text comes out in
   reading order (the longest common subsequence of words with the source, as a share of its
   words). pypdf and pdfminer.six are measured when installed (pip install pypdf pdfminer.six);
   spindetect uses pypdfium2 with its own layout step.
2. ``spindetect scan`` of that 20-page paper, and of a 20-page-long Word file: pages/s and words/s
   of extraction plus scan, and the peak RSS of the process (a fresh one per run) and of the
   forked child that read the file, median of 3.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.documents import paper_pdf, word_docx

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["fixtures/spun/science_tortured.txt", "fixtures/archive_ml/crop_yield.txt",   # our own texts
           "fixtures/archive_ml/land_cover.txt", "fixtures/archive_ml/stream_flow.txt",
           "fixtures/clean/science_forest.txt", "fixtures/clean/science_sleep.txt"]


def paragraphs(pages: int) -> list[str]:
    texts = [p.strip() for name in SOURCES for p in (ROOT / name).read_text(encoding="utf-8").split("\n\n")
             if len(p.split()) > 12]
    out, words = [], 0
    while words < pages * 540:                      # ~540 words fill a two-column page here
        paragraph = texts[len(out) % len(texts)]
        out.append(paragraph)
        words += len(paragraph.split())
    return out


def in_order_share(extracted: str, source: list[str]) -> float:
    """Share of the source's words that come out in order: the matching blocks of the two word
    lists (difflib), a close lower bound of their longest common subsequence."""
    import difflib

    blocks = difflib.SequenceMatcher(None, extracted.split(), source, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(source)


def extractors() -> dict:
    found = {}

    def pdfium(path):
        from spindetect.ingest.files import read
        return read(path).text
    found["pypdfium2 + spindetect layout"] = pdfium
    try:
        import pypdf

        found["pypdf"] = lambda path: "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    except ImportError:
        pass
    try:
        from pdfminer.high_level import extract_text

        found["pdfminer.six (LAParams defaults)"] = extract_text
    except ImportError:
        pass
    return found


def scan_run(path: str) -> dict:
    code = ("import json, resource, sys, time; t = time.perf_counter(); "
            "from spindetect.ingest.files import read; from spindetect.scanner import Scanner; "
            "source = read(sys.argv[1]); report = Scanner().scan_source(source); "
            "print(json.dumps({'seconds': time.perf_counter() - t, 'words': report.words, "
            "'pages': (source.layout.pages or 0), 'findings': len(report.findings), "
            "'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
            "'reader_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))")
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True,
                         env={"OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="spindetect-papers-"))
    source = paragraphs(args.pages)
    paper = paper_pdf(folder / "paper.pdf", source, columns=2, header="Proceedings of Synthetic Results")
    word = word_docx(folder / "paper.docx", source)
    words = " ".join(source).split()
    from spindetect.ingest.files import read
    pages = read(paper).layout.pages
    print(f"a generated two-column paper: {pages} pages, {len(words):,} words "
          "(words in reading order: matching blocks in the source's order, difflib)\n")
    print("| extractor | pages/s (median of 3) | words in reading order |")
    print("| --- | --- | --- |")
    for name, extract in extractors().items():
        times, text = [], ""
        for _ in range(args.runs):
            started = time.perf_counter()
            text = extract(paper)
            times.append(time.perf_counter() - started)
        print(f"| {name} | {pages / statistics.median(times):,.1f} | {in_order_share(text, words):.1%} |")
    print("\n| file | pages | words | seconds (read + scan) | pages/s | words/s | findings | peak RSS: scan, reader child |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in (paper, word):
        runs = [scan_run(path) for _ in range(args.runs)]
        seconds = statistics.median(r["seconds"] for r in runs)
        run = runs[0]
        per_page = f"{run['pages'] / seconds:,.1f}" if run["pages"] else "-"
        print(f"| {Path(path).name} | {run['pages'] or '-'} | {run['words']:,} | {seconds:.2f} | {per_page} | "
              f"{run['words'] / seconds:,.0f} | {run['findings']} | {statistics.median(r['rss_mb'] for r in runs):.0f} MB, "
              f"{statistics.median(r['reader_rss_mb'] for r in runs):.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

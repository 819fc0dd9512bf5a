"""A bounded load test of ``spindetect serve`` on 127.0.0.1.

    python -m benchmarks.benchmark_serve [--workers 2] [--small 2000] [--large 100] [--concurrency 16]

Starts the service, then sends ``--small`` one-paragraph texts and ``--large`` 5,000-word texts
to ``POST /v1/check`` (``--concurrency`` requests in flight; httpx), and prints per phase the
p50/p99 latency, throughput and errors, and the service's RSS (all its processes) before and
after. The texts are the seeds' paragraphs and the seeds joined, so each request differs.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def texts() -> tuple[list[str], str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    paragraphs = [p for s in seeds for p in s.split("\n") if len(p.split()) >= 40]
    words = " ".join(seeds).split()
    large = " ".join((words * (5000 // len(words) + 1))[:5000])
    return paragraphs, large


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants (Linux /proc)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(c) for c in children.read().split()]
        except (OSError, StopIteration):
            pass
    return total / 1024


async def phase(url: str, bodies: list[str], concurrency: int) -> dict:
    import httpx

    latencies, errors = [], 0
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=120) as client:
        async def one(body: str) -> None:
            nonlocal errors
            async with gate:
                started = time.perf_counter()
                try:
                    response = await client.post(url, content=body.encode(), headers={"content-type": "text/plain"})
                    ok = response.status_code == 200 and "passed" in response.json()
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok
        started = time.perf_counter()
        await asyncio.gather(*(one(b) for b in bodies))
        wall = time.perf_counter() - started
    latencies.sort()
    return {"requests": len(bodies), "errors": errors, "p50": statistics.median(latencies),
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], "per_s": len(bodies) / wall,
            "wall": wall}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "spindetect", "serve", "--port", str(port), "--workers",
                               str(args.workers), "--timeout", "120"], stderr=subprocess.DEVNULL,
                              env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    try:
        import httpx
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        time.sleep(2.0)                                   # every worker up
        paragraphs, large = texts()
        url = f"http://127.0.0.1:{port}/v1/check"
        before = rss_mb(server.pid)
        print(f"spindetect serve --workers {args.workers}: RSS {before:,.0f} MB at start "
              f"(all processes), concurrency {args.concurrency}\n")
        print("| texts | requests | errors | p50 | p99 | requests/s | RSS after |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, bodies in (("one paragraph (~60 words)", [paragraphs[i % len(paragraphs)] + f" ({i})"
                                                             for i in range(args.small)]),
                             ("5,000 words", [large + f" ({i})" for i in range(args.large)])):
            result = asyncio.run(phase(url, bodies, args.concurrency))
            print(f"| {name} | {result['requests']:,} | {result['errors']} | {result['p50'] * 1000:,.0f} ms | "
                  f"{result['p99'] * 1000:,.0f} ms | {result['per_s']:,.1f} | {rss_mb(server.pid):,.0f} MB |")
    finally:
        server.terminate()
        server.wait(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())

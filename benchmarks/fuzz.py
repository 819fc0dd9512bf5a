"""The fuzzing campaign: coverage-guided inputs through spindetect's boundaries for a given time.

    python -m benchmarks.fuzz --minutes 30                     # every target, the time shared
    python -m benchmarks.fuzz --minutes 5 --target document

Each target of ``benchmarks.fuzz_targets`` runs in its own process under atheris (libFuzzer,
coverage-guided; ``pip install atheris``) with spindetect's modules instrumented, starting from
``seed_inputs``. Without atheris, hypothesis generates the inputs instead (not coverage-guided,
the same targets). An input that crashes a target is saved as
``tests/data/crashes/TARGET-SHA1.bin``, where tests/test_crashes.py replays it on every test run
(fix the defect, keep the file). A crashed target is restarted until its time is spent. Prints,
per target: inputs tried, crashes found; and the totals.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time

from .fuzz_targets import CRASHES, TARGETS, seed_inputs


def save_crash(target: str, data: bytes) -> str:
    CRASHES.mkdir(parents=True, exist_ok=True)
    path = CRASHES / f"{target}-{hashlib.sha1(data).hexdigest()[:16]}.bin"
    path.write_bytes(data)
    return str(path)


def run_atheris(target: str, seconds: int) -> None:
    """One libFuzzer run of ``target`` in this process (a child of ``campaign``)."""
    import atheris

    function = TARGETS[target]
    for data in seed_inputs(target):            # imports what the target reaches, then instrument it all
        function(data)
    atheris.instrument_all()

    def one_input(data: bytes) -> None:
        try:
            function(data)
        except Exception:
            print(f"crash saved: {save_crash(target, data)}", file=sys.stderr, flush=True)
            raise

    corpus = tempfile.mkdtemp(prefix=f"spindetect-fuzz-{target}-")
    for n, data in enumerate(seed_inputs(target)):
        with open(os.path.join(corpus, f"seed{n}"), "wb") as handle:
            handle.write(data)
    argv = [sys.argv[0], corpus, f"-max_total_time={seconds}", "-print_final_stats=1", "-max_len=8192",
            "-timeout=60", "-rss_limit_mb=4096", f"-artifact_prefix={tempfile.gettempdir()}/spindetect-fuzz-"]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def run_hypothesis(target: str, seconds: int) -> None:
    """Hypothesis-generated inputs for ``target`` until ``seconds`` pass (no coverage guidance)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    function = TARGETS[target]
    seeds = seed_inputs(target)
    tried = 0
    texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass"))
    inputs = st.one_of(st.binary(max_size=2000), texts, st.sampled_from(seeds),
                       st.tuples(st.sampled_from(seeds), st.binary(max_size=40), st.integers(0, 3000)).map(
                           lambda t: t[0][:t[2]] + t[1] + t[0][t[2]:]))

    @settings(max_examples=200, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(inputs)
    def property_(data):
        nonlocal tried
        tried += 1
        try:
            function(data)
        except Exception:
            print(f"crash saved: {save_crash(target, data)}", file=sys.stderr, flush=True)
            raise

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        property_()
    print(f"stat::number_of_executed_units: {tried}", file=sys.stderr)


def campaign(targets: list[str], minutes: float, engine: str) -> int:
    per_target = max(10, int(minutes * 60 / len(targets)))
    totals = {"tried": 0, "crashes": 0}
    for target in targets:
        started = time.monotonic()
        deadline, tried, crashes = started + per_target, 0, 0
        while (left := int(deadline - time.monotonic())) >= 5:
            child = subprocess.run([sys.executable, "-m", "benchmarks.fuzz", "--child", target, "--seconds",
                                    str(left), "--engine", engine], capture_output=True, text=True)
            executed = re.findall(r"stat::number_of_executed_units:\s*(\d+)", child.stderr)
            tried += int(executed[-1]) if executed else _last_count(child.stderr)
            saved = re.findall(r"crash saved: (\S+)", child.stderr)
            crashes += len(saved)
            for path in saved:
                print(f"  {target}: crash -> {path}")
            if child.returncode != 0 and not saved:
                print(f"  {target}: the fuzzer stopped (exit {child.returncode}):\n{child.stderr[-2000:]}")
                break
        print(f"{target:>13}: {tried:,} inputs in {per_target} s of fuzzing "
              f"({time.monotonic() - started:.0f} s with start-up), {crashes} crashes", flush=True)
        totals["tried"] += tried
        totals["crashes"] += crashes
    print(f"{'total':>13}: {totals['tried']:,} inputs, {totals['crashes']} crashes ({engine})")
    return 1 if totals["crashes"] else 0


def _last_count(stderr: str) -> int:
    """libFuzzer's progress lines ("#12345 ...") when a crash cut the final statistics short."""
    counts = re.findall(r"^#(\d+)\s", stderr, re.M)
    return int(counts[-1]) if counts else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz spindetect's boundaries for a given time.")
    parser.add_argument("--minutes", type=float, default=5.0, help="total time, shared by the targets")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="repeatable; default all")
    parser.add_argument("--engine", choices=("atheris", "hypothesis"), default=None,
                        help="default: atheris where it is installed")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    engine = args.engine or ("atheris" if _has_atheris() else "hypothesis")
    if args.child:
        (run_atheris if engine == "atheris" else run_hypothesis)(args.child, args.seconds)
        return 0
    return campaign(args.target or sorted(TARGETS), args.minutes, engine)


def _has_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())

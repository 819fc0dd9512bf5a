"""Wall time of the pre-publish hook: ``spindetect check`` on one 1,000-word Markdown file,
as a cold process (what every commit pays), with floors measured in the same run.

    python -m benchmarks.benchmark_hook [--repeat 11]

The file is built from the seed articles (seeds/, no other data needed): front matter, a
heading, paragraphs, a list, a fenced code block and a link, cut at 1,000 words of prose.
Prints the median and spread of: ``python -c pass`` (the interpreter's floor), ``python -c
"import spindetect.cli"`` (imports), ``spindetect check`` on the file, and ``spindetect check
--staged`` inside a git repository holding it staged (the installed hook's exact command),
also with a readability bound in the policy (textstat runs only when a bound or the JSON
format needs it).
Target (issue 5): the check <= 0.5 s wall.
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

from benchmarks.benchmark import compile_bytecode

ROOT = Path(__file__).resolve().parent.parent


def markdown_post(words_wanted: int = 1000) -> tuple[str, int]:
    paragraphs = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 20]
    body, count = [], 0
    for i, para in enumerate(paragraphs):
        words = para.split()
        take = words[:max(0, words_wanted - count)]
        if not take:
            break
        text = " ".join(take)
        if i == 2:
            text = f"- {text}\n- a second point about [the report](https://example.com/report)"
        body.append(text)
        count += len(take)
        if i == 1:
            body.append("```python\nprint('code is not prose')\n```")
    post = "---\ntitle: Benchmark post\ndate: 2026-11-23\n---\n\n# Musk buys GPUs\n\n" + "\n\n".join(body) + "\n"
    return post, count


def wall(cmd: list[str], cwd: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"command failed ({done.returncode}): {' '.join(cmd)}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    spindetect = shutil.which("spindetect") or sys.exit("spindetect is not installed (pip install -e .)")
    compile_bytecode()
    post, words = markdown_post()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "post.md").write_text(post, encoding="utf-8")
        env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b",
               "GIT_COMMITTER_EMAIL": "b@b"}
        subprocess.run(["git", "init", "-q"], cwd=tmp, check=True, env=env)
        subprocess.run(["git", "add", "post.md"], cwd=tmp, check=True, env=env)
        commands = {
            "python -c pass (floor)": [sys.executable, "-c", "pass"],
            "import spindetect.cli": [sys.executable, "-c", "import spindetect.cli"],
            "spindetect check post.md": [spindetect, "check", "post.md"],
            "spindetect check --staged (the hook)": [spindetect, "check", "--staged"],
            "  ... with readability bounds": [spindetect, "check", "--staged", "--max-grade", "30"],
        }
        wall(commands["spindetect check post.md"], tmp)          # warm the page cache once
        times = {name: [] for name in commands}
        for _ in range(args.repeat):                             # interleaved, so drift hits all alike
            for name, cmd in commands.items():
                times[name].append(wall(cmd, tmp))
    print(f"file: {words} words of prose in a {len(post):,}-character Markdown post; {args.repeat} runs each")
    for name, runs in times.items():
        runs.sort()
        print(f"  {name:40s} median {statistics.median(runs):.3f} s   min {runs[0]:.3f}   max {runs[-1]:.3f}")
    hook = statistics.median(times["spindetect check --staged (the hook)"])
    print(f"target: check <= 0.5 s wall -> {'met' if hook <= 0.5 else 'NOT met'} ({hook:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

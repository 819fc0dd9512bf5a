"""Batch scanning: serial, worker processes and Dask give identical JSONL; bad inputs become
lines; --resume skips exactly the finished documents; Ctrl-C leaves whole lines."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from spindetect.cli import main
from tests.conftest import FIXTURES, SEEDS


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Seeds and fixtures, with a binary file, an oversized file and a dangling link among them."""
    root = tmp_path_factory.mktemp("corpus")
    for source in [*sorted(SEEDS.glob("*.txt")), *sorted((FIXTURES / "clean").glob("*.txt")),
                   FIXTURES / "spun" / "science_tortured.txt"]:
        shutil.copy(source, root / source.name)
    (root / "003b_binary.txt").write_bytes(b"\x00\x01\x02 not text" * 50)
    (root / "003c_oversized.txt").write_text("word " * 30_000)
    os.symlink(root / "missing.txt", root / "003d_dangling.txt")
    return root


def jsonl(corpus, out, *extra):
    result = run("scan", str(corpus), "--format", "jsonl", "-o", str(out), "--max-bytes", "100000", *extra)
    return result, out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def serial_output(corpus, tmp_path_factory):
    result, text = jsonl(corpus, tmp_path_factory.mktemp("serial") / "serial.jsonl")
    assert result.exit_code == 2                          # unreadable documents are reported ...
    return text


def test_bad_documents_are_lines_and_the_scan_goes_on(serial_output, corpus):
    lines = [json.loads(line) for line in serial_output.splitlines()]
    by_name = {os.path.basename(l["path"]): l for l in lines}
    assert len(lines) == len(os.listdir(corpus))          # ... and every document has its line
    assert by_name["003b_binary.txt"] == {"path": str(corpus / "003b_binary.txt"), "skipped": "binary file, skipped"}
    assert "100,000-byte limit" in by_name["003c_oversized.txt"]["error"]
    assert by_name["003d_dangling.txt"]["error"] == "broken symbolic link"
    assert by_name["004_59f14f36879aefc9.txt"]["verdict"] == "clean", "documents after the bad ones are scanned"
    assert by_name["003_5f08b8486e8b9ceb.txt"]["verdict"] == "spun"
    assert [l["path"] for l in lines] == sorted(l["path"] for l in lines), "input order"


def test_worker_processes_give_identical_output(serial_output, corpus, tmp_path):
    result, text = jsonl(corpus, tmp_path / "jobs.jsonl", "--jobs", "2")
    assert result.exit_code == 2 and text == serial_output


def test_dask_local_cluster_gives_identical_output(serial_output, corpus, tmp_path):
    result, text = jsonl(corpus, tmp_path / "dask.jsonl", "--engine", "dask", "--jobs", "2")
    assert result.exit_code == 2 and text == serial_output


def test_json_format_with_workers_matches_serial(tmp_path):
    serial = run("scan", "--format", "json", str(SEEDS)).stdout
    assert run("scan", "--format", "json", "--jobs", "2", str(SEEDS)).stdout == serial


def test_resume_skips_exactly_the_finished_documents(serial_output, corpus, tmp_path):
    lines = serial_output.splitlines(keepends=True)
    out = tmp_path / "partial.jsonl"
    out.write_text("".join(lines[:5]) + lines[5][: len(lines[5]) // 2], encoding="utf-8")   # cut mid-line
    result, text = jsonl(corpus, out, "--resume")
    assert text == serial_output
    assert result.exit_code == 2
    done_again = run("scan", str(corpus), "--format", "jsonl", "-o", str(out), "--resume", "--max-bytes", "100000")
    assert done_again.exit_code == 0 and out.read_text(encoding="utf-8") == serial_output, "nothing left to do"


@pytest.mark.slow
def test_ctrl_c_leaves_whole_lines_and_resume_finishes(serial_output, corpus, tmp_path):
    big = tmp_path / "big"
    big.mkdir()
    for i in range(40):
        for source in sorted(SEEDS.glob("*.txt")):
            shutil.copy(source, big / f"{i:03d}_{source.name}")
    out = tmp_path / "big.jsonl"
    cmd = [sys.executable, "-m", "spindetect", "scan", str(big), "--format", "jsonl", "-o", str(out), "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and (not out.exists() or out.read_text().count("\n") < 5):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "--resume" in stderr and "Traceback" not in stderr
    partial = out.read_text(encoding="utf-8")
    assert partial.endswith("\n") and 5 <= partial.count("\n") < 200
    assert all(json.loads(line)["path"] for line in partial.splitlines())
    finished = subprocess.run(cmd + ["--resume"], capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0
    full = subprocess.run(cmd[:-2] + ["-o", str(tmp_path / "full.jsonl")], capture_output=True, timeout=600)
    assert full.returncode == 0
    assert out.read_text(encoding="utf-8") == (tmp_path / "full.jsonl").read_text(encoding="utf-8")


def test_summarize(serial_output, tmp_path):
    results = tmp_path / "results.jsonl"
    results.write_text(serial_output + '{"path": "cut', encoding="utf-8")
    data = json.loads(run("summarize", "--format", "json", str(results)).stdout)
    docs = [json.loads(line) for line in serial_output.splitlines()]
    scanned = [d for d in docs if "verdict" in d]
    assert data["documents"] == len(scanned) and data["errors"] == 2 and data["skipped"] == 1
    assert data["bad_lines"] == 1
    assert sum(data["verdicts"].values()) == len(scanned) and data["verdicts"]["spun"] >= 1
    assert data["words"] == sum(d["words"] for d in scanned)
    assert data["findings"] == sum(len(d["findings"]) for d in scanned)
    worst = data["worst_documents"]
    assert worst[0]["spin_score"] == max(d["spin_score"] for d in scanned)
    assert [w["spin_score"] for w in worst] == sorted((w["spin_score"] for w in worst), reverse=True)
    assert {"text": "synthetic intelligence", "original": "artificial intelligence", "count": 1} in data["top_phrases"]
    text = run("summarize", str(results))
    assert text.exit_code == 2 and "highest spin scores" in text.stdout
    assert "1 line is not a result record" in text.stderr


def test_summarize_counts_records_of_another_shape_as_bad_lines(tmp_path):
    # a results file handed in may be damaged or come from another tool: no traceback
    good = {"path": "a.txt", "words": 10, "verdict": "spun", "spin_score": 0.9,
            "findings": [{"text": "profound learning", "suggestions": ["deep learning"]}]}
    odd = [{"path": 5}, {"path": "b", "findings": "none"}, {"path": "c", "findings": ["x"]},
           {"path": "d", "findings": [{"text": "t", "suggestions": [1]}]}, {"path": "e", "words": "many"},
           {"path": "f", "spin_score": "high"}, {"path": "g", "source": {"best": None}}, [1, 2]]
    results = tmp_path / "results.jsonl"
    results.write_text("\n".join(json.dumps(r) for r in [good] + odd) + "\n", encoding="utf-8")
    result = run("summarize", "--format", "json", str(results))
    data = json.loads(result.stdout)
    assert result.exit_code == 2 and data["documents"] == 1 and data["bad_lines"] == len(odd)
    assert data["top_phrases"] == [{"text": "profound learning", "original": "deep learning", "count": 1}]


@pytest.mark.parametrize("args, message", [
    (("scan", "--resume", "--format", "jsonl", "x"), "--resume needs --format jsonl and -o FILE"),
    (("scan", "--scheduler", "tcp://127.0.0.1:1", "x"), "--scheduler needs --engine dask"),
    (("summarize", "no/such.jsonl"), "no/such.jsonl: no such file"),
])
def test_usage_errors_are_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr


def test_resume_refuses_a_results_file_broken_in_the_middle(serial_output, corpus, tmp_path):
    lines = serial_output.splitlines(keepends=True)
    out = tmp_path / "broken.jsonl"
    broken = "".join(lines[:2]) + "not json\n" + "".join(lines[2:4])
    out.write_text(broken, encoding="utf-8")
    result, text = jsonl(corpus, out, "--resume")
    assert result.exit_code == 2 and "line 3 is not a result record" in result.stderr
    assert text == broken, "the file is left as it was"

"""Issue 28's smaller defects, each with the case that showed it."""
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
from tests.conftest import ROOT, SEEDS, SPUN_SEED

CLEAN_SEED = SEEDS / "000_08dd11e4d434a5b7.txt"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_trained_model_file_is_used_by_scan_check_and_a_policy(tmp_path):
    model = tmp_path / "model.json"
    spec = json.loads((ROOT / "spindetect" / "data" / "model.json").read_text())
    spec["thresholds"]["finding"] = spec["thresholds"]["finding_in_spun"] = 0.999     # a model that finds little
    model.write_text(json.dumps(spec))
    shipped = json.loads(run("scan", "--format", "json", SPUN_SEED).stdout)["documents"][0]
    strict = json.loads(run("scan", "--format", "json", "--model", model, SPUN_SEED).stdout)["documents"][0]
    assert len(strict["findings"]) < len(shipped["findings"])
    checked = json.loads(run("check", "--format", "json", "--fail-on", "never", "--model", model,
                             SPUN_SEED).stdout)["documents"][0]
    assert len(checked["findings"]) == len(strict["findings"])
    (tmp_path / "post.txt").write_text(SPUN_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".spindetect.toml").write_text('model = "model.json"\nfail_on = "never"\n')
    by_policy = json.loads(run("check", "--format", "json", tmp_path / "post.txt").stdout)["documents"][0]
    assert len(by_policy["findings"]) == len(strict["findings"])


def test_a_model_file_of_the_wrong_shape_is_one_line(tmp_path):
    spec = json.loads((ROOT / "spindetect" / "data" / "model.json").read_text())
    spec["span"]["features"] = spec["span"]["features"][:-1]
    (tmp_path / "other.json").write_text(json.dumps(spec))
    (tmp_path / "pickle.json").write_bytes(b"\x80\x04\x95")
    for name, problem in (("other.json", "trained on other features"), ("pickle.json", "not JSON")):
        result = run("scan", "--model", tmp_path / name, CLEAN_SEED)
        assert result.exit_code == 2 and problem in result.stderr and len(result.stderr.splitlines()) == 1


def test_train_without_out_is_a_usage_error_and_leaves_the_package_model_alone():
    before = (ROOT / "spindetect" / "data" / "model.json").stat().st_mtime_ns
    result = run("train", "--docs", "20")
    assert result.exit_code == 2 and "--out" in result.stderr
    assert (ROOT / "spindetect" / "data" / "model.json").stat().st_mtime_ns == before


def test_summarize_reads_a_json_report(tmp_path):
    report = tmp_path / "report.json"
    (tmp_path / "empty.txt").write_text("")
    run("scan", "--format", "json", "-o", report, SPUN_SEED, CLEAN_SEED, tmp_path / "empty.txt")
    result = run("summarize", "--format", "json", report)
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["documents"] == 2 and data["skipped"] == 1
    assert data["verdicts"]["spun"] == 1


def test_check_prints_a_file_name_with_a_newline_on_one_line(tmp_path):
    odd = tmp_path / "two\nlines.txt"
    odd.write_text(SPUN_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", "--fail-on", "never", odd)
    issue_lines = [line for line in result.stdout.splitlines() if "looks spun" in line]
    assert issue_lines and all("two\u2424lines.txt:" in line for line in issue_lines)
    assert not any(line.startswith("lines.txt") for line in result.stdout.splitlines())


def test_reports_count_in_words_of_the_right_number():
    result = CliRunner().invoke(main, ["scan", "-"], input="Hello.")
    assert "0 in 1 word" in result.stdout and "1 words" not in result.stdout


@pytest.mark.slow
def test_killing_a_scan_with_jobs_leaves_no_worker_tracebacks(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(60):
        shutil.copy(SPUN_SEED, corpus / f"doc{n:03d}.txt")
    process = subprocess.Popen([sys.executable, "-m", "spindetect", "scan", "--jobs", "2", "--format", "jsonl",
                                str(corpus)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    first = process.stdout.readline()             # workers are running
    assert first.startswith(b"{")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(3)                                 # the workers notice, and must end quietly
    os.set_blocking(process.stderr.fileno(), False)         # a lingering worker holds it open
    stderr = (process.stderr.read() or b"").decode()
    leftover = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout.split()
    for pid in leftover:
        os.kill(int(pid), signal.SIGKILL)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    assert leftover == []

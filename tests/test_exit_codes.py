"""The exit-code table (README, "Exit codes"), row by row for every command: 0 ran, 1 policy or
--fail-on, 2 usage or input, 3 output or environment, 4 internal error, 130 interrupted. Each
problem is one line on stderr, never a traceback; one bad input does not stop the others; an
output that could not be written whole is not left looking complete."""
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from spindetect.cli import main
from tests.conftest import SEEDS, SPUN_SEED

CLEAN_SEED = SEEDS / "000_08dd11e4d434a5b7.txt"


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def shell(command: str, cwd=None) -> subprocess.CompletedProcess:
    """The CLI in a real process (closed descriptors, pipes): ``spindetect`` is this interpreter."""
    spindetect = f"{sys.executable} -m spindetect"
    return subprocess.run(["bash", "-c", command.replace("spindetect", spindetect)], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def one_line_error(stderr: str, *expected: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert lines and all(line.startswith("spindetect: ") for line in lines), stderr
    for text in expected:
        assert any(text in line for line in lines), (text, stderr)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "clean.txt").write_text(CLEAN_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


# -- 0 and 1 --------------------------------------------------------------------------------

@pytest.mark.parametrize("args, code", [
    (("scan", CLEAN_SEED), 0),
    (("scan", "--fail-on", "spun", SPUN_SEED), 1),
    (("check", "--fail-on", "never", SPUN_SEED), 0),
    (("check", "--fail-on", "spun", SPUN_SEED), 1),
    (("spin", CLEAN_SEED), 0),
])
def test_ran_and_failed(args, code):
    assert run(*args).exit_code == code


# -- 2: usage and input -------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "html", "jsonl"])
def test_a_bad_path_among_others_is_reported_and_the_rest_scanned_in_every_format(folder, fmt):
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    result = run("scan", "--format", fmt, folder / "missing.txt", folder / "dangling.txt", folder / "clean.txt")
    assert result.exit_code == 2
    one_line_error(result.stderr, "missing.txt: no such file or directory", "dangling.txt: broken symbolic link")
    assert "clean.txt" in result.stdout and "Musk" in result.stdout or fmt in ("json", "jsonl")
    if fmt == "json":
        assert [os.path.basename(d["path"]) for d in json.loads(result.stdout)["documents"]] == ["clean.txt"]


@pytest.mark.parametrize("args", [
    ("scan", "{missing}", "{clean}"),
    ("check", "{missing}", "{clean}"),
    ("spin", "{missing}"),
    ("index", "build", "{missing}", "{clean}", "--index", "{folder}/new.db"),
    ("index", "add", "{clean}", "--index", "{folder}/none.db"),
    ("index", "stats", "--index", "{folder}/none.db"),
    ("summarize", "{missing}"),
    ("summarize", "{clean}"),                           # not a results file
    ("scan", "--model", "{clean}", "{clean}"),          # not a model file
    ("check", "--model", "{clean}", "{clean}"),
    ("eval", "--corpus", "{empty}"),
    ("train", "--corpus", "{empty}", "--out", "{folder}/model.json"),
    ("install-hook",),                                  # not in a git repository
    ("scan", "--no-such-option", "{clean}"),
])
def test_input_and_usage_errors_are_exit_2(folder, tmp_path_factory, monkeypatch, args):
    empty = tmp_path_factory.mktemp("empty")
    monkeypatch.chdir(tmp_path_factory.mktemp("not-a-repo"))
    names = {"missing": folder / "missing.txt", "clean": folder / "clean.txt", "folder": folder, "empty": empty}
    result = run(*[a.format(**names) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_index_build_adds_the_readable_files_and_exits_2_for_the_missing_one(folder):
    result = run("index", "build", folder / "missing.txt", folder / "clean.txt", "--index", folder / "new.db")
    assert result.exit_code == 2 and "added 1 document (" in result.stderr
    one_line_error(result.stderr, "missing.txt: no such file or directory")


def test_check_with_a_bad_list_or_index_says_so_once_and_never_all_passed(folder):
    (folder / "bad.csv").write_bytes(b"a,b\n\xff\x00garbage")
    (folder / "bad.db").write_text("not a database")
    for option, name in (("--fingerprints", "bad.csv"), ("--index", "bad.db")):
        result = run("check", option, folder / name, folder / "clean.txt")
        assert result.exit_code == 2 and "passed" not in result.output
        one_line_error(result.stderr, name)


def test_check_with_a_dangling_link_does_not_say_all_passed(folder):
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    result = run("check", folder)
    assert result.exit_code == 2 and "all passed" not in result.stdout
    assert "1 file could not be checked" in result.stdout
    one_line_error(result.stderr, "dangling.txt: broken symbolic link")


def test_a_closed_standard_input_is_an_input_error():
    for command in ("spindetect scan - <&-", "spindetect spin - <&-"):
        result = shell(command)
        assert result.returncode == 2, command
        one_line_error(result.stderr, "<stdin>: standard input is closed")


# -- 3: output and environment ----------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("scan", "{clean}", "-o", "/dev/full"),
    ("scan", "--format", "json", "{clean}", "-o", "/dev/full"),
    ("scan", "--format", "jsonl", "{clean}", "-o", "/dev/full"),
    ("check", "--format", "sarif", "{clean}", "-o", "/dev/full"),
    ("spin", "{clean}", "-o", "/dev/full"),
    ("check", "{clean}", "--write-baseline", "/dev/full"),
])
def test_a_full_disk_is_exit_3(folder, args):
    result = run(*[a.format(clean=folder / "clean.txt") for a in args])
    assert result.exit_code == 3
    one_line_error(result.stderr, "/dev/full: cannot write: No space left on device")


@pytest.mark.parametrize("command", [
    "spindetect scan {clean} >&-",
    "spindetect scan --format jsonl {clean} >&-",
    "spindetect check --fail-on never {clean} >&-",
    "spindetect spin {clean} >&-",
    "spindetect summarize {results} >&-",
    "spindetect index stats --index {index} >&-",
])
def test_a_closed_standard_output_is_exit_3_not_a_lost_report(folder, command):
    run("scan", "--format", "jsonl", "-o", folder / "results.jsonl", folder / "clean.txt")
    run("index", "build", folder / "clean.txt", "--index", folder / "x.db")
    result = shell(command.format(clean=folder / "clean.txt", results=folder / "results.jsonl",
                                  index=folder / "x.db"))
    assert result.returncode == 3, result.stderr
    one_line_error(result.stderr, "<stdout>: standard output is closed")


def test_a_reader_that_stops_early_is_exit_3_without_a_traceback(folder):
    for n in range(30):
        (folder / f"copy{n:02d}.txt").write_text(CLEAN_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = shell(f"spindetect scan --format jsonl {folder} | head -c 10 >/dev/null; echo \"${{PIPESTATUS[0]}}\"")
    assert result.stdout.strip() == "3"
    one_line_error(result.stderr, "<stdout>: cannot write")


def test_an_unreachable_dask_scheduler_is_one_line_exit_3_and_no_output_file(folder, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "1s")
    out = folder / "results.jsonl"
    result = shell(f"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=1s spindetect scan --engine dask "
                   f"--scheduler tcp://127.0.0.1:9 --format jsonl -o {out} {folder / 'clean.txt'}")
    assert result.returncode == 3
    one_line_error(result.stderr, "cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert not out.exists()


def test_a_report_that_cannot_be_finished_leaves_the_previous_file_whole(folder, monkeypatch):
    report = folder / "report.json"
    report.write_text("the previous report\n")

    def disk_full(*_):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", disk_full)
    result = run("scan", "--format", "json", "-o", report, folder / "clean.txt")
    assert result.exit_code == 3 and report.read_text() == "the previous report\n"
    assert sorted(p.name for p in folder.iterdir()) == ["clean.txt", "report.json"]      # no part file left
    one_line_error(result.stderr, "report.json: cannot write")


def test_a_report_replaced_keeps_the_files_permissions(folder):
    report = folder / "report.json"
    report.write_text("old")
    os.chmod(report, 0o640)
    assert run("scan", "--format", "json", "-o", report, folder / "clean.txt").exit_code == 0
    assert oct(os.stat(report).st_mode & 0o777) == "0o640" and json.loads(report.read_text())["documents"]


def test_context_without_the_model_is_exit_3(folder, monkeypatch):
    from spindetect.scanner import _language_model

    _language_model.cache_clear()
    monkeypatch.setenv("SPINDETECT_LM", str(folder / "absent.gguf"))
    result = run("scan", "--context", folder / "clean.txt")
    _language_model.cache_clear()
    assert result.exit_code == 3
    one_line_error(result.stderr, "--context:")


def test_an_index_that_cannot_be_written_is_exit_3(folder, monkeypatch):
    import sqlite3

    from spindetect.index.store import IndexStore

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(IndexStore, "add", full)
    result = run("index", "build", folder / "clean.txt", "--index", folder / "new.db")
    assert result.exit_code == 3
    one_line_error(result.stderr, "new.db: cannot write the index: database or disk is full")


# -- 4: internal errors --------------------------------------------------------------------

def test_an_internal_error_in_one_document_is_exit_4_after_the_others(folder, monkeypatch):
    from spindetect.scanner import Scanner

    original = Scanner.scan

    def broken_for_one(self, text, path="<text>", warnings=None, layout=None):
        if path.endswith("broken.txt"):
            raise IndexError("list index out of range")
        return original(self, text, path, warnings, layout)
    monkeypatch.setattr(Scanner, "scan", broken_for_one)
    (folder / "broken.txt").write_text("Some words.")
    result = run("scan", "--format", "json", folder)
    assert result.exit_code == 4
    assert [os.path.basename(d["path"]) for d in json.loads(result.stdout)["documents"]] == ["clean.txt"]
    one_line_error(result.stderr, "broken.txt: internal error: IndexError")


@pytest.mark.parametrize("command, target", [
    (("spin", "{clean}"), "spindetect.spinner.spin"),
    (("summarize", "{results}"), "spindetect.batch.summary.summarize"),
    (("index", "stats", "--index", "{index}"), "spindetect.index.store.IndexStore.stats"),
    (("eval", "--corpus", "{folder}"), "spindetect.evaluate.corpora.from_folder"),
])
def test_a_defect_anywhere_is_one_line_and_exit_4(folder, monkeypatch, command, target):
    run("scan", "--format", "jsonl", "-o", folder / "results.jsonl", folder / "clean.txt")
    run("index", "build", folder / "clean.txt", "--index", folder / "x.db")

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(target, broken)
    args = [a.format(clean=folder / "clean.txt", results=folder / "results.jsonl", index=folder / "x.db",
                     folder=folder) for a in command]
    result = run(*args)
    assert result.exit_code == 4
    one_line_error(result.stderr, "internal error: ZeroDivisionError: division by zero",
                   "SPINDETECT_DEBUG=1 shows the traceback")


# -- 130 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("command, target", [
    (("scan", "{clean}"), "spindetect.scanner.Scanner.scan"),
    (("spin", "{clean}"), "spindetect.spinner.spin"),
    (("check", "{clean}"), "spindetect.check.run.Checker.check"),
])
def test_ctrl_c_is_exit_130_in_one_line(folder, monkeypatch, command, target):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(target, interrupted)
    result = run(*[a.format(clean=folder / "clean.txt") for a in command])
    assert result.exit_code == 130
    one_line_error(result.stderr, "interrupted")


# -- precedence ----------------------------------------------------------------------------

def test_an_input_error_outranks_a_failed_policy(folder):
    result = run("scan", "--fail-on", "spun", folder / "missing.txt", SPUN_SEED)
    assert result.exit_code == 2 and "spun" in result.stdout

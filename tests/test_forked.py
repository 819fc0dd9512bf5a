"""A long document's work split with a forked child gives the same report as one process."""
import json
import os
import sys
import threading

import pytest
from click.testing import CliRunner

from spindetect.cli import main
from spindetect.core import forked
from spindetect.scanner import PARALLEL_MIN_CHARS, scan_text
from tests.conftest import FIXTURES, SEEDS

BLOCKING_THREADS = forked.blocking_threads      # the real one (the fixture below replaces it)
needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forking is only used on Linux")


@pytest.fixture(autouse=True)
def single_threaded(monkeypatch):
    """Earlier tests in this process (Dask, worker pools) may leave threads behind, and a process
    with other threads never forks; these tests are about the forked path, so count only ours."""
    monkeypatch.setattr(forked, "blocking_threads", lambda threads: [])


def _long_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    parts.append((FIXTURES / "spun" / "science_tortured.txt").read_text(encoding="utf-8"))
    text = "\n\n".join(parts)
    return "\n\n".join([text] * (PARALLEL_MIN_CHARS // len(text) + 1))


@needs_fork
def test_the_child_computes_the_result():
    later = forked.Later(os.getpid, lambda pid: str(pid).encode(), lambda raw: int(raw))
    assert later.forked and later.result() != os.getpid()


def test_a_failing_child_leaves_the_work_to_this_process():
    def encode(_):
        raise RuntimeError("cannot encode")
    later = forked.Later(os.getpid, encode, lambda raw: int(raw))
    assert later.result() == os.getpid()


def test_another_thread_alive_means_no_fork(monkeypatch):
    monkeypatch.setattr(forked, "blocking_threads", lambda threads: ["another"])
    later = forked.Later(os.getpid, lambda pid: str(pid).encode(), lambda raw: int(raw))
    assert not later.forked and later.result() == os.getpid()


def test_a_workers_quiet_watch_thread_does_not_block_a_fork():
    quiet, other = threading.Thread(name=forked.QUIET_THREAD), threading.Thread(name="other")
    assert BLOCKING_THREADS([threading.current_thread(), quiet]) == []
    assert BLOCKING_THREADS([threading.current_thread(), quiet, other]) == [other]


def test_without_fork_the_work_runs_here(monkeypatch):
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    later = forked.Later(os.getpid, lambda pid: str(pid).encode(), lambda raw: int(raw))
    assert not later.forked and later.result() == os.getpid()


@needs_fork
def test_a_result_never_asked_for_leaves_no_child():
    later = forked.Later(lambda: b"x" * 1_000_000, bytes, bytes)    # more than a pipe holds
    pid = later._pid
    del later
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _counting_forks(monkeypatch) -> list[int]:
    forks, real_fork = [], os.fork

    def fork():
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid
    monkeypatch.setattr(os, "fork", fork)
    return forks


@needs_fork
def test_a_long_document_with_a_helper_process_gives_the_same_report(monkeypatch):
    text = _long_text()
    forks = _counting_forks(monkeypatch)
    alone = scan_text(text, "long.txt").to_dict()
    assert not forks
    helped = scan_text(text, "long.txt", workers=2).to_dict()
    assert len(forks) == 3      # readability figures, phrase candidates, half the single-word candidates
    assert alone["findings"] and alone["quality"]
    assert json.dumps(helped, sort_keys=True) == json.dumps(alone, sort_keys=True)


@needs_fork
def test_scan_of_one_long_file_with_jobs_gives_the_same_json(tmp_path, monkeypatch):
    path = tmp_path / "long.txt"
    path.write_text(_long_text(), encoding="utf-8")
    runner = CliRunner()
    forks = _counting_forks(monkeypatch)
    one = runner.invoke(main, ["scan", "--format", "json", str(path)])
    two = runner.invoke(main, ["scan", "--format", "json", "--jobs", "2", str(path)])
    assert one.exit_code == two.exit_code == 0 and len(forks) == 3
    assert json.loads(one.output) == json.loads(two.output)


def test_one_blas_thread_sets_each_default_and_keeps_what_the_user_set(monkeypatch):
    from spindetect.core import blas
    for name in blas.BLAS_THREADS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    blas.one_blas_thread()
    assert [os.environ[name] for name in blas.BLAS_THREADS] == ["1", "3", "1"]

"""The pre-commit hook with the real tools: git with ``install-hook``, and the pre-commit framework."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, SPUN_SEED

CLEAN_SEED = SEEDS / "001_cd429d0b6cf3b323.txt"


def git_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(home), GIT_AUTHOR_NAME="Ed Itor", GIT_AUTHOR_EMAIL="ed@example.org",
               GIT_COMMITTER_NAME="Ed Itor", GIT_COMMITTER_EMAIL="ed@example.org", GIT_CONFIG_NOSYSTEM="1")
    return env


def sh(args, cwd, env, check=True):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture
def content_repo(tmp_path):
    repo = tmp_path / "content"
    repo.mkdir()
    env = git_env(tmp_path)
    sh(["git", "init", "-q", "-b", "main"], repo, env)
    return repo, env


def test_install_hook_lets_clean_copy_through_and_refuses_spun_copy(content_repo):
    repo, env = content_repo
    installed = sh([sys.executable, "-m", "spindetect", "install-hook"], repo, env)
    assert "installed the pre-commit hook" in installed.stdout
    assert os.access(repo / ".git" / "hooks" / "pre-commit", os.X_OK)

    shutil.copy(CLEAN_SEED, repo / "clean.md")
    sh(["git", "add", "clean.md"], repo, env)
    sh(["git", "commit", "-q", "-m", "clean story"], repo, env)

    shutil.copy(SPUN_SEED, repo / "spun.md")
    sh(["git", "add", "spun.md"], repo, env)
    refused = sh(["git", "commit", "-q", "-m", "spun story"], repo, env, check=False)
    assert refused.returncode != 0
    assert "spun.md:1:1: error: verdict spun" in refused.stdout + refused.stderr   # git shows hook output on stderr
    log = sh(["git", "log", "--format=%s"], repo, env).stdout.split()
    assert "spun" not in log and "clean" in log


def test_hook_checks_the_staged_content_not_the_working_copy(content_repo):
    repo, env = content_repo
    sh([sys.executable, "-m", "spindetect", "install-hook"], repo, env)
    shutil.copy(SPUN_SEED, repo / "story.md")
    sh(["git", "add", "story.md"], repo, env)
    shutil.copy(CLEAN_SEED, repo / "story.md")          # the working copy is clean, the index is not
    assert sh(["git", "commit", "-q", "-m", "x"], repo, env, check=False).returncode != 0


def test_install_hook_keeps_a_foreign_hook_unless_forced(content_repo):
    repo, env = content_repo
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho theirs\n")
    refused = sh([sys.executable, "-m", "spindetect", "install-hook"], repo, env, check=False)
    assert refused.returncode == 2 and "already exists" in refused.stderr and "theirs" in hook.read_text()
    sh([sys.executable, "-m", "spindetect", "install-hook", "--force"], repo, env)
    assert "spindetect check --staged" in hook.read_text()


def test_install_hook_outside_a_repository_is_exit_2(tmp_path):
    done = sh([sys.executable, "-m", "spindetect", "install-hook"], tmp_path, git_env(tmp_path), check=False)
    assert done.returncode == 2 and "not a git repository" in done.stderr.lower()
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_pre_commit_framework_try_repo(content_repo, tmp_path):
    """The real pre-commit framework installs this repository as a hook (pip, in its own
    environment) from .pre-commit-hooks.yaml and runs it on a content repository."""
    pre_commit = shutil.which("pre-commit", path=os.path.dirname(sys.executable))
    assert pre_commit, "pre-commit is a test dependency (pip install -e '.[test]')"
    repo, env = content_repo
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    shutil.copy(CLEAN_SEED, repo / "clean.md")
    shutil.copy(SPUN_SEED, repo / "spun.md")
    sh(["git", "add", "."], repo, env)
    passed = sh([pre_commit, "try-repo", str(ROOT), "spindetect", "--files", "clean.md"], repo, env, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    failed = sh([pre_commit, "try-repo", str(ROOT), "spindetect", "--files", "clean.md", "spun.md"], repo, env,
                check=False)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "spun.md:1:1: error: verdict spun" in failed.stdout


def test_the_pre_commit_hooks_cover_every_kind_of_file_scan_reads():
    import re

    import yaml

    from spindetect.ingest.files import DEFAULT_GLOBS
    from tests.conftest import ROOT

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    patterns = [re.compile(h["files"]) for h in hooks]
    for glob in DEFAULT_GLOBS:
        name = "post" + glob[1:]
        assert sum(bool(p.search(name)) for p in patterns) == 1, name

"""Policy discovery, parsing and errors."""
import os

import pytest

from spindetect.check.policy import Policy, Resolver
from spindetect.core.types import InputError


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_policy_wins_across_the_three_file_kinds(tmp_path):
    write(tmp_path / "setup.cfg", "[spindetect]\nfail_on = suspect\nexclude =\n    drafts/*\n    README.md\n")
    write(tmp_path / "site" / "pyproject.toml", "[tool.spindetect]\nmax_grade = 12\n")
    write(tmp_path / "site" / "news" / ".spindetect.toml", 'min_reading_ease = 40\nfingerprints = ["lists/pps.csv"]\n')
    write(tmp_path / "site" / "news" / "pyproject.toml", "[tool.spindetect]\nmax_grade = 99\n")
    resolver = Resolver()
    top = resolver.for_path(str(tmp_path / "a.md"))
    assert top.fail_on == "suspect" and top.exclude == ("drafts/*", "README.md")
    assert top.source == f"{tmp_path / 'setup.cfg'} [spindetect]"
    site = resolver.for_path(str(tmp_path / "site" / "b.md"))
    assert site.max_grade == 12 and site.fail_on == "spun"       # nearest file only, no merging
    news = resolver.for_path(str(tmp_path / "site" / "news" / "deep" / "c.md"))
    assert news.min_reading_ease == 40 and news.max_grade is None   # .spindetect.toml beats pyproject
    assert news.fingerprints == (str(tmp_path / "site" / "news" / "lists" / "pps.csv"),)
    assert news.origin("min_reading_ease").endswith(".spindetect.toml") and news.origin("fail_on") == "default"


def test_files_without_a_spindetect_section_are_passed_over(tmp_path):
    write(tmp_path / "setup.cfg", "[spindetect]\nfail_on = never\n")
    write(tmp_path / "sub" / "setup.cfg", "[metadata]\nname = x\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert Resolver().for_path(str(tmp_path / "sub" / "x.md")).fail_on == "never"


def test_include_and_exclude_are_relative_to_the_policy_file(tmp_path):
    write(tmp_path / ".spindetect.toml", 'include = ["*.md"]\nexclude = ["drafts/*", "CHANGELOG.md"]\n')
    policy = Resolver().for_path(str(tmp_path / "x.md"))
    assert policy.includes(str(tmp_path / "posts" / "a.md")) and not policy.includes(str(tmp_path / "a.txt"))
    assert policy.excludes(str(tmp_path / "drafts" / "deep" / "a.md"))
    assert policy.excludes(str(tmp_path / "posts" / "CHANGELOG.md"))
    assert not policy.excludes(str(tmp_path / "posts" / "drafts.md"))


@pytest.mark.parametrize("content, message", [
    ("colour = 'red'\n", "unknown key 'colour'"),
    ("fail_on = 'sometimes'\n", "fail_on: expected one of suspect, spun, never; got 'sometimes'"),
    ("max_findings_per_1000_words = -1\n", "max_findings_per_1000_words: expected a number of 0 or more"),
    ("max_grade = 'hard'\n", "max_grade: expected a number; got 'hard'"),
    ("min_confidence = 1.5\n", "min_confidence: expected a number from 0 to 1; got 1.5"),
    ("include = '*.md'\n", None),
    ("exclude = [1, 2]\n", "exclude: expected a list of strings"),
    ("fail_on = \n", "invalid TOML"),
])
def test_bad_settings_name_the_file_and_key(tmp_path, content, message):
    config = write(tmp_path / ".spindetect.toml", content)
    if message is None:                                   # a single string is one glob
        assert Resolver().for_path(str(tmp_path / "a.md")).include == ("*.md",)
        return
    with pytest.raises(InputError) as caught:
        Resolver().for_path(str(tmp_path / "a.md"))
    assert str(config) in str(caught.value) and message in str(caught.value)


def test_setup_cfg_values_are_parsed_from_strings(tmp_path):
    write(tmp_path / "setup.cfg", "[spindetect]\nmax_findings_per_1000_words = 2.5\ninclude = *.md, *.html\n")
    policy = Resolver().for_path(str(tmp_path / "a.md"))
    assert policy.max_findings_per_1000_words == 2.5 and policy.include == ("*.md", "*.html")
    write(tmp_path / "setup.cfg", "[spindetect]\nmax_grade = twelve\n")
    with pytest.raises(InputError, match=r"setup.cfg \[spindetect\]: max_grade: expected a number"):
        Resolver().for_path(str(tmp_path / "b.md"))


def test_config_option_and_command_line_overrides(tmp_path):
    config = write(tmp_path / "policy.toml", "fail_on = 'suspect'\nmax_grade = 10\n")
    write(tmp_path / "nested" / ".spindetect.toml", "fail_on = 'never'\n")
    resolver = Resolver(str(config), {"max_grade": 14.0, "min_reading_ease": None})
    policy = resolver.for_path(str(tmp_path / "nested" / "a.md"))
    assert policy.fail_on == "suspect" and policy.max_grade == 14.0 and policy.min_reading_ease is None
    assert policy.origin("max_grade") == "command line" and policy.origin("fail_on") == str(config)
    with pytest.raises(InputError, match="no such configuration file"):
        Resolver(str(tmp_path / "missing.toml"))
    write(tmp_path / "empty.cfg", "[other]\nx = 1\n")
    with pytest.raises(InputError, match="has no"):
        Resolver(str(tmp_path / "empty.cfg"))


def test_defaults_without_any_policy_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    policy = Resolver().for_path(os.path.join(str(tmp_path), "a.md"))
    assert policy == Policy(root=str(tmp_path)) and policy.source is None

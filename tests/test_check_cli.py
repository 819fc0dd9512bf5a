"""``spindetect check``: exit codes, locations, formats, baselines, suppressions, policy errors."""
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from spindetect.cli import main
from tests.conftest import SEEDS, SPUN_SEED

CLEAN_SEED = SEEDS / "001_cd429d0b6cf3b323.txt"
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def run(*args):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def as_markdown(text: str, title: str) -> str:
    """A seed as a Markdown post: front matter, a heading, a code block between paragraphs."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    middle = len(paragraphs) // 2
    body = "\n\n".join(paragraphs[:middle]) + "\n\n```text\nsynthetic intelligence in code\n```\n\n" \
        + "\n\n".join(paragraphs[middle:])
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n{body}\n"


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    posts = tmp_path / "content"
    posts.mkdir()
    (posts / "clean.md").write_text(as_markdown(CLEAN_SEED.read_text(encoding="utf-8"), "Musk and GPUs"))
    (posts / "spun.md").write_text(as_markdown(SPUN_SEED.read_text(encoding="utf-8"), "Musk buys GPUs"))
    return tmp_path


def test_exit_codes_and_path_line_col_lines(site):
    assert run("content/clean.md").exit_code == 0
    result = run("content/")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(l.startswith("content/spun.md:1:1: error: verdict spun") for l in lines)
    assert any(l.startswith("content/spun.md:") and ": warning: \"synthetic intelligence\" looks spun" in l
               for l in lines)
    assert "1 failed, 1 passed" in lines[-1]
    assert run("--fail-on", "never", "content/").exit_code == 0


def test_min_confidence_from_the_policy_or_the_command_line(site):
    def warnings(*args):
        result = run("--format", "json", *args, "content/spun.md")
        [doc] = json.loads(result.stdout)["documents"]
        return [f["confidence"] for f in doc["findings"]]

    default = warnings()
    (site / ".spindetect.toml").write_text("min_confidence = 0.3\n")
    lower = warnings()
    assert len(lower) > len(default) and min(lower) >= 0.3
    higher = warnings("--min-confidence", "0.9")                # the command line wins
    assert len(higher) < len(default) and min(higher) >= 0.9


def test_json_locations_point_at_the_text(site):
    result = run("--format", "json", "content/")
    payload = json.loads(result.stdout)
    assert payload["passed"] is False
    docs = {Path(d["path"]).name: d for d in payload["documents"]}
    assert docs["clean.md"]["passed"] and not docs["spun.md"]["passed"]
    assert docs["spun.md"]["failures"][0]["rule"] == "spin-verdict"
    source_lines = (site / "content" / "spun.md").read_text().splitlines()
    assert docs["spun.md"]["findings"]
    for f in docs["spun.md"]["findings"]:
        line = source_lines[f["line"] - 1]
        assert line[f["column"] - 1:f["end_column"] - 1] == f["text"]
        assert f["level"] == "warning" and f["baselined"] is False
    texts = [f["text"] for f in docs["spun.md"]["findings"]]
    assert "synthetic intelligence" in texts
    assert not any("code" in t for t in texts)           # the fenced block is not prose
    assert not any("Musk buys" in t for t in texts)


def test_sarif_is_valid_and_complete(site):
    result = run("--format", "sarif", "content/")
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run_ = sarif["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    text = (site / "content" / "spun.md").read_text()
    findings = [r for r in run_["results"] if "fixes" in r]
    assert findings and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "content/spun.md"
                            for r in run_["results"])
    for r in run_["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]
    for r in findings:
        region = r["locations"][0]["physicalLocation"]["region"]
        assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
    assert any(r["ruleId"] == "spin-verdict" and r["level"] == "error" for r in run_["results"])


def test_github_annotations(site):
    result = run("--format", "github", "content/spun.md")
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert any(l.startswith("::error file=content/spun.md,line=1,col=1,") for l in lines)
    assert any(l.startswith("::warning file=content/spun.md,line=") and "synthetic intelligence" in l
               for l in lines)
    assert all(l.startswith("::") for l in lines)


def test_baseline_silences_recorded_findings_and_survives_edits(site):
    (site / ".spindetect.toml").write_text(
        "fail_on = 'never'\nmax_findings_per_1000_words = 0\nbaseline = '.spindetect-baseline.json'\n")
    assert run("content/").exit_code == 1
    written = run("--write-baseline", ".spindetect-baseline.json", "content/")
    assert written.exit_code == 0 and "baseline entries" in written.stderr
    assert run("content/").exit_code == 0
    spun = site / "content" / "spun.md"
    text = spun.read_text()
    # an unrelated paragraph (one naming "Business Insider" would rightly expose "Enterprise Insider")
    unrelated = ("The council met on Tuesday evening to discuss the new library. Members agreed that the "
                 "building should open next spring, and the mayor thanked the volunteers for their work.")
    spun.write_text(text.replace("# Musk buys GPUs\n", "# Musk buys GPUs\n\n" + unrelated + "\n"))
    assert run("content/").exit_code == 0, "an unrelated edit moves offsets but keeps the baseline valid"
    repeated = next(p for p in SPUN_SEED.read_text().split("\n\n") if "graphics processing items" in p)
    spun.write_text(spun.read_text() + "\nIn short: " + repeated + "\n")   # a second occurrence is new
    result = run("content/")
    assert result.exit_code == 1
    new = [l for l in result.stdout.splitlines() if ": warning: " in l]
    assert new and "baselined" in result.stdout
    assert any("graphics processing items" in l for l in new)
    assert any(int(l.split(":")[1]) > len(text.splitlines()) for l in new)


def test_baseline_covers_the_verdict_too(site):
    assert run("--write-baseline", "base.json", "content/").exit_code == 0
    entries = json.loads((site / "base.json").read_text())["files"]["content/spun.md"]
    assert {"rule": "spin-verdict"} in entries
    assert run("--baseline", "base.json", "content/").exit_code == 0


def test_bad_baseline_is_exit_2(site):
    (site / "broken.json").write_text("{not json")
    result = run("--baseline", "broken.json", "content/")
    assert result.exit_code == 2 and "broken.json: not a readable baseline file" in result.stderr
    assert run("--baseline", "absent.json", "content/").exit_code == 2


def test_inline_suppressions_silence_check_but_not_scan(site):
    spun = site / "content" / "spun.md"
    body = spun.read_text().split("# Musk buys GPUs\n", 1)[1]
    spun.write_text("# Musk buys GPUs\n\n<!-- spindetect-disable -->\n" + body + "\n<!-- spindetect-enable -->\n")
    result = run("content/spun.md")
    assert result.exit_code == 0 and "looks spun" not in result.stdout
    scanned = CliRunner().invoke(main, ["scan", "--format", "json", "content/spun.md"])
    assert json.loads(scanned.stdout)["documents"][0]["verdict"] == "spun"


def test_fingerprint_match_is_an_error(site):
    (site / "pps.csv").write_text("Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers\n"
                                  "nameless sources,anonymous sources,3\n")
    result = run("--fail-on", "never", "--fingerprints", "pps.csv", "content/spun.md")
    assert result.exit_code == 1
    assert '"nameless sources" is a known tortured phrase; expected "anonymous sources"' in result.stdout


def test_a_listed_phrase_makes_a_clean_post_suspect_and_says_so(site):
    (site / "pps.csv").write_text("Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers\n"
                                  "Musk and GPUs,Musk and graphics cards,1\n")
    assert run("--fail-on", "suspect", "content/clean.md").exit_code == 0
    result = run("--fail-on", "suspect", "--fingerprints", "pps.csv", "content/clean.md")
    assert result.exit_code == 1
    assert "verdict suspect (phrases from a fingerprint list; spin score" in result.stdout and "[spin-verdict]" in result.stdout


def test_readability_bounds(site):
    result = run("--min-reading-ease", "100", "content/clean.md")
    assert result.exit_code == 1 and "Flesch reading ease" in result.stdout and "[reading-ease]" in result.stdout
    result = run("--max-grade", "1", "content/clean.md")
    assert result.exit_code == 1 and "[grade-level]" in result.stdout
    assert run("--max-grade", "40", "--min-reading-ease", "-50", "content/clean.md").exit_code == 0


def test_include_exclude_from_policy(site):
    (site / "content" / "notes.rst").write_text("Synthetic intelligence lately.\n")
    (site / ".spindetect.toml").write_text("exclude = ['spun.md']\n")
    result = run("--format", "json", "content/")
    assert [Path(d["path"]).name for d in json.loads(result.stdout)["documents"]] == ["clean.md"]
    assert run("content/spun.md").exit_code == 0, "exclude applies to named files too"


def test_explain_shows_values_and_origins(site):
    (site / "content" / ".spindetect.toml").write_text("max_grade = 14\n")
    result = run("--explain", "--fail-on", "suspect", "content/")
    assert result.exit_code == 0
    out = result.stdout
    assert "policy from " in out and ".spindetect.toml" in out
    assert "max_grade = 14.0    [" in out and "fail_on = suspect    [command line]" in out
    assert "min_reading_ease = unset    [default]" in out and "applies to 2 files" in out


@pytest.mark.parametrize("args, message", [
    (("content/missing.md",), "content/missing.md: no such file or directory"),
    (("--config", "nope.toml", "content/"), "nope.toml: no such configuration file"),
    (("-",), "check reads files"),
    (("--staged", "content/"), "--staged: takes no paths"),
])
def test_usage_and_input_errors_are_exit_2_one_line(site, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr


def test_bad_policy_file_is_exit_2(site):
    (site / ".spindetect.toml").write_text("fail_on = 'always'\n")
    result = run("content/")
    assert result.exit_code == 2 and ".spindetect.toml: fail_on: expected one of" in result.stderr


def test_binary_and_bad_utf8_files(site):
    (site / "content" / "image.md").write_bytes(b"\x89PNG\x00\x00binary")
    (site / "content" / "latin1.md").write_bytes("Caf\xe9 society met on Tuesday.".encode("latin-1"))
    result = run("--format", "json", "content/")
    assert result.exit_code == 2            # an input error outranks the policy's failure
    assert "image.md: binary file, skipped" in result.stderr and "latin1.md: invalid UTF-8" in result.stderr


def test_staged_outside_git_is_exit_2(site):
    result = run("--staged")
    assert result.exit_code == 2 and "not a git repository" in result.stderr.lower()


def test_a_markdown_post_with_old_mac_line_endings_is_checked(site):
    (site / "content" / "mac.md").write_bytes(
        as_markdown(SPUN_SEED.read_text(encoding="utf-8"), "Musk buys GPUs").replace("\n", "\r").encode())
    result = run("--format", "json", "content/mac.md")
    [doc] = json.loads(result.stdout)["documents"]
    assert result.exit_code == 1 and not doc["passed"]
    assert "synthetic intelligence" in [f["text"] for f in doc["findings"]]


def test_an_internal_error_in_one_file_is_one_line_and_exit_4(site, monkeypatch):
    from spindetect.scanner import Scanner

    def broken(*args, **kwargs):
        raise IndexError("list index out of range")
    monkeypatch.setattr(Scanner, "scan", broken)
    result = CliRunner().invoke(main, ["check", "content/clean.md"])
    assert result.exit_code == 4
    assert "content/clean.md: internal error: IndexError: list index out of range" in result.output
    assert "Traceback" not in result.output

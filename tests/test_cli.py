import json

import pytest
from click.testing import CliRunner

from spindetect import __version__
from spindetect.cli import main
from tests.conftest import FIXTURES, SEEDS, SPUN_SEED


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def seeds_json():
    result = run("scan", "--format", "json", str(SEEDS))
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_json_contract(seeds_json):
    assert seeds_json["version"] == __version__
    docs = seeds_json["documents"]
    assert len(docs) == 5
    for doc in docs:
        content = open(doc["path"], encoding="utf-8").read()
        assert set(doc) >= {"path", "words", "spin_score", "verdict", "findings", "quality"}
        assert 0.0 <= doc["spin_score"] <= 1.0 and doc["verdict"] in ("clean", "suspect", "spun")
        assert doc["quality"]["flesch_reading_ease"] == pytest.approx(doc["quality"]["flesch_reading_ease"])
        previous_end = 0
        for f in doc["findings"]:
            assert content[f["start"]:f["end"]] == f["text"]
            assert f["start"] >= previous_end, "findings sorted and not overlapping"
            previous_end = f["end"]
            assert 1 <= len(f["suggestions"]) <= 3 and 0.0 <= f["confidence"] <= 1.0
            assert f["rule"] in ("synonym-substitution", "phrase-rewrite", "fingerprint")


def test_text_report_shows_diff_and_summary():
    result = run("scan", str(SPUN_SEED))
    assert result.exit_code == 0
    assert "~~synthetic intelligence~~ → artificial intelligence" in result.stdout
    assert "verdict" in result.stdout and "spun" in result.stdout and "flesch reading ease" in result.stdout


def test_stdin():
    result = run("scan", "--format", "json", "-", input=SPUN_SEED.read_text())
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["path"] == "<stdin>" and doc["verdict"] == "spun"


def test_fail_on_sets_exit_code_1_only_when_reached():
    assert run("scan", "--fail-on", "spun", str(SPUN_SEED)).exit_code == 1
    assert run("scan", "--fail-on", "suspect", str(SEEDS / "001_cd429d0b6cf3b323.txt")).exit_code == 0
    assert run("scan", str(SPUN_SEED)).exit_code == 0


def test_min_confidence_replaces_the_finding_threshold_and_leaves_verdicts_alone():
    def findings(*options):
        result = run("scan", "--format", "json", *options, str(SPUN_SEED))
        assert result.exit_code == 0
        [doc] = json.loads(result.stdout)["documents"]
        return doc["verdict"], doc["findings"]

    verdict, default = findings()
    low_verdict, low = findings("--min-confidence", "0.3")
    high_verdict, high = findings("--min-confidence", "0.95")
    assert verdict == low_verdict == high_verdict == "spun"
    assert len(high) < len(default) < len(low)
    assert min(f["confidence"] for f in low) >= 0.3 and min(f["confidence"] for f in high) >= 0.95
    # the lower threshold takes in a real rewrite the calibrated one leaves out
    assert ("In keeping with", "According to") in [(f["text"], f["suggestions"][0]) for f in low]
    assert run("scan", "--min-confidence", "1.5", str(SPUN_SEED)).exit_code == 2


def test_missing_path_is_exit_2_with_one_line():
    result = run("scan", "no/such/file.txt")
    assert result.exit_code == 2
    assert result.stderr.strip() == "spindetect: error: no/such/file.txt: no such file or directory"


def test_usage_errors_are_exit_2():
    assert run("scan").exit_code == 2
    assert run("scan", "--format", "pdf", str(SPUN_SEED)).exit_code == 2


@pytest.mark.parametrize("args", [
    ("scan", "-o", "{a}", "{a}"), ("scan", "--format", "jsonl", "-o", "{a}", "{a}"),
    ("check", "-o", "{a}", "{a}"), ("check", "--write-baseline", "{a}", "{a}"),
    ("spin", "{a}", "-o", "{a}"), ("spin", "{a}", "--truth", "{a}"),
])
def test_an_input_file_is_never_the_output(tmp_path, args):
    article = tmp_path / "article.txt"
    article.write_text("The committee met on Monday and approved the new budget.")
    before = article.read_bytes()
    result = run(*[a.format(a=article) for a in args])
    assert result.exit_code == 2 and article.read_bytes() == before
    assert result.stderr.strip().splitlines() == [
        f"spindetect: error: {article}: is also where this command writes its output; an input is never overwritten"]


def test_a_report_written_into_the_scanned_folder_is_not_scanned_next_time(tmp_path):
    (tmp_path / "article.txt").write_text("The committee met on Monday and approved the new budget.")
    report = tmp_path / "report.html"
    for _ in range(2):
        assert run("scan", "--format", "html", "-o", str(report), str(tmp_path)).exit_code == 0
    assert "report.html" not in report.read_text() and "article.txt" in report.read_text()


def test_an_output_in_a_missing_folder_is_a_usage_error_before_any_work(tmp_path):
    result = run("scan", "-o", str(tmp_path / "no" / "such" / "report.json"), str(SPUN_SEED))
    assert result.exit_code == 2 and "no such directory" in result.stderr and "Traceback" not in result.output


def test_binary_is_skipped_with_an_error_line_the_rest_scanned_and_exit_2(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "b.txt").write_text("A short clean note about the weather today.")
    result = run("scan", "--format", "json", str(tmp_path))
    assert result.exit_code == 2
    assert "spindetect: error: " + str(tmp_path / "a.txt") + ": binary file, skipped" in result.stderr
    payload = json.loads(result.stdout)
    assert [d["path"].rsplit("/", 1)[-1] for d in payload["documents"]] == ["b.txt"]
    assert payload["skipped"][0]["reason"] == "binary file, skipped"


def test_a_folder_without_documents_says_so(tmp_path):
    (tmp_path / "notes.py").write_text("print('not a document')")
    result = run("scan", str(tmp_path))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.strip() == (f"spindetect: warning: no documents to scan in {tmp_path} "
                                     "(looked for *.txt *.md *.markdown *.html *.htm *.pdf *.docx; --glob to change)")
    assert run("scan", "--glob", "*.py", str(tmp_path)).stderr == ""


def test_an_empty_file_is_named_skipped_and_exit_2(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run("scan", "--format", "json", str(tmp_path / "empty.txt"))
    payload = json.loads(result.stdout)
    assert result.exit_code == 2 and payload["documents"] == []
    assert payload["skipped"] == [{"path": str(tmp_path / "empty.txt"), "reason": "empty file, nothing to scan"}]
    assert result.stderr.strip().endswith("empty.txt: empty file, nothing to scan")


def test_invalid_utf8_is_scanned_with_replacements_named_and_exit_2(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"The caf\xe9 opened its doors to the public on Monday.")
    result = run("scan", "--format", "json", str(path))
    assert result.exit_code == 2 and "bad.txt: invalid UTF-8 at byte 7" in result.stderr
    assert json.loads(result.stdout)["documents"][0]["warnings"]


def test_oversized_file_is_exit_2_and_other_files_still_reported(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 1000)
    (tmp_path / "small.txt").write_text("word")
    result = run("scan", "--format", "json", "--max-bytes", "100", str(tmp_path))
    assert result.exit_code == 2
    assert "big.txt: file is 5,000 bytes, over the 100-byte limit" in result.stderr
    assert len(json.loads(result.stdout)["documents"]) == 1


def test_no_traceback_for_a_directory_loop(tmp_path):
    (tmp_path / "x.txt").write_text("Some words here.")
    (tmp_path / "loop").symlink_to(tmp_path)
    result = run("scan", "--format", "json", str(tmp_path))
    assert result.exit_code == 2 and len(json.loads(result.stdout)["documents"]) == 1
    assert "loop: symbolic link loop" in result.stderr and "Traceback" not in result.output


def test_html_escapes_document_text(tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text('<script>alert("x")</script> The synthetic intelligence (AI) market & more.')
    out = tmp_path / "report.html"
    result = run("scan", "--format", "html", "-o", str(out), str(path))
    assert result.exit_code == 0
    page = out.read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; more" in page
    assert page.startswith("<!DOCTYPE html>") and "http" not in page.split("<body>")[0]


def test_an_html_input_is_shown_as_its_readable_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text('<html><head><script>alert("x")</script></head><body>\n  <p>The synthetic intelligence (AI) '
                    'market &amp; more.</p>\n\n\n\n  <p>Second <b>paragraph</b>.</p></body></html>')
    out = tmp_path / "report.html"
    assert run("scan", "--format", "html", "-o", str(out), str(path)).exit_code == 0
    text = out.read_text().split('<div class="text">')[1].split("</div>")[0]
    assert "script" not in text and "alert" not in text and "&lt;p&gt;" not in text
    assert "<del>synthetic intelligence</del>" in text and "Second paragraph ." in text.replace("\n", " ")
    assert "market &amp; more." in text                                       # the entity as its character
    assert "\n\n\n" not in text


def test_several_documents_open_with_a_summary_most_suspicious_first(tmp_path):
    out = tmp_path / "report.html"
    assert run("scan", "--format", "html", "-o", str(out), str(SEEDS)).exit_code == 0
    page = out.read_text()
    summary = page.split('<table class="summary">')[1].split("</table>")[0]
    assert summary.index("003_5f08b8486e8b9ceb.txt") < summary.index("000_08dd11e4d434a5b7.txt")
    anchor = summary.split('href="#')[1].split('"')[0]
    section = page.split(f'id="{anchor}">')[1]
    assert section.index('class="answer"') < section.index('class="text"')      # the answer first
    assert "reading time" in page and " s</td>" in page and "@media print" in page


def test_control_characters_in_a_document_never_reach_the_terminal(tmp_path):
    # an escape sequence in a submitted text (or its file name) would be obeyed by the reviewer's
    # terminal: retitle it, clear the screen, hide lines; each is printed as its visible picture
    name = tmp_path / "e\x1b[31mvil.txt"
    name.write_text("The \x1b]0;pwned\x07 firm bought\x1b[2J synthetic intelligence \x1b[8mhidden\x1b[0m.\r Done. "
                    + "The committee met on Monday and approved the budget. " * 10)
    for args in (("scan", str(name)), ("check", "--min-reading-ease", "200", str(name))):
        result = run(*args)
        assert "\x1b" not in result.output and "\x07" not in result.output and "\r" not in result.output
        assert "\u241b[31m" in result.output
    assert "\u241b[2J" in run("scan", str(name)).stdout


def test_bidirectional_overrides_are_shown_not_obeyed_in_text_and_html(tmp_path):
    # "Trojan Source": an override makes a line look like other text than it holds
    path = tmp_path / "bidi.txt"
    path.write_text("The committee met on Monday. \u202eTI detarcnoc\u202c The budget \u2066passed\u2069. "
                    + "The committee met on Monday and approved the budget. " * 10)
    out = tmp_path / "report.html"
    text = run("scan", str(path)).stdout
    assert run("scan", "--format", "html", "-o", str(out), str(path)).exit_code == 0
    for shown in (text, out.read_text()):
        assert not any(ch in shown for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        assert "\ufffdTI detarcnoc\ufffd" in shown
    assert json.loads(run("scan", "--format", "json", str(path)).stdout)["documents"][0]["words"] > 0


def test_fingerprints_are_reported_as_such():
    result = run("scan", "--format", "json", "--fingerprints", str(FIXTURES / "fingerprints.csv"),
                 str(FIXTURES / "spun" / "science_tortured.txt"))
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    listed = [(f["text"], f["suggestions"][0]) for f in findings if f["rule"] == "fingerprint"]
    assert ("irregular backwoods", "random forest") in listed and ("Profound learning", "deep learning") in listed
    evidence = {f["text"]: f["evidence"] for f in findings if f["rule"] == "fingerprint"}
    assert evidence["Profound learning"] == ["listed in the fingerprint file (found in 120 papers)"]


def test_a_fingerprint_match_makes_a_clean_document_suspect():
    paper = str(FIXTURES / "spun" / "science_tortured.txt")     # the model alone judges it clean
    alone = run("scan", "--format", "json", "--fail-on", "suspect", paper)
    assert alone.exit_code == 0 and json.loads(alone.stdout)["documents"][0]["verdict"] == "clean"
    listed = run("scan", "--format", "json", "--fail-on", "suspect", "--fingerprints", str(FIXTURES / "fingerprints.csv"), paper)
    document = json.loads(listed.stdout)["documents"][0]
    assert listed.exit_code == 1 and document["verdict"] == "suspect"
    assert document["spin_score"] == json.loads(alone.stdout)["documents"][0]["spin_score"]
    clean = run("scan", "--format", "json", "--fingerprints", str(FIXTURES / "fingerprints.csv"),
                str(FIXTURES / "clean" / "science_forest.txt"))
    assert json.loads(clean.stdout)["documents"][0]["verdict"] == "clean"


def test_bad_fingerprint_file_is_exit_2(tmp_path):
    bad = tmp_path / "list.csv"
    bad.write_text("not,the,header\n")
    result = run("scan", "--fingerprints", str(bad), str(SPUN_SEED))
    assert result.exit_code == 2 and "list.csv" in result.stderr and "Traceback" not in result.output


def test_help_and_version():
    assert "Scan files, directories" in run("scan", "--help").stdout
    assert __version__ in run("--version").stdout


def test_a_findings_json_object_is_every_field_of_the_dataclass_in_order():
    # Finding.to_dict is written out by hand (asdict's deep copy was most of the JSON time of a
    # document with 100,000 findings): a field added to the dataclass must be added there too
    from dataclasses import asdict, fields

    from spindetect.core.types import Finding
    finding = Finding(3, 9, "profound", ["deep", "great"], 0.91, "synonym-substitution", ["why"])
    assert finding.to_dict() == asdict(finding)
    assert list(finding.to_dict()) == [f.name for f in fields(Finding)]
    assert finding.to_dict()["suggestions"] is not finding.suggestions


def test_the_terminal_report_of_several_documents_ends_with_a_summary_table():
    lines = run("scan", "--no-text", str(SEEDS)).stdout.splitlines()
    table = lines[lines.index(next(line for line in lines if "most suspicious first" in line)):]
    rows = [line for line in table if "\u2502" in line and any(v in line for v in ("spun", "suspect", "clean"))]
    assert len(rows) == 5 and "003_5f08" in rows[0] and "spun" in rows[0]

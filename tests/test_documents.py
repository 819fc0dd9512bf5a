"""PDF and Word files as inputs (issue 31): extraction, locations, bad files, batch and index."""
import json
import os
import sys

import pytest
from click.testing import CliRunner

from spindetect.cli import main
from spindetect.core.types import InputError
from spindetect.ingest import documents, pdf, sandbox
from spindetect.ingest.files import read
from tests.conftest import FIXTURES, SPUN_SEED
from tests.documents import paper_pdf, scanned_pdf, word_docx

PARAGRAPHS = [p for p in SPUN_SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
PAPER = FIXTURES / "papers" / "tortured-paper.pdf"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def words(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("documents")


def test_a_one_column_pdf_reads_as_its_text_and_findings_carry_pages(folder):
    path = paper_pdf(folder / "one.pdf", PARAGRAPHS * 2)
    source = read(path)
    assert words(source.text) == words(" ".join(PARAGRAPHS * 2))
    assert source.layout.kind == "pdf" and source.layout.pages >= 2 and source.layout.numbers[0] == 1
    result = run("scan", "--format", "json", "--include-text", path)
    doc = json.loads(result.stdout)["documents"][0]
    assert result.exit_code == 0 and doc["format"] == "pdf" and doc["pages"] == source.layout.pages
    assert doc["text"] == source.text
    for finding in doc["findings"]:
        assert doc["text"][finding["start"]:finding["end"]] == finding["text"]
        assert 1 <= finding["page"] <= doc["pages"]
    assert {f["page"] for f in doc["findings"]} == {1, 2} or doc["pages"] == 1
    assert "synthetic intelligence" in [f["text"].lower() for f in doc["findings"]]


def test_two_columns_drawn_line_by_line_across_the_page_read_in_column_order(folder):
    path = paper_pdf(folder / "two.pdf", PARAGRAPHS * 3, columns=2)
    assert words(read(path).text) == words(" ".join(PARAGRAPHS * 3))


def test_running_header_and_page_numbers_are_not_glued_into_sentences(folder):
    path = paper_pdf(folder / "numbered.pdf", PARAGRAPHS * 4, columns=2, header="Journal of Results, Vol. 12")
    source = read(path)
    assert source.layout.pages >= 3 and "Journal of Results" not in source.text
    assert words(source.text) == words(" ".join(PARAGRAPHS * 4))          # no page number between words


def test_a_word_hyphenated_at_a_line_end_is_one_word_again(folder):
    paragraph = ("In this work the authors apply profound learning to a well known problem, and the "
                 "profound learning model they train reaches a low error on the well known benchmark. ") * 6
    path = paper_pdf(folder / "hyphen.pdf", [paragraph], hyphenate={"profound": ("pro-", "found"),
                                                                     "known": ("kno-", "wn")})
    text = read(path).text
    assert "pro-" not in text and "pro- found" not in text and text.count("profound learning") == 12
    assert "kno-" not in text and text.count("well known") == 12


def test_ligatures_and_non_breaking_spaces_are_normalised(folder):
    paragraph = "The scienti\ufb01c \ufb01ndings of this \ufb02uid study\u00a0were signi\ufb01cant."
    text = read(paper_pdf(folder / "ligatures.pdf", [paragraph])).text
    assert "scientific findings of this fluid study were significant." in text
    assert "\ufb01" not in text and "\u00a0" not in text


def test_the_references_section_is_found_and_can_be_left_out(folder):
    body = ["Our clean method is described here in plain words and measured with care. " * 8] * 3
    cited = ["Smith, J. Profound learning for synthetic intelligence on graphics processing items. 2020.",
             "Jones, K. Random woodland classifiers in keeping with big information. 2019."]
    path = paper_pdf(folder / "refs.pdf", body, references=cited)
    source = read(path)
    start, end = source.layout.references
    assert source.text[start:].startswith("References") and "Smith, J." in source.text[start:end]
    everything = json.loads(run("scan", "--format", "json", path).stdout)["documents"][0]
    own = json.loads(run("scan", "--format", "json", "--skip-references", path).stdout)["documents"][0]
    assert any(f["start"] >= start for f in everything["findings"])
    assert all(f["start"] < start for f in own["findings"])
    assert own["references"] == {"start": start, "end": end, "skipped": True}


@pytest.mark.parametrize("make, problem", [
    (lambda p: p.write_bytes(b"%PDF-1.7\n" + os.urandom(3000)), "damaged PDF"),
    (lambda p: p.write_bytes(paper_pdf(p.with_suffix(".tmp"), PARAGRAPHS) and
                             p.with_suffix(".tmp").read_bytes()[:1500]), "damaged PDF"),
    (lambda p: paper_pdf(p, PARAGRAPHS, password="secret"), "encrypted PDF"),
    (lambda p: scanned_pdf(p), "no text layer"),
    (lambda p: p.write_bytes(b"PK\x03\x04" + os.urandom(500)), ""),
])
def test_bad_pdfs_are_one_line_exit_2_and_the_batch_goes_on(folder, make, problem):
    bad = folder / ("bad.docx" if problem == "" else "bad.pdf")
    make(bad)
    result = run("scan", "--format", "json", bad, SPUN_SEED)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and problem in lines[0]
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == [str(SPUN_SEED)]


def test_a_pdf_with_too_many_pages_is_refused(folder, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    path = paper_pdf(folder / "long.pdf", PARAGRAPHS * 6)
    with pytest.raises(InputError, match="over the 2-page limit"):
        read(path)


def test_deeply_nested_objects_do_not_take_the_scan_down(folder):
    nested = b"[" * 200_000 + b"]" * 200_000
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /Deep " + nested + b" >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    (folder / "deep.pdf").write_bytes(body)
    result = run("scan", "--format", "json", folder / "deep.pdf", SPUN_SEED)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert len(json.loads(result.stdout)["documents"]) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bounds need a forked child (Linux)")
def test_a_reader_that_runs_too_long_or_takes_too_much_memory_is_stopped(monkeypatch):
    # earlier tests in this process may leave an idle thread behind (Dask's): fork anyway here
    import time

    monkeypatch.setattr(sandbox, "can_fork", lambda: True)
    monkeypatch.setattr(sandbox, "SECONDS", 0.5)
    with pytest.raises(InputError, match="took over"):
        sandbox.bounded("slow.pdf", lambda: time.sleep(30) or {})
    monkeypatch.setattr(sandbox, "MEMORY_BYTES", 200 * 1024 ** 2)
    with pytest.raises(InputError, match="memory"):
        sandbox.bounded("greedy.pdf", lambda: {"x": len(bytearray(3 * 1024 ** 3))})
    with pytest.raises(InputError, match="the reader failed"):
        sandbox.bounded("crash.pdf", lambda: os.abort() or {})


def test_a_word_document_reads_as_published_with_paragraph_numbers(folder):
    path = word_docx(folder / "draft.docx", PARAGRAPHS[:3], table=[["Profound learning", "in keeping with"]],
                     footnote="A footnote on synthetic intelligence.", inserted="newly inserted words",
                     deleted="words deleted in review")
    source = read(path)
    assert "newly inserted words" in source.text and "deleted in review" not in source.text
    assert "Profound learning" in source.text and "A footnote on synthetic intelligence." in source.text
    assert source.layout.kind == "docx" and source.layout.numbers == list(range(1, len(source.layout.numbers) + 1))
    doc = json.loads(run("scan", "--format", "json", path).stdout)["documents"][0]
    assert doc["format"] == "docx" and all(f["paragraph"] >= 1 for f in doc["findings"])
    spun = [f for f in doc["findings"] if f["text"].lower() == "synthetic intelligence"]
    assert spun and spun[0]["paragraph"] == 3
    text = run("scan", path).stdout
    assert "Findings by paragraph:" in text and "\u00b6 3" in text and "spearheaded a letter" in text


def test_pdf_and_word_files_in_a_folder_are_scanned_summarized_and_indexed(folder, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paper_pdf(corpus / "paper.pdf", PARAGRAPHS)
    word_docx(corpus / "draft.docx", PARAGRAPHS)
    (corpus / "note.txt").write_text("A short clean note about the weather today.")
    results = tmp_path / "results.jsonl"
    scanned = run("scan", "--jobs", "2", "--format", "jsonl", "-o", results, corpus)
    assert scanned.exit_code == 0
    records = [json.loads(line) for line in results.read_text().splitlines()]
    assert sorted(os.path.basename(r["path"]) for r in records) == ["draft.docx", "note.txt", "paper.pdf"]
    summary = json.loads(run("summarize", "--format", "json", results).stdout)
    assert summary["documents"] == 3 and summary["formats"] == {"docx": 1, "pdf": 1, "text": 1}
    built = run("index", "build", corpus, "--index", tmp_path / "x.db")
    assert built.exit_code == 0 and "added 3 documents" in built.stderr


def test_check_names_the_page_of_each_finding(folder):
    path = paper_pdf(folder / "check.pdf", PARAGRAPHS)
    result = run("check", "--fail-on", "never", path)
    assert result.exit_code == 0
    assert any(line.endswith("p. 1") and "looks spun" in line for line in result.stdout.splitlines())


def test_the_paper_fixture_reads_in_order_and_is_spun():
    source = read(str(PAPER))
    assert source.layout.pages >= 3 and source.layout.references is not None
    doc = json.loads(run("scan", "--format", "json", "--skip-references", PAPER).stdout)["documents"][0]
    assert doc["verdict"] == "spun" and len(doc["findings"]) >= 5
    assert "Proceedings of Synthetic Results" not in source.text          # its running head


def test_kind_of_a_file_is_read_from_its_bytes():
    assert documents.kind_of("paper.bin", b"%PDF-1.7\n...") == "pdf"
    assert documents.kind_of("notes.txt", b"PK\x03\x04...word/document.xml") == "docx"
    assert documents.kind_of("archive.zip", b"PK\x03\x04...other") is None
    assert documents.kind_of("plain.pdf", b"Just text that is named .pdf") is None


def test_the_python_api_scans_a_pdf(folder):
    import spindetect

    report = spindetect.scan_file(paper_pdf(folder / "api.pdf", PARAGRAPHS), skip_references=True)
    assert report.layout.kind == "pdf" and report.findings
    assert report.where(report.findings[0]) == "p. 1"
    with pytest.raises(InputError, match="no such file"):
        spindetect.scan_file(folder / "missing.pdf")


def test_sarif_for_a_pdf_gives_pages_and_no_fixes_into_the_binary(folder):
    import jsonschema

    from tests.test_check_cli import SCHEMA

    path = paper_pdf(folder / "sarif.pdf", PARAGRAPHS)
    result = run("check", "--format", "sarif", "--fail-on", "never", path)
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, json.loads(SCHEMA.read_text()))
    findings = [r for r in sarif["runs"][0]["results"] if "properties" in r]
    assert findings and all(r["properties"]["page"] == 1 and "fixes" not in r for r in findings)
    assert all(r["message"]["text"].endswith("(p. 1)") for r in findings)


def test_a_damaged_page_is_reported_and_the_other_pages_scanned(folder, monkeypatch):
    # found by the fuzzing campaign: PDFium refusing one page was an internal error
    import pypdfium2

    from spindetect.ingest.documents import _is_word

    path = paper_pdf(folder / "two-pages.pdf", PARAGRAPHS * 2)
    original = pdf._page_lines

    def second_page_damaged(page):
        if page.get_height() and getattr(second_page_damaged, "seen", False):
            raise pypdfium2.PdfiumError("Failed to load page.")
        second_page_damaged.seen = True
        return original(page)
    monkeypatch.setattr(pdf, "_page_lines", second_page_damaged)
    text, layout, problems = pdf.extract("two-pages.pdf", open(path, "rb").read(), _is_word)
    assert layout.numbers == [1] and "synthetic intelligence" in text
    assert problems == ["damaged PDF: page 2 of 2 could not be read; the others were scanned"]

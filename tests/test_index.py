"""Reference index: build/add/stats, source search on spun copies, alignment, the collection's
phrases, resume, a kill during build, and bad index files."""
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from spindetect.cli import main
from spindetect.spinner import spin
from tests.conftest import FIXTURES, SEEDS, SPUN_SEED

SOURCE_SEED = SEEDS / "001_cd429d0b6cf3b323.txt"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Seeds other than 003, the clean fixtures and the ML abstracts: a small trusted archive."""
    root = tmp_path_factory.mktemp("archive")
    for source in [*sorted(SEEDS.glob("*.txt")), *sorted((FIXTURES / "clean").glob("*.txt")),
                   *sorted((FIXTURES / "archive_ml").glob("*.txt"))]:
        if source != SPUN_SEED:
            shutil.copy(source, root / source.name)
    return root


@pytest.fixture(scope="module")
def index_file(archive, tmp_path_factory):
    path = tmp_path_factory.mktemp("index") / "archive.db"
    result = run("index", "build", archive, "--index", path)
    assert result.exit_code == 0, result.output
    return path


def scan_json(*args):
    result = run("scan", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["documents"]


def test_build_reports_and_stats_count_the_documents(archive, index_file):
    files = len(list(archive.glob("*.txt")))
    stats = run("index", "stats", "--index", index_file, "--format", "json")
    figures = json.loads(stats.stdout)
    assert figures["documents"] == files
    assert figures["words"] > 2000 and figures["word_pairs"] > 1000
    assert "documents" in run("index", "stats", "--index", index_file).stdout


def test_a_spun_copy_finds_its_source_with_an_aligned_diff(index_file, tmp_path):
    original = SOURCE_SEED.read_text(encoding="utf-8")
    spun = spin(original, "mixed", 0.35, seed=4)
    submission = tmp_path / "submission.txt"
    submission.write_text(spun.text, encoding="utf-8")
    [doc] = scan_json("--index", index_file, submission)
    source = doc["source"]
    best = source["matches"][0]
    assert best["path"].endswith(SOURCE_SEED.name)
    assert best["coverage"] > 0.8 and best["similarity"] > 0.3
    assert len(source["matches"]) == 1                       # the other seeds share the story, not the text
    differences = source["best"]["differences"]
    synonyms = [d for d in differences if d["kind"] == "synonym"]
    assert len(synonyms) >= len(spun.changes) // 2
    for d in differences:                                    # offsets index both texts
        assert spun.text[d["submission"]["start"]:d["submission"]["end"]] == d["submission"]["text"]
        assert original[d["source"]["start"]:d["source"]["end"]] == d["source"]["text"]
    changed = {(c.start, c.end): c.original for c in spun.changes}
    hits = [d for d in synonyms if (d["submission"]["start"], d["submission"]["end"]) in changed]
    assert hits and all(changed[(d["submission"]["start"], d["submission"]["end"])] == d["source"]["text"]
                        for d in hits)
    assert source["best"]["counts"]["synonym"] == len(synonyms)
    for pair in source["best"]["sentences"]:
        assert 0 <= pair["source"][0] < pair["source"][1] <= len(original)


def test_findings_in_a_spun_copy_take_the_source_words(index_file, tmp_path):
    original = SOURCE_SEED.read_text(encoding="utf-8")
    submission = tmp_path / "submission.txt"
    submission.write_text(spin(original, "mixed", 0.35, seed=4).text, encoding="utf-8")
    [doc] = scan_json("--index", index_file, submission)
    sourced = [f for f in doc["findings"] if "the indexed source has these words here" in f["evidence"]]
    assert sourced
    synonyms = {d["submission"]["text"]: d["source"]["text"] for d in doc["source"]["best"]["differences"]
                if d["kind"] == "synonym"}
    single = [f for f in sourced if f["text"] in synonyms]
    assert all(f["suggestions"][0].lower() == synonyms[f["text"]].lower() for f in single)


def test_same_story_has_no_source_and_the_tortured_paper_finds_its_original(index_file):
    same_story, tortured = scan_json("--index", index_file, SPUN_SEED, FIXTURES / "spun" / "science_tortured.txt")
    assert same_story["source"] is None                 # 003 tells the others' story in other words
    assert tortured["source"]["matches"][0]["path"].endswith("science_forest.txt")
    pairs = {(d["submission"]["text"], d["source"]["text"]) for d in tortured["source"]["best"]["differences"]}
    assert ("backwoods", "forest") in pairs and ("precipitation", "rainfall") in pairs


def test_a_spun_copy_is_spun_and_its_substitutions_are_findings(index_file):
    """The tortured paper scores clean on its own text; its source makes it a spun copy."""
    path = FIXTURES / "spun" / "science_tortured.txt"
    content = path.read_text(encoding="utf-8")
    [doc] = scan_json("--index", index_file, path)
    assert doc["verdict"] == "spun" and doc["source"]["best"]["spun_copy"] is True
    assert doc["spin_score"] < 0.5                      # the score stays the text's own evidence
    sourced = {(f["text"], f["suggestions"][0]) for f in doc["findings"] if f["rule"] == "source-substitution"}
    assert ("irregular backwoods", "random forest") in sourced and ("Profound", "Deep") in sourced
    starts = [f["start"] for f in doc["findings"]]
    assert starts == sorted(starts)
    assert all(a["end"] <= b["start"] for a, b in zip(doc["findings"], doc["findings"][1:]))
    assert all(content[f["start"]:f["end"]] == f["text"] for f in doc["findings"])


def test_source_findings_in_markdown_index_the_file_and_skip_code(index_file, tmp_path):
    plain = (FIXTURES / "spun" / "science_tortured.txt").read_text(encoding="utf-8")
    marked = ("---\ntitle: soil\n---\n# " + plain.replace("irregular backwoods, a", "*irregular backwoods*, a")
              + "\n```\nirregular backwoods\n```\n")
    paper = tmp_path / "paper.md"
    paper.write_text(marked, encoding="utf-8")
    [doc] = scan_json("--index", index_file, paper)
    assert doc["verdict"] == "spun"
    sourced = [f for f in doc["findings"] if f["rule"] == "source-substitution"]
    assert all(marked[f["start"]:f["end"]] == f["text"] for f in doc["findings"])
    assert all(f["start"] < marked.index("```") for f in sourced)          # nothing from the code block
    assert sum(f["text"] == "irregular backwoods" for f in sourced) == 2


def test_an_exact_copy_of_an_indexed_document_is_not_a_spun_copy(index_file):
    [doc] = scan_json("--index", index_file, SOURCE_SEED)
    assert doc["source"]["matches"][0]["path"].endswith(SOURCE_SEED.name)
    assert doc["source"]["best"]["spun_copy"] is False and doc["verdict"] == "clean"
    assert not [f for f in doc["findings"] if f["rule"] == "source-substitution"]


def test_check_names_the_source_of_a_spun_copy(index_file, tmp_path):
    (tmp_path / ".spindetect.toml").write_text(f'index = "{index_file.as_posix()}"\n', encoding="utf-8")
    paper = tmp_path / "paper.txt"
    paper.write_text((FIXTURES / "spun" / "science_tortured.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", paper)
    assert result.exit_code == 1
    assert "a spun copy of" in result.stdout and "science_forest.txt" in result.stdout
    assert '"irregular backwoods" is a thesaurus substitution for "random forest"' in result.stdout


def test_without_index_the_json_has_no_source_key():
    [doc] = scan_json(SOURCE_SEED)
    assert "source" not in doc


def test_text_and_html_reports_show_the_source(index_file, tmp_path):
    submission = tmp_path / "sub<script>.txt"
    text = spin(SOURCE_SEED.read_text(encoding="utf-8"), "mixed", 0.35, seed=4).text
    submission.write_text("<script>alert(1)</script> " + text, encoding="utf-8")
    plain = run("scan", "--index", index_file, "-o", tmp_path / "out.txt", submission)
    assert plain.exit_code == 0
    report = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "Compared with" in report and SOURCE_SEED.name in report and "synonym substitutions" in report
    html = run("scan", "--index", index_file, "--format", "html", submission).stdout
    assert "Compared with" in html and "<script>" not in html and "&lt;script&gt;" in html


def test_rebuild_skips_indexed_content_and_add_adds(archive, index_file, tmp_path):
    again = run("index", "build", archive, "--index", index_file)
    assert "added 0 documents" in again.stderr and "already indexed" in again.stderr
    new = tmp_path / "new.txt"
    new.write_text("A brand new story about the harbour ferry timetable and the winter storms.", encoding="utf-8")
    copy = tmp_path / "index.db"
    shutil.copy(index_file, copy)
    added = run("index", "add", new, "--index", copy)
    assert added.exit_code == 0 and "added 1 document (" in added.stderr
    stats = json.loads(run("index", "stats", "--index", copy, "--format", "json").stdout)
    assert stats["documents"] == len(list(archive.glob("*.txt"))) + 1


def test_collection_phrases_rank_the_fields_originals_first(index_file):
    from spindetect.detect import lexicon, pipeline
    from spindetect.index.search import open_index

    text = (FIXTURES / "spun" / "science_tortured.txt").read_text(encoding="utf-8")
    best = {}
    for name, lex in (("plain", lexicon.load()), ("indexed", open_index(str(index_file)).lexicon())):
        analysis = pipeline.analyse_candidates(lex, text)
        best[name] = {analysis.tokens[c.first].norm: c.originals[0] for c in analysis.candidates
                      if c.first == c.last and analysis.tokens[c.first].norm in ("irregular", "backwoods")}
    assert best["indexed"] == {"irregular": "random", "backwoods": "forest"}
    assert best["plain"]["irregular"] != "random"


def test_jobs_give_the_same_report_as_one_process(index_file, archive, tmp_path):
    for k in range(3):
        (tmp_path / f"s{k}.txt").write_text(spin(SOURCE_SEED.read_text(encoding="utf-8"), "mixed", 0.3, seed=k).text,
                                            encoding="utf-8")
    one = run("scan", "--format", "json", "--index", index_file, tmp_path).stdout
    two = run("scan", "--format", "json", "--jobs", "2", "--index", index_file, tmp_path).stdout
    assert one == two and json.loads(one)["documents"][0]["source"] is not None


@pytest.mark.parametrize("content, problem", [
    (None, "no such index"),
    (b"\x00garbage\x01" * 400, "not a spindetect index"),
    ("sqlite", "not a spindetect index"),
])
def test_a_missing_or_corrupt_index_is_one_line_and_exit_2(tmp_path, content, problem):
    path = tmp_path / "bad.db"
    if content == "sqlite":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE t(x)")
        db.commit()
        db.close()
    elif content is not None:
        path.write_bytes(content)
    for args in (("scan", "--index", path, SOURCE_SEED), ("index", "stats", "--index", path),
                 ("index", "add", SOURCE_SEED, "--index", path)):
        result = run(*args)
        assert result.exit_code == 2, args
        assert problem in result.stderr and str(path) in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    if content is not None:
        assert run("index", "build", SOURCE_SEED, "--index", path).exit_code == 2


def test_build_with_a_missing_path_or_directory_is_exit_2(tmp_path):
    result = run("index", "build", tmp_path / "nope", "--index", tmp_path / "x.db")
    assert result.exit_code == 2 and "nope" in result.stderr
    result = run("index", "build", SOURCE_SEED, "--index", tmp_path / "no" / "dir" / "x.db")
    assert result.exit_code == 2 and "directory does not exist" in result.stderr


def _documents(path) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:      # only a file renamed into place with its schema counts
        raise AssertionError("an index without its schema was visible") from None
    finally:
        db.close()


@pytest.mark.slow
def test_a_build_killed_midway_leaves_a_usable_index_and_resumes(tmp_path):
    sentences = [s.strip() + "." for p in sorted((FIXTURES / "clean").glob("*.txt"))
                 for s in p.read_text(encoding="utf-8").replace("\n", " ").split(". ") if len(s.split()) > 4]
    rng = random.Random(3)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k in range(3000):
        (corpus / f"{k:05d}.txt").write_text(" ".join(rng.sample(sentences, 12)), encoding="utf-8")
    index = tmp_path / "killed.db"
    process = subprocess.Popen([sys.executable, "-m", "spindetect", "index", "build", str(corpus),
                                "--index", str(index), "-q"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:           # a concurrent reader while the build writes
        if index.exists() and _documents(index) > 0:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    kept = _documents(index)
    assert 0 < kept < 3000
    scanned = run("scan", "--format", "json", "--index", index, corpus / "00000.txt")
    assert scanned.exit_code == 0
    resumed = run("index", "build", corpus, "--index", index, "-q")
    assert resumed.exit_code == 0
    assert _documents(index) == 3000


def test_check_uses_the_policy_index_and_warns_of_the_source(index_file, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "post.md").write_text(spin(SOURCE_SEED.read_text(encoding="utf-8"), "mixed", 0.35, seed=4).text,
                                     encoding="utf-8")
    shutil.copy(index_file, tmp_path / "archive.db")
    (tmp_path / ".spindetect.toml").write_text('index = "archive.db"\nfail_on = "never"\n', encoding="utf-8")
    explained = run("check", "--explain", content / "post.md")
    assert "archive.db" in explained.stdout
    result = run("check", "--format", "json", content)
    assert result.exit_code == 0                            # a likely source is a warning
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["source"]["matches"][0]["path"].endswith(SOURCE_SEED.name)
    text = run("check", content)
    assert "likely source:" in text.stdout and "[source-match]" in text.stdout
    (tmp_path / ".spindetect.toml").write_text('index = "missing.db"\n', encoding="utf-8")
    missing = run("check", content)
    assert missing.exit_code == 2 and "missing.db" in missing.stderr and "no such index" in missing.stderr


def test_alignment_classes_each_difference_on_a_hand_made_pair():
    from spindetect.detect import lexicon
    from spindetect.index.align import align

    source = "The large dog ran to the house. It was raining hard."
    submission = "The big dog quickly ran to the house. It was raining."
    alignment = align(lexicon.load(), submission, source)
    found = [(d.kind, d.text, d.source_text) for d in alignment.differences]
    assert found == [("synonym", "big", "large"), ("insertion", "quickly", ""), ("deletion", "", "hard")]
    assert alignment.coverage == pytest.approx(10 / 11)          # all but "quickly"
    pairs = [(submission[s.start:s.end], source[s.source_start:s.source_end]) for s in alignment.sentences]
    assert pairs == [("The big dog quickly ran to the house", "The large dog ran to the house"),
                     ("It was raining", "It was raining hard")]


def test_texts_too_long_to_align_are_reported_without_a_diff(index_file, tmp_path, monkeypatch):
    from spindetect.index import search
    from spindetect.scanner import scan_text

    monkeypatch.setattr(search, "ALIGN_MAX_WORDS", 100)
    text = spin(SOURCE_SEED.read_text(encoding="utf-8"), "mixed", 0.35, seed=4).text
    report = scan_text(text, index=str(index_file))
    source = report.to_dict()["source"]
    assert source["best"]["aligned"] is False and source["best"]["differences"] == []
    assert source["matches"][0]["coverage"] == source["matches"][0]["overlap"]
    assert "too long to align" in report.source.describe()


def test_summarize_counts_the_sources_of_a_jsonl_scan(index_file, tmp_path):
    for k in range(3):
        (tmp_path / f"s{k}.txt").write_text(spin(SOURCE_SEED.read_text(encoding="utf-8"), "mixed", 0.3, seed=k).text,
                                            encoding="utf-8")
    shutil.copy(SPUN_SEED, tmp_path / "other.txt")
    results = tmp_path / "out.jsonl"
    assert run("scan", "--format", "jsonl", "-o", results, "--index", index_file, tmp_path).exit_code == 0
    data = json.loads(run("summarize", "--format", "json", results).stdout)
    assert data["with_source"] == 3 and data["spun_copies"] == 3
    [top] = data["top_sources"]
    assert top["documents"] == 3 and top["spun_copies"] == 3 and top["path"].endswith(SOURCE_SEED.name)
    assert "sources found (3 documents have one, 3 of them spun copies)" in run("summarize", results).stdout


def test_a_file_name_that_is_not_utf8_is_indexed_under_its_escaped_name(tmp_path):
    import os
    folder = tmp_path / "archive"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"source\xff.txt"), "wb") as handle:
        handle.write(SOURCE_SEED.read_bytes())
    index = tmp_path / "names.db"
    built = run("index", "build", folder, "--index", index, "--quiet")
    assert built.exit_code == 0
    copy = tmp_path / "copy.txt"
    copy.write_text(spin(SOURCE_SEED.read_text(encoding="utf-8"), "mixed", 0.3, seed=4).text)
    [doc] = json.loads(run("scan", "--format", "json", "--index", index, copy).stdout)["documents"]
    assert doc["source"]["best"]["path"].endswith("source\\xff.txt")


def _create_and_add(path, name, barrier):
    from spindetect.index.fill import BuildCounts, prepare, write
    from spindetect.index.store import IndexStore

    item = prepare(name, 1_000_000)
    barrier.wait()
    store = IndexStore.create(path)
    write(store, iter([item]), BuildCounts())
    store.close()


def test_builds_started_together_on_a_new_index_keep_every_document(tmp_path):
    # the first creation used to check, then rename its new file over whatever the other had made
    import multiprocessing

    from spindetect.index.store import lexicon_digest

    lexicon_digest()                              # loaded once, before the fork
    context = multiprocessing.get_context("fork")
    texts = []
    for n in range(4):
        texts.append(tmp_path / f"doc{n}.txt")
        texts[-1].write_text(f"Document number {n} says something different about item {n * 7}.")
    for attempt in range(8):
        path = tmp_path / f"race{attempt}.db"
        barrier = context.Barrier(len(texts))
        workers = [context.Process(target=_create_and_add, args=(str(path), str(t), barrier)) for t in texts]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
        assert [w.exitcode for w in workers] == [0] * len(texts)
        assert _documents(path) == len(texts), f"attempt {attempt}"
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(f"race{attempt}.db")) in (
            [f"race{attempt}.db"], [f"race{attempt}.db", f"race{attempt}.db-shm", f"race{attempt}.db-wal"])


def test_a_damaged_page_stops_index_add_and_errors_name_the_index(tmp_path):
    path = tmp_path / "damaged.db"
    assert run("index", "build", FIXTURES / "clean", SOURCE_SEED, "--index", path).exit_code in (0, 2)
    size = path.stat().st_size
    assert size > 8 * 4096
    with open(path, "r+b") as handle:             # a page in the middle of the file: garbage
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(bytes(range(256)) * 16)
    before = path.read_bytes()
    added = run("index", "add", SPUN_SEED, "--index", path)
    assert added.exit_code == 2 and "damaged" in added.stderr and str(path) in added.stderr
    assert path.read_bytes() == before            # nothing written into it
    scanned = run("scan", "--index", path, SPUN_SEED)
    if scanned.exit_code != 0:                    # the page may not be one a scan reads
        assert scanned.exit_code == 2 and str(path) in scanned.stderr

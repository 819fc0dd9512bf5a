"""spin/train/eval: the CLI spinner's truth, metrics on hand-made cases, the baseline list,
and a small evaluation and training run on the NLTK corpora (skipped without them)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from spindetect.cli import main
from spindetect.core.types import Finding
from spindetect.detect.model import Models, from_file
from spindetect.evaluate.baseline import Baseline, from_training_spins
from spindetect.evaluate.metrics import (
    SpanCounts,
    document_scores,
    roc_auc,
    suggestion_rank,
)
from spindetect.spinner import Change
from tests.conftest import ROOT, SEEDS, SPUN_SEED

SOURCE = SEEDS / "001_cd429d0b6cf3b323.txt"
NLTK_DATA = os.environ.get("NLTK_DATA") or str(ROOT.parent / "shared" / "nltk_data")
needs_corpora = pytest.mark.skipif(not any(Path(NLTK_DATA, "corpora", name).exists()
                                           for name in ("treebank", "treebank.zip")),
                                   reason="the NLTK corpora (../shared/nltk_data) are not here")


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def test_spin_cli_writes_text_and_exact_truth(tmp_path):
    original = SOURCE.read_text(encoding="utf-8")
    result = run("spin", SOURCE, "--profile", "mixed", "--rate", "0.3", "--seed", "5",
                 "--truth", tmp_path / "truth.json", "-o", tmp_path / "spun.txt")
    assert result.exit_code == 0
    spun = (tmp_path / "spun.txt").read_text(encoding="utf-8")
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert truth and spun != original
    restored, pos = [], 0
    for change in truth:
        assert spun[change["start"]:change["end"]] == change["text"]
        restored += [spun[pos:change["start"]], change["original"]]
        pos = change["end"]
    assert "".join(restored) + spun[pos:] == original
    again = run("spin", SOURCE, "--profile", "mixed", "--rate", "0.3", "--seed", "5")
    assert again.stdout == spun


def test_spin_cli_consistent_flag_gives_one_synonym_per_word(tmp_path):
    text = " ".join(["The project reached a decision about the project budget."] * 6)
    result = run("spin", "-", "--rate", "0.5", "--seed", "4", "--consistent", "--truth", tmp_path / "t.json", input=text)
    assert result.exit_code == 0
    truth = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    written: dict[str, set[str]] = {}
    for change in truth:
        written.setdefault(change["original"].lower(), set()).add(change["text"].lower())
    assert written and all(len(w) == 1 for w in written.values())


def test_spin_cli_reads_stdin_and_rejects_bad_input(tmp_path):
    assert run("spin", "-", "--rate", "1", input="The large house was very old.").stdout != ""
    missing = run("spin", tmp_path / "missing.txt")
    assert missing.exit_code == 2 and "missing.txt" in missing.stderr
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01" * 100)
    assert run("spin", tmp_path / "bin.txt").exit_code == 2
    assert run("spin", SOURCE, "--rate", "2").exit_code == 2


def test_document_metrics_on_a_hand_made_case():
    labels = [False, False, False, True, True, True]
    predicted = [False, True, False, True, True, False]
    scores = [0.1, 0.7, 0.2, 0.9, 0.6, 0.3]
    result = document_scores(labels, predicted, scores)
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(2 / 3)
    # positives 0.9, 0.6, 0.3 against negatives 0.1, 0.7, 0.2: 3 + 2 + 2 wins of 9
    assert result.auc == pytest.approx(7 / 9)
    assert roc_auc([True, False], [0.5, 0.5]) == 0.5


def test_span_metrics_on_a_hand_made_case():
    changes = [Change(0, 5, "large", "big"), Change(10, 20, "in keeping", "according"), Change(30, 35, "x", "y")]
    findings = [
        Finding(0, 5, "large", ["huge", "big"], 0.9, "synonym-substitution"),        # found, top-3
        Finding(8, 22, "a in keeping", ["a according", "b"], 0.8, "phrase-rewrite"),  # found, top-1
        Finding(40, 45, "clean", ["other"], 0.7, "synonym-substitution"),            # false finding
    ]
    counts = SpanCounts()
    counts.add(findings, changes)
    assert (counts.findings, counts.hits, counts.changes, counts.found) == (3, 2, 3, 2)
    assert counts.precision == pytest.approx(2 / 3) and counts.recall == pytest.approx(2 / 3)
    assert counts.top1_accuracy == pytest.approx(1 / 2) and counts.top3_accuracy == 1.0
    assert suggestion_rank(["the big one"], "big") == 1 and suggestion_rank(["bigger"], "big") is None


def test_baseline_list_matches_listed_spins_and_not_ordinary_phrases():
    listed = Baseline({("synthetic", "intelligence"): "artificial intelligence"}, 2)
    found = listed.find("We study synthetic intelligence, not synthetic. Intelligence.")
    assert [(f.text, f.suggestions) for f in found] == [("synthetic intelligence", ["artificial intelligence"])]
    text = SOURCE.read_text(encoding="utf-8")
    made = from_training_spins([text], "mixed", 0.3, seed=2)
    assert made.phrases and not made.find(text)          # nothing listed occurs in the clean text


@pytest.mark.slow
@needs_corpora
def test_a_small_evaluation_runs_and_prints_every_figure():
    result = run("eval", "--nltk-data", NLTK_DATA, "--docs", "2", "--profile", "mixed", "--rate", "0.2",
                 "--baseline-docs", "10", "-q", "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert set(figures["clean"]) == {"news", "science", "fiction", "speech"}
    [row] = [r for r in figures["rows"] if r["scope"] == "all"]
    assert row["profile"] == "mixed" and row["rate"] == 0.2
    assert set(row["documents"]) == {"precision", "recall", "f1", "auc"}
    assert {"precision", "recall", "top1", "top3"} <= set(row["spans"]) and row["spans"]["changes"] > 0
    table = run("eval", "--nltk-data", NLTK_DATA, "--docs", "2", "--profile", "mixed", "--rate", "0.2",
                "--baseline-docs", "10", "-q").stdout
    assert "| mixed | 20% | all |" in table and "false findings / 1,000 words" in table


def test_eval_without_texts_or_corpora_is_one_line_and_exit_2(tmp_path):
    result = run("eval", "--corpus", tmp_path, "-q")
    assert result.exit_code == 2 and str(tmp_path) in result.stderr
    empty = tmp_path / "nltk"
    (empty / "corpora").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "NLTK_DATA"} | {"HOME": str(tmp_path)}
    # a fresh process: NLTK keeps its data path and loaded corpora for the life of one
    done = subprocess.run([sys.executable, "-m", "spindetect", "eval", "--nltk-data", str(empty), "--docs", "2",
                           "-q"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 2 and "not found" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@needs_corpora
def test_train_on_a_folder_without_texts_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "short.txt").write_text("Too short to train on.")
    result = run("train", "--corpus", tmp_path, "--docs", "20", "--out", tmp_path / "model.json")
    assert result.exit_code == 2 and not (tmp_path / "model.json").exists()
    assert result.stderr.strip() == f"spindetect: error: {tmp_path}: no .txt or .md texts of 83 words or more"


@pytest.mark.slow
def test_train_is_deterministic_and_writes_a_usable_model(tmp_path):
    outputs = []
    for name in ("a.json", "b.json"):
        result = run("train", "--nltk-data", NLTK_DATA, "--docs", "40", "--out", tmp_path / name)
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    spec = json.loads(outputs[0])
    assert spec["trained_on"] == ["movie_reviews", "abc", "webtext"] and spec["documents"] == 40
    Models(spec)                                          # loads as the shipped model does
    assert from_file(str(tmp_path / "a.json")).thresholds == spec["thresholds"]
    scanned = run("scan", "--format", "json", "--model", tmp_path / "a.json", SPUN_SEED)   # and scan uses it
    assert scanned.exit_code == 0 and json.loads(scanned.stdout)["documents"][0]["words"] > 300

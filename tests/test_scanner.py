"""Scanner: one object holds a scan's options; every entry point builds one."""
import json
import pickle

import pytest

import spindetect
from spindetect.check.policy import Policy
from spindetect.core.types import InputError
from spindetect.scanner import Scanner, scan_text
from tests.conftest import FIXTURES, SPUN_SEED


def test_a_scanner_holds_only_its_options_and_pickles():
    scanner = Scanner(min_confidence=0.3, phrase_lists=[str(FIXTURES / "fingerprints.csv")])
    scanner.load()                               # loading caches per process, not in the object
    copy = pickle.loads(pickle.dumps(scanner))
    assert copy == scanner and hash(copy) == hash(scanner)
    assert copy.phrase_lists == (str(FIXTURES / "fingerprints.csv"),)
    assert len(pickle.dumps(scanner)) < 1_000


def test_the_one_line_api_is_a_scanner():
    text = SPUN_SEED.read_text(encoding="utf-8")
    assert spindetect.scan_text(text, "a.txt", min_confidence=0.2).to_dict() == \
        Scanner(min_confidence=0.2).scan(text, "a.txt").to_dict()
    assert spindetect.Scanner is Scanner


def test_min_confidence_reaches_the_findings():
    text = SPUN_SEED.read_text(encoding="utf-8")
    default = Scanner(with_readability=False).scan(text)
    lower = Scanner(with_readability=False).replace(min_confidence=0.1).scan(text)
    assert len(lower.findings) > len(default.findings)
    assert (lower.verdict, lower.spin_score) == (default.verdict, default.spin_score)
    assert default.quality == {}


def test_phrase_lists_reach_the_report():
    paper = (FIXTURES / "spun" / "science_tortured.txt").read_text(encoding="utf-8")
    listed = Scanner(phrase_lists=(str(FIXTURES / "fingerprints.csv"),)).scan(paper)
    assert any(f.rule == "fingerprint" for f in listed.findings)
    assert not any(f.rule == "fingerprint" for f in Scanner().scan(paper).findings)


def test_a_model_file_replaces_the_shipped_models(tmp_path):
    from spindetect import data
    spec = json.loads(open(data.path("model.json"), encoding="utf-8").read())
    spec["thresholds"] = {**spec["thresholds"], "spun": 0.0, "suspect": 0.0}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    clean = (FIXTURES / "clean" / "news_storm.txt").read_text(encoding="utf-8")
    assert Scanner(with_readability=False).scan(clean).verdict == "clean"
    assert Scanner(with_readability=False, model=str(path)).scan(clean).verdict == "spun"


def test_a_bad_index_or_list_fails_on_load(tmp_path):
    with pytest.raises(InputError):
        Scanner(index=str(tmp_path / "missing.db")).load()
    with pytest.raises(InputError):
        Scanner(phrase_lists=(str(tmp_path / "missing.csv"),)).load()


def test_a_policy_gives_its_scanner():
    policy = Policy(min_confidence=0.4, fingerprints=("list.csv",), index="archive.db")
    assert policy.scanner(with_readability=False) == Scanner(
        min_confidence=0.4, phrase_lists=("list.csv",), index="archive.db", with_readability=False,
        honour_suppressions=True)


def test_batch_settings_carry_the_scanner_to_each_document(tmp_path):
    from spindetect.batch.work import ScanSettings, scan_path
    path = tmp_path / "seed.txt"
    path.write_text(SPUN_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    low = scan_path(str(path), ScanSettings(10**6, Scanner(min_confidence=0.1, with_readability=False)))
    default = scan_path(str(path), ScanSettings(10**6, Scanner(with_readability=False)))
    assert len(low.record["findings"]) > len(default.record["findings"])
    assert low.record == scan_text(path.read_text(encoding="utf-8"), str(path), min_confidence=0.1,
                                   with_readability=False).to_dict()

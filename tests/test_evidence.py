"""Kinds of evidence plug into the pipeline: one module with ``mark`` and one line in EVIDENCE."""
import types

import numpy as np

from spindetect.detect import evidence, lexicon, pipeline
from spindetect.detect.evidence import Marks
from spindetect.scanner import scan_text

TEXT = "The firm said the weather was calm all week, and the farmers planted their fields early."


def _kind(name, mark):
    module = types.ModuleType(f"spindetect.detect.evidence.{name}")
    module.mark = mark
    return module


def test_every_kind_has_a_mark_function():
    assert all(callable(getattr(kind, "mark", None)) for kind in pipeline.EVIDENCE)


def test_a_new_kind_is_one_module_and_one_line(monkeypatch):
    analysis = pipeline.analyse_candidates(lexicon.load(), TEXT)
    target = int(analysis.candidates.singles.tokens[-1])       # some single-word candidate
    word = analysis.tokens.words[target]
    seen = {}

    def mark(context):
        seen["originals"] = context.singles[target].original_ids.copy()
        return Marks(preferred=[(target, int(seen["originals"][2]))], marked=[target], ratio=1e6,
                     reason="a test says so", refeature=True)
    before = [f for f in scan_text(TEXT, with_readability=False).findings if f.text == word]
    monkeypatch.setattr(pipeline, "EVIDENCE", pipeline.EVIDENCE + (_kind("test_kind", mark),))
    after = pipeline.analyse_candidates(lexicon.load(), TEXT)
    assert after.marks_of("test_kind").sum() == 1 and after.marked["test_kind"].ratio == 1e6
    assert after.candidates.singles[target].original_ids[0] == seen["originals"][2]   # put first
    [finding] = [f for f in scan_text(TEXT, with_readability=False).findings if f.text == word]
    assert not before and "a test says so" in finding.evidence and finding.confidence > 0.9


def test_apply_writes_features_originals_and_phrases():
    analysis = pipeline.analyse_candidates(lexicon.load(), TEXT)
    singles = analysis.candidates.singles
    a, b = (int(t) for t in singles.tokens[:2])
    last = int(singles[a].original_ids[-1])
    evidence.apply(singles, Marks(features=[(a, "acronym", 1.0)], preferred=[(a, last)], joined=[(a, b)]))
    assert singles[a].features[evidence.FEATURES.index("acronym")] == 1.0
    assert singles[a].original_ids[0] == last and singles[a].extend_right and singles[b].extend_left
    assert np.array_equal(singles.feature_rows()[0], singles[a].features)

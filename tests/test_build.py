"""The build scripts' pieces on tiny inputs with known answers (the full builds need ../shared)."""
import random

import numpy as np
import pytest

from spindetect.analyse.lexicon import Lexicon
from spindetect.build import lexicon as build_lexicon
from spindetect.build import train


def test_packed_arrays_load_as_a_lexicon(tmp_path):
    words = ["the", "parent", "company", "guardian", "firm"]
    zipf = np.array([7.7, 4.6, 5.5, 3.9, 4.9])
    n = len(words)
    keys = np.array([1 * n + 2], dtype=np.int64)                 # "parent company"
    values = build_lexicon.quantise(np.array([5.1], dtype=np.float32))
    indptr = np.array([0, 0, 0, 0, 1, 2], dtype=np.int32)       # guardian -> parent, firm -> company
    indices = np.array([1, 2], dtype=np.int32)
    bits = np.array([2, 3], dtype=np.uint8)
    multiword = {"guardian firm": [None, [["parent company", 5.1, 1.2]]]}
    arrays = build_lexicon.pack(words, zipf, keys, values, indptr, indices, bits, np.zeros(n), multiword)
    arrays["vectors"] = np.zeros((n, 4), dtype=np.int8)
    build_lexicon.save_arrays(tmp_path, arrays)
    lex = Lexicon({p.stem: np.load(p, allow_pickle=False) for p in tmp_path.glob("*.npy")})
    assert [lex.id(w) for w in words] == list(range(n)) and lex.id("absent") is None
    assert [lex.words[i] for i in range(n)] == words
    assert lex.bigram(1, 2) == pytest.approx(5.1, abs=0.05) and lex.bigram(2, 1) is None
    assert [lex.words[int(i)] for i in lex.originals(3)[0]] == ["parent"]
    assert lex.multiword(["guardian firm", "firm guardian"]) == [multiword["guardian firm"], None]
    assert lex.starts_multiword(["guardian", "firm"]).tolist() == [True, False]


def test_documents_are_cut_at_paragraphs_within_the_size_range():
    text = "\n\n".join(" ".join(["word"] * 50) for _ in range(100))
    docs = train.chunk_words(text, random.Random(0), low=250, high=800)
    assert docs and all(250 <= len(d.split()) <= 850 for d in docs)


def test_finding_threshold_keeps_false_findings_under_the_limit():
    # two clean documents of 1,000 words each; their candidates' probabilities are known
    probs = np.array([0.9, 0.7, 0.2, 0.95, 0.1])
    y = np.array([False, False, False, True, False])
    groups = np.array([0, 0, 1, 2, 1])
    doc_y = np.array([False, False, True])
    words = np.array([1000, 1000, 500])
    threshold, rate = train.finding_threshold(probs, y, groups, doc_y, words)
    # at most one false finding per 2,000 clean words: the 0.7 must fall below the threshold
    assert threshold == 0.71 and rate == 0.5


def test_verdict_thresholds_follow_clean_documents():
    scores = np.r_[np.linspace(0.0, 0.5, 200), np.full(50, 0.99)]
    labels = np.r_[np.zeros(200, bool), np.ones(50, bool)]
    thresholds = train.verdict_thresholds(scores, labels)
    assert abs(thresholds["suspect"] - 0.485) < 0.01 and thresholds["spun"] >= thresholds["suspect"] + 0.05

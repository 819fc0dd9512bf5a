"""Property-based tests over spindetect's boundaries (hypothesis): arbitrary Unicode and bytes
through ingest, the scan, every report format, the fingerprint and policy readers, the results
reader and the index. The checks are the fuzzing campaign's own (benchmarks/fuzz_targets.py).

CI runs a few hundred examples per property (``HYPOTHESIS_PROFILE=ci``, the default); a longer
run: ``HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_properties.py``.
"""
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import fuzz_targets
from spindetect.ingest.files import Skipped, from_bytes
from spindetect.ingest.markup import prose_of

settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SPUN = ["Synthetic intelligence (AI)", "graphics processing items", "profound learning", "in keeping with",
        "Enterprise Insider", "the guardian firm", "huge language mannequin"]
MARKUP = ["> ", "- ", "1. ", "# ", "*", "_", "`", "```\n", "[", "](http://x.org/a)", "<p>", "</p>", "<b>",
          "<script>", "</script>", "<!--", "-->", "<!-- spindetect-disable -->", "<!-- spindetect-enable -->",
          "&amp;", "&#x41;", "&lt;", "\\", "|", "---\n", "    ", "\t"]
ODD = ["\u0301", "\u200b", "\u200d", "\u202e", "\u2066", "\u2069", "\ufeff", "\r\n", "\r", "\n", "\n\n", "\x00",
       "\x1b[31m", "\u00a0", "\u2028", "\ud800", "\U0001f600", "e\u0301", "\ufb01", "\u0130", "\u00df"]
WORDS = ["the", "a", "of", "intelligence", "learning", "model", "said", "company", "per", "cent", "AI", "GPUs",
         "x" * 300, "Musk", "according", "to", "research", ".", ",", "(", ")", "\"", "'"]

pieces = st.one_of(st.sampled_from(SPUN), st.sampled_from(MARKUP), st.sampled_from(ODD), st.sampled_from(WORDS),
                   st.text(max_size=8))
texts = st.lists(st.one_of(pieces, st.just(" ")), max_size=60).map("".join)
KIND = {".txt": 0, ".md": 1, ".html": 2}


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")        # a lone surrogate: invalid UTF-8 on disk


@given(texts, st.sampled_from(sorted(KIND)))
def test_any_text_scans_and_reports_in_every_format(text, kind):
    fuzz_targets.document(bytes([KIND[kind]]) + as_bytes(text))


@given(st.binary(max_size=600), st.sampled_from(sorted(KIND)))
def test_any_bytes_scan_or_are_refused_in_one_line(data, kind):
    fuzz_targets.document(bytes([KIND[kind]]) + data)


@given(texts, st.sampled_from(sorted(KIND)))
def test_markup_is_blanked_without_moving_a_character(text, kind):
    source = from_bytes("x" + kind, as_bytes(text))
    if isinstance(source, Skipped):
        return
    prose = prose_of(source.text, "x" + kind, honour_suppressions=True)
    assert len(prose.text) == len(source.text)
    for start, end in prose.suppressed:
        assert 0 <= start <= end <= len(source.text)


@given(texts)
def test_reading_keeps_the_text_but_for_line_ends_and_says_what_it_replaced(text):
    from spindetect.ingest.files import looks_binary

    data = as_bytes(text)
    source = from_bytes("x.txt", data)
    if isinstance(source, Skipped):
        assert (not data and source.reason.startswith("empty")) or looks_binary(data)
    elif "\ud800" in text:
        assert source.warnings and "invalid UTF-8" in source.warnings[0]
    else:
        expected = text[1:] if text.startswith("\ufeff") else text
        assert source.text == expected.replace("\r\n", "\n") and source.warnings == []


csv_rows = st.lists(st.tuples(st.one_of(texts, st.sampled_from(SPUN)), texts, st.text(max_size=4)), max_size=8)


@given(st.one_of(st.binary(max_size=400),
                 csv_rows.map(lambda rows: ("phrase,expected,papers\n" + "\n".join(
                     ",".join(cells) for cells in rows)).encode("utf-8", "surrogatepass"))))
def test_any_fingerprint_file_loads_or_is_refused_in_one_line(data):
    fuzz_targets.fingerprints(data)


toml_values = st.one_of(st.integers(), st.floats(allow_nan=True), st.booleans(), st.text(max_size=12),
                        st.lists(st.text(max_size=8), max_size=3))
keys = st.sampled_from(["fail_on", "max_findings_per_1000_words", "min_reading_ease", "max_grade", "min_confidence",
                        "include", "exclude", "fingerprints", "baseline", "index", "model", "unknown"])


def _toml(items) -> str:
    import json
    lines = []
    for key, value in items:
        if isinstance(value, float) and value != value:
            lines.append(f"{key} = nan")
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines)


@given(st.one_of(st.binary(max_size=300), st.lists(st.tuples(keys, toml_values), max_size=6).map(
    lambda items: _toml(items).encode("utf-8", "surrogatepass"))))
def test_any_policy_file_reads_or_is_refused_in_one_line(data):
    fuzz_targets.policy(data)


@given(st.one_of(st.binary(max_size=400), st.lists(st.one_of(
    st.fixed_dictionaries({"path": st.text(max_size=5)}, optional={
        "words": st.one_of(st.integers(), st.text(max_size=3)), "verdict": st.sampled_from(["clean", "spun", "x"]),
        "spin_score": st.one_of(st.floats(), st.text(max_size=3)), "error": st.text(max_size=3),
        "findings": st.lists(st.fixed_dictionaries({"text": st.text(max_size=5),
                                                    "suggestions": st.lists(st.text(max_size=5), max_size=2)}))}),
    st.integers()), max_size=5).map(lambda rows: "\n".join(__import__("json").dumps(r) for r in rows).encode())))
def test_any_results_file_summarizes_or_is_refused_in_one_line(data):
    fuzz_targets.results(data)


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pool")
    paths = []
    for n in range(6):
        path = folder / f"doc{n}.txt"
        path.write_text(f"Document {n}: " + " ".join(f"word{(n * 7 + k) % 23}" for k in range(30)) + ".")
        paths.append(str(path))
    return paths


@settings(max_examples=25)
@given(st.lists(st.lists(st.integers(0, 5), min_size=1, max_size=6), min_size=1, max_size=4))
def test_index_adds_in_any_order_keep_one_document_per_content(pool, tmp_path_factory, batches):
    from spindetect.index.fill import BuildCounts, prepare, write
    from spindetect.index.store import IndexStore

    path = str(tmp_path_factory.mktemp("index") / "x.db")
    added = set()
    for batch in batches:
        store = IndexStore.create(path)
        known = frozenset(store.known_hashes())
        counts = BuildCounts()
        write(store, iter([prepare(pool[i], 1_000_000, known) for i in batch]), counts)
        documents = store.stats()["documents"]
        store.close()
        new = set(batch) - added
        assert counts.added == len(new) and counts.known == len(batch) - len(new)
        added |= new
        assert documents == len(added)

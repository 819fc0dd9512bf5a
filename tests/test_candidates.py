"""Pieces of the candidate step that have a simpler, slower equivalent to check against."""
import numpy as np
import pytest

from spindetect.detect.candidates import _ranked
from tests.conftest import FIXTURES


def test_ranked_order_equals_lexsort_with_ties_and_signed_zeros():
    rng = np.random.default_rng(3)
    rows = np.sort(rng.integers(0, 300, 20_000))
    key = rng.choice(np.array([-2.5, -0.0, 0.0, 0.125, 1e-7, -1e-7, 3.75, -30.0, 1e-45, -1e-45, 3.4e38, -3.4e38],
                              dtype=np.float32), 20_000)
    key = np.where(rng.random(20_000) < 0.5, key, rng.normal(0, 3, 20_000).astype(np.float32))
    zipf = rng.integers(0, 80, 20_000).astype(np.float32) / np.float32(10.0)
    expected = np.lexsort((-zipf, -key, rows))
    counts = np.unique(rows, return_counts=True)[1]                  # pairs come grouped by token
    assert np.array_equal(_ranked(counts, key, zipf), expected)
    # too many tokens to pack with the place within each: the stable argsort, the same order
    counts = np.r_[np.full(150_000, 2), 100]                         # 18 + 40 + 7 bits
    many = np.repeat(np.arange(len(counts)), counts)
    key2 = rng.choice(key, len(many))
    zipf2 = rng.choice(zipf, len(many))
    assert np.array_equal(_ranked(counts, key2, zipf2), np.lexsort((-zipf2, -key2, many)))


def test_bigram_lookup_through_hash_slots_equals_a_plain_binary_search():
    from spindetect.detect import lexicon
    lex = lexicon.load()
    rng = np.random.default_rng(5)
    known = rng.choice(lex.bigram_keys, 5_000)
    left = np.r_[known // lex.n, rng.integers(-1, lex.n, 50_000)]
    right = np.r_[known % lex.n, rng.integers(-1, lex.n, 50_000)]
    keys = left * lex.n + right
    pos = np.minimum(np.searchsorted(lex.bigram_keys, keys), len(lex.bigram_keys) - 1)
    hit = (lex.bigram_keys[pos] == keys) & (left >= 0) & (right >= 0)
    expected = np.where(hit, lex.bigram_values[pos], np.nan)
    got = lex.bigrams(left, right)
    assert np.array_equal(np.isnan(got), np.isnan(expected)) and hit[:5_000].all()
    assert np.array_equal(got[hit], expected[hit])


def test_small_lookups_use_the_hash_slots_once_a_batch_has_asked_enough():
    import copy

    from spindetect.detect import lexicon
    lex = copy.copy(lexicon.load())
    for made in ("_slots", "_bigram_queries"):
        lex.__dict__.pop(made, None)
    rng = np.random.default_rng(9)
    known = rng.choice(lex.bigram_keys, 300)
    left = np.r_[known // lex.n, rng.integers(-1, lex.n, 700)]
    right = np.r_[known % lex.n, rng.integers(-1, lex.n, 700)]
    pos = np.minimum(np.searchsorted(lex.bigram_keys, left * lex.n + right), len(lex.bigram_keys) - 1)
    hit = (lex.bigram_keys[pos] == left * lex.n + right) & (left >= 0) & (right >= 0)
    expected = np.where(hit, lex.bigram_values[pos], np.nan)
    made_after = []
    for call in range(2 * lexicon.PRESENCE_MIN_QUERIES // len(left)):
        got = lex.bigrams(left, right)          # one short document of a batch after another
        assert np.array_equal(np.isnan(got), np.isnan(expected)) and np.array_equal(got[hit], expected[hit])
        made_after.append("_slots" in lex.__dict__)
    assert not made_after[0] and made_after[-1]     # a lone short text searches directly


def test_large_phrase_lookup_through_the_key_set_equals_small_lookups():
    from spindetect.detect import lexicon
    keys = lexicon.load()._multi_keys
    listed = [k.decode("utf-8") for k in keys.keys[::7].tolist()]
    rng = np.random.default_rng(2)
    queries = listed + [f"{a} {b}" for a, b in zip(rng.choice(listed, 30_000), rng.choice(listed, 30_000))]
    queries += ["", "x" * 200, "caf\u00e9 au lait"] + listed[:50]        # empty, too wide, non-ASCII, repeats
    assert len(set(queries)) >= lexicon.SET_MIN_QUERIES
    small = np.concatenate([keys.find(queries[k:k + 1_000]) for k in range(0, len(queries), 1_000)])
    big = keys.find(queries)
    assert np.array_equal(big, small) and (big[:len(listed)] >= 0).all() and (big[len(listed):-53] == -1).mean() > 0.9


def test_a_lexicon_copy_with_more_bigrams_finds_them_after_the_original_was_used():
    from spindetect.detect import lexicon
    from spindetect.index import domain
    lex = lexicon.load()
    many = lexicon.PRESENCE_MIN_QUERIES            # enough queries to use the presence table
    a, b = np.full(many, lex.id("guardian")), np.full(many, lex.id("firm"))
    assert np.isnan(lex.bigrams(a, b)).all()      # the original has made its table
    more = domain.merged(lex, np.array([a[0] * lex.n + b[0]], dtype=np.int64), np.array([50]), 10_000)
    assert not np.isnan(more.bigrams(a, b)).any()
    assert np.isnan(lex.bigrams(a, b)).all()


def test_capitalised_runs_split_at_punctuation_and_drop_a_sentence_opener():
    from spindetect.detect.evidence.names import capitalised_runs
    from spindetect.detect.tokens import tokenize
    text = "Meanwhile Business Insider said. The New York-Times, Big Apple and x Y Z 42 Q R"
    runs = [" ".join(t.text for t in tokenize(text)[a:b + 1]) for a, b in capitalised_runs(tokenize(text))]
    assert runs == ["Meanwhile Business Insider", "Business Insider", "The New York Times", "New York Times",
                    "Big Apple", "Y Z", "Q R"]


def test_a_name_runs_on_through_a_single_of_or_for_between_capitalised_words():
    from spindetect.detect.evidence.names import capitalised_runs
    from spindetect.detect.tokens import tokenize
    text = "at the Harvard School of Public Health. Bank of America for Good of the People of. Out of"
    runs = [" ".join(t.text for t in tokenize(text)[a:b + 1]) for a, b in capitalised_runs(tokenize(text))]
    assert runs == ["Harvard School of Public Health", "Bank of America for Good"]


def test_a_longer_name_is_not_taken_for_a_spun_sibling_of_a_shorter_one():
    from spindetect.detect import lexicon, pipeline
    text = ("Harvard University researchers reviewed the data. The lead author is a professor at the "
            "Harvard School of Public Health, and the Harvard School of Public Health paid for it.")
    analysis = pipeline.analyse_candidates(lexicon.load(), text)
    assert analysis.marks_of("names") is None


def test_a_network_with_members_averages_their_probabilities():
    from spindetect.detect.model import Network
    one = {"weights": [[[1.0], [-2.0]]], "biases": [[0.5]]}
    two = {"weights": [[[-1.0], [0.5]]], "biases": [[0.0]]}
    common = {"features": ["a", "b"], "mean": [0.0, 1.0], "scale": [1.0, 2.0]}
    rows = np.array([[1.0, 3.0], [-2.0, 0.0]])
    averaged = Network({**common, "members": [one, two]}).predict(rows)
    expected = (Network({**common, **one}).predict(rows) + Network({**common, **two}).predict(rows)) / 2
    assert np.allclose(averaged, expected) and not np.allclose(averaged, Network({**common, **one}).predict(rows))


def test_an_original_is_written_in_the_text_only_as_whole_words_in_a_row():
    from spindetect.detect import lexicon
    from spindetect.detect.candidates import CandidateFinder
    from spindetect.detect.tokens import tokenize
    text = "The residue to clear. A basketball game; due, to rain. A part-time job, in fact. Zorblat qux."
    finder = CandidateFinder(lexicon.load(), tokenize(text), text)
    expected = {"due to": False, "basket": False, "part time": True, "in fact": True, "game": True,
                "fact in": False, "zorblat qux": True,          # words outside the vocabulary too
                "zorblat game": False}
    phrases = list(expected) + ["game", "zorblat qux"]             # a phrase asked about twice
    written = finder._written_in(phrases, np.zeros(len(phrases), dtype=np.int64))
    assert written.tolist() == [expected[p] for p in phrases]
    assert not finder._written_in(["game", "zorblat qux"], np.ones(2, dtype=np.int64)).any()  # not in block 1


@pytest.mark.parametrize("masked_from", [0, 10 ** 9])      # spans ruled out by word masks first, or not
def test_phrases_found_by_word_ids_are_those_a_lookup_of_every_span_finds(monkeypatch, masked_from):
    from pathlib import Path

    from spindetect.detect import candidates, lexicon
    from spindetect.detect.candidates import CandidateFinder
    monkeypatch.setattr(candidates, "MASKED_PHRASE_TOKENS", masked_from)
    from spindetect.detect.tokens import tokenize
    root = Path(__file__).resolve().parent.parent
    text = "\n\n".join(p.read_text("utf-8") for p in sorted((root / "seeds").glob("*.txt")))
    text += " In keeping with the 3 main Adam's apple. In keeping, with; as a result of it all"
    lex = lexicon.load()
    tokens = tokenize(text)
    finder = CandidateFinder(lex, tokens, text)

    def plain_lookup():            # every span of 4, 3, 2 words by its text, longest first
        found = []
        for i in range(len(tokens)):
            for n in (4, 3, 2):
                j = i + n - 1
                if j >= len(tokens) or any(tokens.brk[i + 1:j + 1]):
                    continue
                if all(w[0].isupper() for w in tokens.words[i + 1:j + 1]):      # a name
                    continue
                if lex.multiword([" ".join(tokens.norms[i:j + 1])])[0] is not None:
                    found.append((i, j))
                    break
        return found

    first, last, rows = finder._phrase_rows()
    expected = plain_lookup()
    assert list(zip(first.tolist(), last.tolist())) == expected and len(expected) >= 20
    keys = [k.decode("utf-8") for k in lex._multi_keys.keys[rows].tolist()]
    assert keys == [" ".join(tokens.norms[i:j + 1]) for i, j in expected]
    assert "in keeping with" in keys and "as a result" in keys


def test_a_long_texts_own_words_count_only_within_their_block():
    # the models learned "the original appears elsewhere in the text" on documents of 250-800
    # words; in a long text it means within the same block of about 1,000 tokens
    from spindetect.detect import lexicon
    from spindetect.detect.candidates import CandidateFinder, _member
    from spindetect.detect.tokens import tokenize
    text = "the parent company said so. " + "the cat sat on a mat. " * 700
    lex = lexicon.load()
    finder = CandidateFinder(lex, tokenize(text), text)
    assert finder.block[0] == 0 and finder.block[-1] >= 3
    company = lex.id("company")
    assert _member(np.array([0 * lex.n + company, 3 * lex.n + company]), finder.doc_ids).tolist() == [True, False]
    blocks = np.arange(int(finder.block[-1]) + 1)
    assert finder._written_in(["parent company"] * len(blocks), blocks).tolist() == [True] + [False] * (len(blocks) - 1)
    assert finder._written_in(["cat sat"] * len(blocks), blocks).all()


def test_single_word_candidates_made_on_demand_keep_the_evidence_set_on_them():
    from spindetect.detect import lexicon
    from spindetect.detect.candidates import FEATURES, CandidateFinder, CandidateList
    from spindetect.detect.tokens import tokenize
    text = "The synthetic intelligence firm said its profound learning items were ready."
    finder = CandidateFinder(lexicon.load(), tokenize(text), text)
    singles = finder.single_word()
    tokens = list(singles)
    assert tokens == sorted(tokens) and len(tokens) == len(singles) >= 3 and 1 in singles and -1 not in singles
    first = singles[tokens[0]]
    assert first is singles[tokens[0]] and first.first == first.last == tokens[0]
    assert first.originals[0] == lexicon.load().words[int(singles.pool[singles.offsets[0]])]
    first.features[FEATURES.index("acronym")] = 1.0                  # lands in the shared rows
    replaced = singles[tokens[1]]
    replaced.features = replaced.features.copy()
    replaced.features[FEATURES.index("joint_pair")] = 7.0             # a replaced row is copied back
    everything = CandidateList(singles, [])
    rows = everything.feature_rows()
    assert rows[0, FEATURES.index("acronym")] == 1.0 and rows[1, FEATURES.index("joint_pair")] == 7.0
    assert len(everything) == len(singles) and everything[-1].first == tokens[-1]
    assert [c.first for c in everything] == tokens == everything.firsts.tolist()


def test_single_word_candidates_scored_in_parts_join_to_the_same(monkeypatch):
    from pathlib import Path

    from spindetect.detect import candidates, lexicon
    from spindetect.detect.candidates import CandidateFinder, SingleWords
    from spindetect.detect.tokens import tokenize
    text = Path(__file__).resolve().parent.parent.joinpath("seeds", "003_5f08b8486e8b9ceb.txt").read_text("utf-8")
    monkeypatch.setattr(candidates, "CHUNK_TOKENS", 40)          # several chunks in a short text
    lex = lexicon.load()
    finder = CandidateFinder(lex, tokenize(text), text)
    whole = finder.single_word()
    parts = [SingleWords.from_bytes(finder.single_word(k, 3).to_bytes(), lex.words) for k in range(3)]
    joined = SingleWords.joined(parts, lex.words)
    assert all(len(p) for p in parts) and len(joined) == len(whole) > 100
    for name in ("tokens", "features", "pool", "offsets"):
        assert np.array_equal(getattr(joined, name), getattr(whole, name))
    assert len(SingleWords.joined([], lex.words)) == 0


def test_originals_read_from_the_pool_equal_the_candidates_own():
    from spindetect.detect import lexicon, pipeline
    text = "The firm bought such a amount of chips. It was an enormous success for a small company."
    singles = pipeline.analyse_candidates(lexicon.load(), text).candidates.singles
    tokens = singles.tokens.tolist()
    singles[tokens[1]].promote(1)                     # a candidate evidence made and reordered
    got = singles.originals_of(tokens)                # the others read from the pool
    assert len(singles._made) < len(tokens) / 2       # most never made: their pool was read
    assert all(np.array_equal(ids, singles[t].original_ids) for ids, t in zip(got, tokens))


def test_source_bits_of_many_tokens_equal_a_search_of_each_tokens_list():
    from spindetect.detect import lexicon
    from spindetect.detect.candidates import CandidateFinder
    from spindetect.detect.tokens import tokenize
    lex = lexicon.load()
    text = (FIXTURES / "clean" / "news_council.txt").read_text()
    finder = CandidateFinder(lex, tokenize(text), text)
    rows = finder.single_word().tokens
    rng = np.random.default_rng(2)
    origs = []
    for row in rows.tolist():
        ids, _ = lex.originals(int(finder.ids[row]))
        origs.append(int(rng.choice(ids)) if rng.random() < 0.8 else int(rng.integers(lex.n)))
    origs = np.array(origs, dtype=np.int64)
    expected = []
    for row, orig in zip(rows.tolist(), origs.tolist()):
        ids, sources = lex.originals(int(finder.ids[row]))
        expected.append(int(sources[ids == orig][0]) if np.any(ids == orig) else 0)
    got = finder._source_bits(rows, origs)
    assert got.tolist() == expected and 0 in expected and len(set(expected)) >= 3

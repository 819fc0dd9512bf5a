import re

import pytest

from spindetect.spinner import PROFILES, spin
from tests.conftest import FIXTURES

TEXT = (FIXTURES / "clean" / "news_chips.txt").read_text()


@pytest.mark.parametrize("profile", PROFILES)
def test_truth_is_exact(profile):
    result = spin(TEXT, profile, rate=0.4, seed=3)
    for change in result.changes:
        assert result.text[change.start:change.end] == change.text
        assert change.text.lower() != change.original.lower()


@pytest.mark.parametrize("profile", PROFILES)
def test_undoing_the_changes_gives_back_the_original(profile):
    result = spin(TEXT, profile, rate=0.5, seed=7)
    restored = result.text
    for change in sorted(result.changes, key=lambda c: -c.start):
        restored = restored[:change.start] + change.original + restored[change.end:]
    assert restored == TEXT


def test_rate_controls_how_much_changes_and_seed_makes_it_repeatable():
    low = spin(TEXT, "mixed", 0.1, seed=1)
    high = spin(TEXT, "mixed", 0.6, seed=1)
    assert len(high.changes) > 2 * len(low.changes) > 0
    assert spin(TEXT, "mixed", 0.3, seed=5).text == spin(TEXT, "mixed", 0.3, seed=5).text


def test_names_profile_only_touches_capitalised_names():
    result = spin("The National Governors Association met in the capital today.", "names", 1.0, seed=2)
    assert result.changes
    assert all(c.original[0].isupper() and c.text[0].isupper() for c in result.changes)


def test_bad_arguments():
    with pytest.raises(ValueError):
        spin(TEXT, "nonsense")
    with pytest.raises(ValueError):
        spin(TEXT, "mixed", rate=1.5)


@pytest.mark.parametrize("profile", ["mixed", "fluent"])
def test_consistent_spin_rewrites_a_word_the_same_way_everywhere(profile):
    text = " ".join(["The project reached a decision about the project budget."] * 6)
    result = spin(text, profile, 0.5, seed=4, consistent=True)
    by_original: dict[str, set[str]] = {}
    for change in result.changes:
        by_original.setdefault(change.original.lower(), set()).add(change.text.lower())
    assert by_original and all(len(written) == 1 for written in by_original.values())
    # every occurrence of a replaced word is replaced (the decision is drawn once per word)
    for original in by_original:
        assert sum(c.original.lower() == original for c in result.changes) == len(re.findall(rf"\b{original}\b", text.lower()))
    # drawn per occurrence, the same text gets several synonyms for one word
    loose = spin(text, profile, 0.5, seed=4)
    assert any(len({c.text.lower() for c in loose.changes if c.original.lower() == o}) > 1 for o in by_original)


def _known_pairs(result) -> float:
    """Share of single-word changes whose pair with each neighbour in the text is a known bigram."""
    from spindetect.detect import lexicon
    from spindetect.detect.tokens import tokenize
    lex, tokens = lexicon.load(), tokenize(result.text)
    ids = lex.ids(tokens.norms).tolist()
    at = {start: k for k, start in enumerate(tokens.starts)}
    known = total = 0
    for change in result.changes:
        k = at.get(change.start)
        if k is None or " " in change.text:
            continue
        for left, right in ((k - 1, k), (k, k + 1)):
            if 0 <= left and right < len(tokens) and not tokens.brk[right]:
                total += 1
                known += lex.bigram(ids[left] if ids[left] >= 0 else None, ids[right] if ids[right] >= 0 else None) is not None
    return known / total


def test_fluent_profile_writes_common_synonyms_that_fit_their_neighbours():
    from spindetect.detect import lexicon
    from spindetect.spinner import FLUENT_MAX_DROP
    lex = lexicon.load()
    fluent = [spin(TEXT, "fluent", 0.4, seed=seed) for seed in range(3)]
    words = [c for result in fluent for c in result.changes if " " not in c.text and " " not in c.original]
    assert len(words) > 20
    for change in words:
        written, original = lex.id(change.text.lower()), lex.id(change.original.lower())
        assert lex.zipf_by_id[written] >= lex.zipf_by_id[original] - FLUENT_MAX_DROP - 1e-6
    # chosen by their fit with the neighbours: more of their pairs are established than WordNet's choices
    wordnet = [spin(TEXT, "wordnet", 0.4, seed=seed) for seed in range(3)]
    assert sum(map(_known_pairs, fluent)) > 1.5 * sum(map(_known_pairs, wordnet))

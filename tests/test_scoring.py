import numpy as np

from spindetect.detect import scoring


def test_document_rate_rises_with_its_candidates_probabilities_and_stays_in_bounds():
    rng = np.random.default_rng(3)
    clean, spun = rng.beta(0.5, 20, 400), rng.beta(2, 3, 400)
    low, high = scoring.shifted_rates(np.r_[clean, spun], [0, 400], base_rate=0.11)
    assert 1e-4 <= low < 0.11 < high <= 0.95


def test_rates_of_several_documents_at_once_equal_one_at_a_time():
    rng = np.random.default_rng(7)
    sizes = rng.integers(1, 2_000, 25)
    probabilities = np.concatenate([rng.beta(rng.uniform(0.2, 2), rng.uniform(1, 20), n) for n in sizes])
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    together = scoring.shifted_rates(probabilities, starts, 0.11)
    alone = [scoring.shifted_rates(probabilities[s:s + n], [0], 0.11)[0] for s, n in zip(starts, sizes)]
    assert together.tolist() == alone          # exactly: a document's sums are its own


def test_context_of_a_document_without_candidates_has_rate_zero():
    assert scoring.context_features(np.zeros(0), 0.11, 100)[-1] == 0.0


def test_quantile_equals_numpys_default_quantile():
    rng = np.random.default_rng(11)
    for n in list(range(1, 12)) + [97, 250]:
        values = rng.random(n) if n % 2 else np.round(rng.random(n), 1)      # ties too
        for q in (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0):
            assert scoring.quantile(values, q) == float(np.quantile(values, q))


def test_a_short_text_is_filled_up_with_clean_candidates_and_a_long_one_is_left_alone():
    probabilities = np.array([0.2, 0.9])
    filled, words = scoring.padded(probabilities, 6, scoring.CLEAN_FIRST_PASS)
    fill = round((scoring.SHORT_TEXT_TOKENS - 6) * scoring.CLEAN_CANDIDATES_PER_TOKEN)
    assert words == scoring.SHORT_TEXT_TOKENS and len(filled) == 2 + fill > 2
    assert filled[:2].tolist() == [0.2, 0.9] and set(filled[2:].tolist()) == {scoring.CLEAN_FIRST_PASS}
    same, words = scoring.padded(probabilities, scoring.SHORT_TEXT_TOKENS, scoring.CLEAN_FIRST_PASS)
    assert same is probabilities and words == scoring.SHORT_TEXT_TOKENS
    assert scoring.padded(np.zeros(0), 6, scoring.CLEAN_FIRST_PASS)[1] == 6     # nothing to judge


def test_one_middling_candidate_in_a_few_words_is_not_a_heavily_spun_text():
    # alone, one candidate above the base rate sends the EM rate to its bound; then the
    # in-context model lifted it (0.19 -> 0.83) and one likely substitution in three tokens
    # read as 33 per 100: "Elaine nodded." was judged spun, 1.00
    assert scoring.shifted_rates(np.array([0.19]), [0], 0.11)[0] == 0.95
    assert scoring.context_features(np.array([0.19]), 0.11, 3)[RATE] < 0.11
    assert scoring.document_row(np.array([0.83]), 0.01, 3)[LIKELY] < 100 / scoring.SHORT_TEXT_TOKENS + 1e-9


RATE = scoring.CONTEXT_FEATURES.index("doc_estimated_rate")
LIKELY = scoring.DOC_FEATURES.index("likely_per_100")

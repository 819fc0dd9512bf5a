"""The detector on the seeds, on our own fixtures, and on its pieces of evidence."""
import json

import pytest

from spindetect.detect import lexicon
from spindetect.detect.evidence import acronyms
from spindetect.detect.tokens import tokenize
from spindetect.scanner import scan_text
from spindetect.spinner import spin
from tests.conftest import FIXTURES, SPUN_SEED

CLEAN = sorted((FIXTURES / "clean").glob("*.txt"))


def finding_for(report, phrase):
    start = report.text.index(phrase)
    return next((f for f in report.findings if f.start < start + len(phrase) and start < f.end), None)


def test_spun_seed_is_spun_and_the_others_clean(seed_reports):
    verdicts = {name: r.verdict for name, r in seed_reports.items()}
    assert verdicts.pop(SPUN_SEED.name) == "spun"
    assert set(verdicts.values()) == {"clean"}


def test_clean_seeds_have_few_findings(seed_reports):
    for name, report in seed_reports.items():
        if name != SPUN_SEED.name:
            assert len(report.findings) <= 1, (name, [f.text for f in report.findings])


KNOWLEDGE_GAP = ("no shipped source knows the original phrase or rates the spun one as rare enough; "
                 "see the issue note")


@pytest.mark.parametrize("phrase, original", [
    ("synthetic intelligence", "artificial intelligence"),
    ("graphics processing items", "graphics processing units"),
    pytest.param("In keeping with", "According to", marks=pytest.mark.xfail(strict=True, reason=KNOWLEDGE_GAP)),
    pytest.param("giant language mannequin", "large language model",
                 marks=pytest.mark.xfail(strict=True, reason=KNOWLEDGE_GAP)),
    pytest.param("guardian firm", "parent company", marks=pytest.mark.xfail(strict=True, reason=KNOWLEDGE_GAP)),
    pytest.param("Enterprise Insider", "Business Insider", marks=pytest.mark.xfail(strict=True, reason=KNOWLEDGE_GAP)),
])
def test_spun_seed_phrases_are_found_with_their_original_first(seed_reports, phrase, original):
    finding = finding_for(seed_reports[SPUN_SEED.name], phrase)
    assert finding is not None, f"{phrase!r} not found"
    assert finding.text == phrase
    assert finding.suggestions[0] == original


def test_spun_seed_findings_are_mostly_real_spins(seed_reports):
    """Against the hand annotation of seed 003 (fixtures/seed003_truth.json)."""
    report = seed_reports[SPUN_SEED.name]
    text, pos, spans = report.text, 0, []
    for item in json.loads((FIXTURES / "seed003_truth.json").read_text()):
        start = text.index(item["text"], pos)
        spans.append((start, start + len(item["text"])))
        pos = start + 1
    real = [f for f in report.findings if any(f.start < e and s < f.end for s, e in spans)]
    assert len(report.findings) >= 5
    assert len(real) >= 0.8 * len(report.findings)


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_fixtures_are_clean(path):
    report = scan_text(path.read_text(), path.name)
    assert report.verdict == "clean" and len(report.findings) <= 1


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_heavily_spun_fixtures_are_spun_and_findings_hit_changes(path):
    result = spin(path.read_text(), "mixed", 0.4, seed=11)
    report = scan_text(result.text, path.name)
    assert report.verdict == "spun"
    hits = [f for f in report.findings if any(c.start < f.end and f.start < c.end for c in result.changes)]
    assert len(hits) >= 0.6 * len(report.findings) and len(hits) >= 3


@pytest.mark.parametrize("seed", range(6))
def test_findings_are_sorted_non_overlapping_and_point_at_their_text(seed):
    text = spin(CLEAN[seed % len(CLEAN)].read_text(), "mixed", 0.5, seed=seed).text
    report = scan_text(text)
    end = 0
    for f in report.findings:
        assert f.start >= end and text[f.start:f.end] == f.text
        end = f.end


def test_acronym_initials_pick_the_original_and_define_the_span():
    report = scan_text("Investors poured money into synthetic intelligence (AI) companies this year.")
    finding = finding_for(report, "synthetic intelligence")
    assert finding and finding.text == "synthetic intelligence"
    assert finding.suggestions[0] == "artificial intelligence"


def test_matching_acronym_counts_against_a_finding():
    text = "Investors poured money into artificial intelligence (AI) companies this year."
    tokens = tokenize(text)
    (exp,) = acronyms.find_expansions(tokens, text)
    assert (tokens[exp.first].text, tokens[exp.last].text, exp.letters) == ("artificial", "intelligence", "ai")
    assert scan_text(text).findings == []


def test_acronyms_are_found_after_every_opening_parenthesis_and_nowhere_else():
    text = ("(GPU) first. Graphics processing units (GPUs) and the World Health Organization ( WHO ) met; "
            "a b c (ABC)(DEF) then NASA without one, (( all the Central Intelligence Agency (CIA). End (")
    tokens = tokenize(text)
    got = [(e.first, e.last, e.letters) for e in acronyms.find_expansions(tokens, text)]
    spelled = {e: " ".join(tokens.words[f:l + 1]) for f, l, e in got}
    assert spelled == {"gpu": "Graphics processing units", "who": "World Health Organization",
                       "abc": "a b c", "cia": "Central Intelligence Agency"}


def test_an_acronym_the_words_cannot_spell_gives_no_evidence():
    from spindetect.detect import pipeline
    from spindetect.detect.candidates import FEATURES
    acronym = FEATURES.index("acronym")
    for text, expected in [("New York (AP) -- Stocks rose on Tuesday.", "none"),
                           ("a list compiled by the World Conservation Union (IUCN) this year", "none"),
                           ("firms bought graphics processing items (GPUs) this year", "for")]:
        analysis = pipeline.analyse_candidates(lexicon.load(), text)
        marks = {float(c.features[acronym]) for c in analysis.candidates} - {0.0}
        assert marks == ({1.0} if expected == "for" else set()), text


def test_empty_and_wordless_texts():
    for text in ("", "   \n", "12 34 !!! ---"):
        report = scan_text(text)
        assert report.findings == [] and report.verdict == "clean"


def test_lexicon_knows_synonyms_in_both_directions():
    lex = lexicon.load()
    originals = [lex.words[int(i)] for i in lex.originals(lex.id("items"))[0]]
    assert "units" in originals
    assert lex.id("no-such-word-xyz") is None
    assert lex.bigram(lex.id("artificial"), lex.id("intelligence")) > 4


def test_findings_say_why(seed_reports):
    finding = finding_for(seed_reports[SPUN_SEED.name], "graphics processing items")
    assert "the original restores the initials of the acronym that follows" in finding.evidence
    assert all(f.evidence for f in seed_reports[SPUN_SEED.name].findings)


def test_a_spun_name_beside_the_real_one_is_found_and_sibling_names_are_not():
    from spindetect.scanner import scan_text

    spun = ("The report first appeared in Business Insider on Monday. Later that day, a spokesman told "
            "Enterprise Insider that the company would not comment on the deal.")
    [finding] = scan_text(spun).findings
    assert (finding.text, finding.suggestions[0]) == ("Enterprise", "Business")
    siblings = ("Talks between North Korea and South Korea resumed on Monday. Officials from South Korea said "
                "the meeting went well, and North Korea agreed to meet again.")
    assert scan_text(siblings).findings == []


def test_a_lone_letter_is_never_reported():
    import numpy as np

    from spindetect.detect import findings, pipeline
    text = "Charles Pabor and George R. Reilly sang."
    analysis = pipeline.analyse_candidates(lexicon.load(), text)
    letter = [k for k, c in enumerate(analysis.candidates) if analysis.tokens[c.first].text == "R"]
    assert letter                                   # a candidate: the models' context counts it
    probabilities = np.zeros(len(analysis.candidates))
    probabilities[letter] = 0.99
    assert findings.greedy_choice(analysis, probabilities, 0.5) == []


def test_texts_of_one_or_two_candidates_are_analysed():
    from spindetect.detect import lexicon, pipeline
    lex = lexicon.load()
    for text in ("word", "profound", "profound learning", "Profound.", ""):
        analysis = pipeline.analyse_candidates(lex, text)
        assert len(analysis.features) == len(analysis.candidates)


@pytest.mark.parametrize("text", [
    "Elaine nodded.", "Shayne nodded grimly.", "Rachel grinned slyly.",       # held-out sentences once judged spun, 1.00
    "Teaching guides are included with each record.", "Plain clean text about a firm."])
def test_a_clean_sentence_or_two_is_not_judged_spun(text):
    report = scan_text(text)
    assert report.verdict == "clean" and not report.findings


def test_a_short_text_still_shows_a_clear_substitution():
    report = scan_text("The tech mogul just lately bought graphics processing items.")
    assert report.verdict != "clean"
    assert finding_for(report, "lately").suggestions[0].endswith("recently bought")


def test_a_text_analysed_in_segments_reports_what_the_whole_text_does(monkeypatch):
    # memory follows the segment, not the text; the segments hold whole blocks, so the report
    # (score, findings, offsets) is the whole text's
    from spindetect.detect import tokens
    seeds = sorted(SPUN_SEED.parent.glob("*.txt"))
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in seeds * 4)
    whole = scan_text(text, with_readability=False)
    whole_low = scan_text(text, with_readability=False, min_confidence=0.3)
    monkeypatch.setattr(tokens, "SEGMENT_CHARS", 20_000)
    assert len(tokens.segments(text)) >= 3
    parts = scan_text(text, with_readability=False)
    assert parts.findings and parts.to_dict() == whole.to_dict()
    # a user's threshold applies to every segment alike; lower down, where more candidates are
    # reported, a few confidences differ in the fourth decimal (a block's topical fit is computed
    # beside other blocks than in the whole text: float rounding in the matrix product)
    parts_low = scan_text(text, with_readability=False, min_confidence=0.3)
    assert len(parts_low.findings) > len(parts.findings)
    assert [(f.start, f.end, f.suggestions) for f in parts_low.findings] == \
        [(f.start, f.end, f.suggestions) for f in whole_low.findings]
    assert max(abs(a.confidence - b.confidence) for a, b in zip(parts_low.findings, whole_low.findings)) < 1e-3
    # a text of many short words within SEGMENT_CHARS is cut by its tokens, with the same report
    monkeypatch.setattr(tokens, "SEGMENT_CHARS", 10 ** 9)
    monkeypatch.setattr(tokens, "SEGMENT_TOKENS", 4_000)
    assert len(tokens.dense_segments(text, len(tokens.tokenize(text)))) >= 3
    assert scan_text(text, with_readability=False).to_dict() == whole.to_dict()


def test_the_flat_api_takes_the_same_options_as_the_full_one():
    # spindetect.scan_text is the one-line entry point: it must not drop the options
    import spindetect
    from tests.conftest import SPUN_SEED
    text = SPUN_SEED.read_text(encoding="utf-8")
    default = spindetect.scan_text(text)
    lower = spindetect.scan_text(text, min_confidence=0.3)
    assert len(lower.findings) > len(default.findings) and lower.verdict == default.verdict
    assert spindetect.scan_text(text, with_readability=False).quality == {}


def test_a_joint_pair_shows_the_likeliest_collocation_not_the_rarest(seed_reports):
    # "newly acquired" is further above chance (PMI), "recently acquired" the likelier pair
    finding = finding_for(seed_reports[SPUN_SEED.name], "lately acquired")
    assert finding.suggestions[0] == "recently acquired"
    assert "the originals of neighbouring words form an established phrase" in finding.evidence


def test_two_evidence_pairs_over_the_same_words_are_one_finding_even_at_a_sentence_start():
    # a joint pair at the text's (or a sentence's) first word: both members extend over the
    # pair; findings never overlap, so their extents are one finding
    from types import SimpleNamespace

    import numpy as np

    from spindetect.detect import findings
    from spindetect.detect.candidates import FEATURES, Candidate
    tokens = tokenize("Enormous phases were seen. Personal sources agreed.")
    first, second = (Candidate(i, i, np.zeros(len(FEATURES), np.float32), originals=["x"]) for i in (0, 1))
    first.extend_right = second.extend_left = True
    third, fourth = (Candidate(i, i, np.zeros(len(FEATURES), np.float32), originals=["y"]) for i in (5, 6))
    third.extend_right = fourth.extend_left = True
    chosen = [(0, 0, first, 0.9), (1, 1, second, 0.6), (5, 5, third, 0.8), (6, 6, fourth, 0.7)]
    groups = findings._group(chosen, SimpleNamespace(phrases=[]), tokens)
    assert [(lo, hi, len(members)) for lo, hi, members in groups] == [(0, 1, 2), (5, 6, 2)]

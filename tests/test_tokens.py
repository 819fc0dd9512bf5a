import re
import sys

import pytest

from spindetect.detect.tokens import tokenize, word_count
from tests.conftest import SEEDS


def test_offsets_point_at_the_token():
    text = "Elon Musk’s firm, as of 2022, bought 10,000 GPUs."
    for tok in tokenize(text):
        assert text[tok.start:tok.end] == tok.text


def test_apostrophes_are_folded_in_the_normal_form():
    assert [t.norm for t in tokenize("Musk’s plan")] == ["musk's", "plan"]


def test_normal_forms_made_at_once_are_each_words_own():
    from spindetect.detect.tokens import normalise
    text = "ΣΟΦΊΑ İstanbul DON’T Straße ǅemal 3RD x1 MIXed O'Neil’s ÀÉ ﬁne \x00 naïve Ωmega"
    tokens = tokenize(text + " " + SEEDS.joinpath("003_5f08b8486e8b9ceb.txt").read_text(encoding="utf-8"))
    assert tokens.norms == [normalise(word) for word in tokens.words] and "don't" in tokens.norms
    assert tokenize("").norms == []


def test_punctuation_breaks_the_run_but_hyphens_and_spaces_do_not():
    toks = tokenize("large-scale models, however")
    assert [t.brk for t in toks] == [True, False, False, True]


def test_sentence_starts():
    toks = tokenize("One thing. Another thing\n\nThird")
    assert [t.text for t in toks if t.sent_start] == ["One", "Another", "Third"]


def test_word_count_counts_words_and_numbers():
    assert word_count("It cost $10,000 in 2023.") == 5
    assert word_count("") == 0


def test_letters_and_digits_written_together_are_one_token():
    text = "the 18th green in the 1990s, a B52 and mp3 files at 3.5km; 4-to-o"
    assert [t.text for t in tokenize(text)] == ["the", "18th", "green", "in", "the", "1990s", "a", "B52", "and",
                                                "mp3", "files", "at", "3.5km", "4", "to", "o"]
    assert word_count(text) == 16


def test_columns_and_tokens_agree():
    text = "  Dr. O’Neil’s team—in 2023—said: “deep-learning   works”; ٣ items.\n\nNext"
    tokens = tokenize(text)
    as_list = list(tokens)
    assert len(tokens) == len(as_list) == word_count(text)
    assert [t.text for t in as_list] == tokens.words == ["Dr", "O’Neil’s", "team", "in", "2023", "said", "deep",
                                                          "learning", "works", "٣", "items", "Next"]
    assert [t.norm for t in as_list] == tokens.norms and tokens.norms[1] == "o'neil's"
    assert [t.brk for t in as_list] == tokens.brk == [True, True, False, True, False, True, True, False, False,
                                                      True, False, True]
    assert [t.sent_start for t in as_list] == tokens.sent_start
    assert [text[t.start:t.end] for t in as_list] == tokens.words
    assert tokens[1] == as_list[1] and tokens[-1] == as_list[-1] and tokens[2:5] == as_list[2:5]
    assert tokens == as_list and tokenize("") == [] and list(tokenize(" . ")) == []


def test_a_digit_outside_ascii_is_neither_a_word_nor_a_capital():
    from spindetect.detect import lexicon
    from spindetect.detect.candidates import token_ids
    from spindetect.detect.tokens import capitals
    tokens = tokenize("٣ Apples and 7 pears")
    assert capitals(tokens).tolist() == [False, True, False, False, False]
    ids = token_ids(lexicon.load(), tokens)
    assert ids[0] == -1 and ids[3] == -1 and min(ids[[1, 2, 4]]) >= 0


def test_segments_cut_where_whole_blocks_begin_and_cover_the_text():
    from spindetect.detect import tokens as module
    text = " ".join(f"w{n % 97}x, and" for n in range(30_000))       # 60,000 tokens
    pieces = module.segments(text, size=50_000)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text) and len(pieces) > 3
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))    # contiguous, nothing lost
    starts = {t.start: i for i, t in enumerate(tokenize(text))}
    for start, _ in pieces[1:]:
        assert start in starts and starts[start] % module.SEGMENT_ALIGN == 0
    assert len(text) - pieces[-1][0] > 25_000                        # no short tail of its own
    assert module.segments("short text") == [(0, 10)]
    assert module.segments("x" * 200_000, size=50_000) == [(0, 200_000)]   # no token to cut at


def test_segments_are_cut_where_a_sentence_begins_when_a_cut_point_does():
    # no word pair, phrase or name may span a cut: of the tokens a segment may begin at, the
    # last that begins a sentence is taken, else the last one
    from spindetect.detect import tokens as module
    words = [f"w{n % 89}x" for n in range(10_000)]
    words[1_999] += "."                                   # token 2,000 begins a sentence
    text = " ".join(words)
    first_cut = module.segments(text, size=30_000)[0][1]  # the window holds tokens 2,000 to 6,000
    index = {t.start: i for i, t in enumerate(tokenize(text))}
    assert index[first_cut] == 2_000 and tokenize(text)[2_000].sent_start
    plain = " ".join(w.rstrip(".") for w in words)        # no sentence: the last cut point
    starts = tokenize(plain).starts
    last = max(k for k in range(0, len(starts), module.SEGMENT_ALIGN) if starts[k] < 30_000)
    assert last > 2_000 and module.segments(plain, size=30_000)[0][1] == starts[last]


def test_segment_alignment_holds_whole_blocks_and_topic_blocks():
    from spindetect.detect.candidates import TOPIC_BLOCK
    from spindetect.detect.tokens import BLOCK_TOKENS, SEGMENT_ALIGN
    assert SEGMENT_ALIGN % BLOCK_TOKENS == 0 and SEGMENT_ALIGN % TOPIC_BLOCK == 0


@pytest.mark.skipif(sys.version_info < (3, 11), reason="possessive quantifiers need Python 3.11")
def test_the_possessive_token_pattern_finds_the_same_tokens():
    from spindetect.detect import tokens as module
    plain, possessive = re.compile(module.TOKEN_PATTERN), re.compile(module.TOKEN_PATTERN_POSSESSIVE)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("18th 1990s B52 mp3 1,000.5kg 3.14. It’s don't rock'n'roll ٣ Apples 7 pears a-b -- "
                 "1.2.3,4, x'y'z ’s 'quoted' 12abc34de 5'6 a1b2'c Z9.9.x")
    for text in texts:
        assert possessive.findall(text) == plain.findall(text) and possessive.split(text) == plain.split(text)


def test_segments_hold_at_most_segment_tokens_tokens(monkeypatch):
    # a text of short words is denser than SEGMENT_CHARS assumes: memory follows the tokens
    from spindetect.detect import tokens as module
    monkeypatch.setattr(module, "SEGMENT_TOKENS", 5_000)
    text = "a b. " * 12_000                                   # 36,000 tokens in 60,000 characters
    starts = [m.start() for m in module._TOKEN.finditer(text)]

    def counts(pieces):
        return [sum(start <= s < end for s in starts) for start, end in pieces]
    windows = module.segments(text, size=30_000)               # 18,000 tokens would fit a window
    assert len(windows) > 2 and max(counts(windows)[:-1]) <= 5_000 and windows[-1][1] == len(text)
    dense = module.dense_segments(text, len(starts))
    assert len(dense) > 5 and max(counts(dense)) <= 5_000 * 3 // 2 and dense[-1][1] == len(text)
    assert module.dense_segments("a b c", 3) == [(0, 5)]

from spindetect.analyse.tokens import tokenize, word_count


def test_offsets_point_at_the_token():
    text = "Elon Musk’s firm, as of 2022, bought 10,000 GPUs."
    for tok in tokenize(text):
        assert text[tok.start:tok.end] == tok.text


def test_apostrophes_are_folded_in_the_normal_form():
    assert [t.norm for t in tokenize("Musk’s plan")] == ["musk's", "plan"]


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

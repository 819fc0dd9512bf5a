"""Held-out clean text by genre, from an NLTK data directory or the user's own folder.

The shipped models were trained on movie_reviews, ABC rural news and three webtext files
(``spindetect.datafiles.train.TRAIN_SOURCES``); none of those is used here. Genres:

- news: the Penn Treebank WSJ sample and Brown's press sections (A-C);
- science: ABC science news and Brown's learned section (J);
- fiction: Brown's fiction sections (K-R);
- speech: State of the Union addresses and inaugural addresses.

``UNSEEN`` names the corpora no part of spindetect saw (the lexicon's bigram statistics did
read Brown, state_union and inaugural; the classifier read none of these). Documents are cut at
paragraph breaks into 250-800 words, as in training, and drawn with a fixed seed.
"""
from __future__ import annotations

import random

from ..datafiles.train import chunk_words, folder_documents

GENRES = ("news", "science", "fiction", "speech")
BROWN = {"news": ["news", "editorial", "reviews"], "science": ["learned"],
         "fiction": ["fiction", "mystery", "science_fiction", "adventure", "romance", "humor"]}
UNSEEN = ("treebank", "abc science")


def use_nltk_data(directory: str | None) -> None:
    """NLTK reads corpora only from its data path: put ``directory`` first on it."""
    import nltk
    if directory and directory not in nltk.data.path:
        nltk.data.path.insert(0, directory)


def brown_texts(categories: list[str] | None = None) -> list[tuple[str, str]]:
    """Brown as running text (its raw files carry part-of-speech tags), one text per file."""
    from nltk.corpus import brown
    return [("brown", "\n\n".join(" ".join(" ".join(s) for s in para) for para in brown.paras(f)))
            for f in brown.fileids(categories=categories)]


def treebank_texts() -> list[tuple[str, str]]:
    """The WSJ sample as running text, without the parser's trace tokens."""
    from nltk.corpus import treebank
    return [("treebank", " ".join(" ".join(w for w in s if not w.startswith("*") and w not in ("0", "-NONE-"))
                                   for s in treebank.sents(f))) for f in treebank.fileids()]


def _raw(corpus_name: str, fileids: list[str] | None = None, label: str | None = None) -> list[tuple[str, str]]:
    import nltk
    corpus = getattr(nltk.corpus, corpus_name)
    return [(label or corpus_name, corpus.raw(f)) for f in (fileids or corpus.fileids())]


def _sources(genre: str) -> list[tuple[str, str]]:
    if genre == "news":
        return treebank_texts() + brown_texts(BROWN["news"])
    if genre == "science":
        return _raw("abc", ["science.txt"], "abc science") + brown_texts(BROWN["science"])
    if genre == "fiction":
        return brown_texts(BROWN["fiction"])
    return _raw("state_union") + _raw("inaugural")


def held_out(genres: tuple[str, ...], per_genre: int, seed: int) -> list[tuple[str, str, str]]:
    """(genre, corpus, text) documents, ``per_genre`` of each, the corpora mixed evenly."""
    out = []
    for genre in genres:
        rng = random.Random(f"{seed}-{genre}")
        by_corpus: dict[str, list[str]] = {}
        for corpus, text in _sources(genre):
            low = 150 if corpus == "treebank" else 250
            pieces = chunk_words(text, rng, low, 800) if corpus != "treebank" else [text]
            by_corpus.setdefault(corpus, []).extend(p for p in pieces if len(p.split()) >= low)
        for docs in by_corpus.values():
            rng.shuffle(docs)
        names = sorted(by_corpus)
        picked, k = [], 0
        while len(picked) < per_genre and any(by_corpus.values()):
            name = names[k % len(names)]
            if by_corpus[name]:
                picked.append((genre, name, by_corpus[name].pop()))
            k += 1
        out.extend(picked)
    return out


def from_folder(folder: str, limit: int, seed: int) -> list[tuple[str, str, str]]:
    """The user's own clean texts (*.txt, *.md) as one genre, ``custom``."""
    return [("custom", str(folder), d) for d in folder_documents(folder, random.Random(seed), limit, low=150)]

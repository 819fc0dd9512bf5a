"""Held-out clean text by genre, from an NLTK data directory or the user's own folder.

The shipped models were trained on movie_reviews, ABC rural news and three webtext files
(``TRAIN_SOURCES``, cut into documents by ``corpus_documents``); none of those is held out. Genres:

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
from pathlib import Path

GENRES = ("news", "science", "fiction", "speech")
BROWN = {"news": ["news", "editorial", "reviews"], "science": ["learned"],
         "fiction": ["fiction", "mystery", "science_fiction", "adventure", "romance", "humor"]}
UNSEEN = ("treebank", "abc science")
TRAIN_SOURCES = (("movie_reviews", None), ("abc", ["rural.txt"]), ("webtext", ["firefox.txt", "overheard.txt", "wine.txt"]))


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


def chunk_words(text: str, rng: random.Random, low: int = 250, high: int = 800) -> list[str]:
    """Cut text into documents at paragraph (or line) boundaries."""
    paragraphs = [p.strip() for p in text.replace("\r", "").split("\n\n") if p.strip()]
    if len(paragraphs) < 3:
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    docs, current, size, target = [], [], 0, rng.randint(low, high)
    for para in paragraphs:
        current.append(para)
        size += len(para.split())
        if size >= target:
            docs.append("\n\n".join(current))
            current, size, target = [], 0, rng.randint(low, high)
    if size >= low:
        docs.append("\n\n".join(current))
    return docs


def corpus_documents(sources, rng: random.Random, limit: int | None) -> list[str]:
    import nltk
    docs = []
    for name, fileids in sources:
        corpus = getattr(nltk.corpus, name)
        ids = fileids or corpus.fileids()
        if name == "movie_reviews":   # one review per file: join a few into a document
            texts = ["\n\n".join(corpus.raw(f) for f in ids[k:k + 2]) for k in range(0, len(ids), 2)]
        else:
            texts = [corpus.raw(f) for f in ids]
        for text in texts:
            docs.extend(chunk_words(text, rng))
    rng.shuffle(docs)
    return docs[:limit] if limit else docs


FOLDER_LOW = 250        # words: a training document cut from a folder's text is at least this long


class NoTexts(ValueError):
    """A training folder without a usable text."""


def folder_documents(folder: str, rng: random.Random, limit: int | None, low: int = FOLDER_LOW) -> list[str]:
    """Clean documents from a folder of text files (*.txt, *.md), cut like the corpora; a file
    too short to cut counts whole when it has ``low`` // 3 words or more."""
    docs = []
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and path.suffix.lower() in (".txt", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
            docs.extend(chunk_words(text, rng, low) or ([text] if len(text.split()) >= low // 3 else []))
    rng.shuffle(docs)
    return docs[:limit] if limit else docs

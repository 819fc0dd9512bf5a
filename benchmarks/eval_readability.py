"""How close the sampled readability figures of long texts are to the whole texts' figures.

    NLTK_DATA=../shared/nltk_data python -m benchmarks.eval_readability [--words 20000 15000 10000]

``readability.figures`` computes the figures of a text over ``SAMPLE_WORDS`` words from an even
sample of its units (paragraphs; lines and sentences of long ones) and estimates its distinct
difficult words. Here every long text of the corpora in ../shared/nltk_data (each Brown
category, ABC rural and science news, the State of the Union addresses, the inaugural
addresses, two web-text files and all six, 300 movie reviews, the treebank sample) is measured
whole by textstat and through the sample, for each sample size asked: per figure, the median
and largest absolute difference; for the difficult words, the median and largest relative
error; and the median time of ``quality`` (warm caches). Deterministic.
"""
from __future__ import annotations

import argparse
import statistics
import time

from spindetect.readability import figures as module  # noqa: E402

SHOWN = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
         "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score")


def long_texts(min_words: int = 25_000) -> dict[str, str]:
    from nltk.corpus import (
        abc,
        brown,
        inaugural,
        movie_reviews,
        state_union,
        treebank,
        webtext,
    )
    texts = {f"brown {c}": "\n\n".join(" ".join(" ".join(s) for s in p) for p in brown.paras(categories=c))
             for c in brown.categories()}
    texts["abc rural"], texts["abc science"] = abc.raw("rural.txt"), abc.raw("science.txt")
    texts["state of the union"] = "\n\n".join(state_union.raw(f) for f in state_union.fileids())
    texts["inaugural"] = "\n\n".join(inaugural.raw(f) for f in inaugural.fileids())
    for name in ("firefox.txt", "overheard.txt"):
        texts[f"webtext {name}"] = webtext.raw(name)
    texts["webtext, all six"] = "\n\n".join(webtext.raw(f) for f in webtext.fileids())
    texts["movie reviews"] = "\n\n".join(movie_reviews.raw(f) for f in movie_reviews.fileids()[:300])
    texts["treebank"] = "\n\n".join(" ".join(treebank.words(f)) for f in treebank.fileids())
    return {name: text for name, text in texts.items() if len(text.split()) >= min_words}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[module.SAMPLE_WORDS])
    args = parser.parse_args()
    texts = long_texts()
    ts = module._textstat()
    module.quality("Caches made before timing.")
    whole = {}
    for name, text in texts.items():
        figures = {m: float(getattr(ts, m)(text)) for m in SHOWN + ("difficult_words",)}
        for cached in module._WIDE_CACHES:
            cached.cache_clear()
        whole[name] = figures
    print(f"{len(texts)} texts of {min(len(t.split()) for t in texts.values()):,}-"
          f"{max(len(t.split()) for t in texts.values()):,} words")
    default = module.sample_paragraphs.__defaults__
    try:
        for words in args.words:
            module.sample_paragraphs.__defaults__ = (words,)
            differences = {m: [] for m in SHOWN}
            errors, times = [], []
            for name, text in texts.items():
                start = time.perf_counter()
                sampled = module.quality(text)
                times.append(time.perf_counter() - start)
                for m in SHOWN:
                    differences[m].append(abs(sampled[m] - whole[name][m]))
                errors.append(abs(sampled["difficult_words"] - whole[name]["difficult_words"])
                              / whole[name]["difficult_words"])
            print(f"sample of {words:,} words: quality {1000 * statistics.median(times):.0f} ms (median)")
            for m in SHOWN:
                print(f"  {m:30s} median {statistics.median(differences[m]):5.2f}  largest {max(differences[m]):5.2f}")
            print(f"  {'difficult_words (relative)':30s} median {statistics.median(errors):5.1%}  "
                  f"largest {max(errors):5.1%}")
    finally:
        module.sample_paragraphs.__defaults__ = default
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

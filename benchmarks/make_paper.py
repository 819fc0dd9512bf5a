"""Write fixtures/papers/tortured-paper.pdf: a real-looking two-column paper made from our own
science texts, spun by our spinner (no text from elsewhere).

    python -m benchmarks.make_paper        # needs reportlab (pip install -e '.[test]')

Title, authors and abstract over the full width, two columns drawn line by line across the
page (so the file's drawing order is not the reading order), a running head, page numbers, a
word hyphenated at line ends, and a references section whose cited titles are spun too. The
spinner's truth (what was replaced, in the unlaid-out text) goes beside it as .truth.json.
"""
from __future__ import annotations

import json
from pathlib import Path

from spindetect.spinner import spin
from tests.documents import paper_pdf

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "papers" / "tortured-paper.pdf"
SOURCES = ["archive_ml/crop_yield.txt", "archive_ml/land_cover.txt", "archive_ml/stream_flow.txt",
           "clean/science_forest.txt", "clean/science_sleep.txt"]


def main() -> None:
    paragraphs = []
    tortured = (ROOT / "fixtures" / "spun" / "science_tortured.txt").read_text(encoding="utf-8").split("\n\n")
    title, body = tortured[0].strip(), [p.strip() for p in tortured[1:] if p.strip()]
    changes = []
    for n, name in enumerate(SOURCES * 2):
        text = (ROOT / "fixtures" / name).read_text(encoding="utf-8")
        spun = spin(text.split("\n\n", 1)[1], "thesaurus", 0.15, seed=n)
        changes += [{"text": c.text, "original": c.original} for c in spun.changes]
        paragraphs += [p.strip() for p in spun.text.split("\n\n") if p.strip()]
    abstract = "Abstract. " + body[0]
    paper_pdf(OUT, body[1:] + paragraphs, columns=2, header="Proceedings of Synthetic Results, Vol. 7 (2026)",
              preamble=[title, "A. Author, B. Author and C. Author", abstract],
              hyphenate={"profound": ("pro-", "found"), "information": ("infor-", "mation")},
              references=["Smith, J. and Lee, K. Profound neural networks for soil dampness in keeping with "
                          "satellite images. Journal of Synthetic Results, 12(3), 2021.",
                          "Garcia, M. Irregular backwoods and gradient boosting for crop yield. 2019."])
    OUT.with_suffix(".truth.json").write_text(json.dumps(changes, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes, {len(changes)} spun phrases in the body)")


if __name__ == "__main__":
    main()

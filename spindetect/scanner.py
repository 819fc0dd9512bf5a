"""One scan's options, and the scan: ``Scanner(min_confidence=0.3).scan(text, path)``.

``Scanner`` is the one place a scan's options are declared: ``spindetect.scan_text``, ``scan``
(and its batch engines), ``check`` (``Policy.scanner``) and ``eval`` all make one, and each
option travels from there to the one place that uses it.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import lru_cache

from .core.forked import Later
from .core.types import DocumentReport, InputError, Layout, SetupError, SourceFile, merge_findings
from .detect import lexicon, model, phraselist, pipeline
from .ingest.markup import Prose, is_html, prose_of
from .readability.figures import quality

PARALLEL_MIN_CHARS = 60_000      # ~10,000 words; shorter texts gain less from helper processes than forks cost


@dataclass(frozen=True)
class Scanner:
    """What to scan with, and nothing else: a Scanner pickles (for worker processes) and two with
    the same options are equal. What the options name (the lexicon, the models, phrase lists, an
    index) is loaded once per process, when first needed (``load``).

    - ``min_confidence`` (0-1) replaces the models' finding thresholds: lower shows more of a
      spun text's likely substitutions, at lower precision (README, "Sensitivity").
    - ``phrase_lists``: paths of known-phrase lists (Problematic Paper Screener CSV); a document
      with a match is at least ``suspect``.
    - ``index``: path of a reference index (``spindetect index build``): the collection's phrases
      join the detector's knowledge and the report carries the best sources found.
    - ``model``: path of a model file (``spindetect train -o``) instead of the shipped one.
    - ``with_readability``: False skips the readability figures (a third of the time on short texts).
    - ``honour_suppressions``: text inside ``spindetect-disable`` comments is left out.
    - ``context``: the language model re-reads the likeliest candidates in their real context
      (``detect.context``; needs ``pip install 'spindetect[lm]'`` and the model package, README
      "Context mode"): more of a spun text found, better originals, far slower.
    - ``skip_references``: a PDF's or Word document's references section (``Layout.references``)
      is left out: tortured phrases in the titles of cited works are not the paper's own.
    - ``workers`` > 1: a long text (PARALLEL_MIN_CHARS of prose) uses helper processes for its
      readability figures, its phrase candidates and half of its single-word candidates (the
      same report, less wall time).
    """
    min_confidence: float | None = None
    phrase_lists: tuple[str, ...] = ()
    index: str | None = None
    model: str | None = None
    with_readability: bool = True
    honour_suppressions: bool = False
    workers: int = 1
    context: bool = False
    skip_references: bool = False

    def __post_init__(self):
        object.__setattr__(self, "phrase_lists", tuple(self.phrase_lists))    # a list given: hashable

    def replace(self, **changes) -> Scanner:
        """A Scanner with some options changed."""
        return dataclasses.replace(self, **changes)

    def load(self) -> None:
        """Load what the options name now (raises ``InputError`` for a bad list or index): a
        worker's start, or a check before any work."""
        lexicon.load()
        _models(self.model)
        phraselist.load_matcher(self.phrase_lists)
        self._index()
        self._lm()

    def _lm(self):
        if not self.context:
            return None
        if self.workers > 1:                   # the model's reading split with a forked child
            from .lm.scorer import InTwoProcesses
            return InTwoProcesses(_language_model())
        return _language_model()

    def _index(self):
        if self.index is None:
            return None
        from .index.search import open_index
        return open_index(self.index)

    def scan(self, text: str, path: str = "<text>", warnings: list[str] | None = None,
             layout: Layout | None = None) -> DocumentReport:
        """Scan one document. HTML and Markdown (by the path's extension) are analysed with their
        markup blanked out; offsets in the findings index ``text`` either way. ``warnings``: what
        reading the file noticed, carried into the report; ``layout``: a PDF's or Word
        document's pages or paragraphs (``scan_source`` passes them)."""
        read = prose_of(text, path, self.honour_suppressions) if layout is None else Prose(text)
        prose = read.text
        skipping = bool(self.skip_references and layout is not None and layout.references)
        if skipping:
            start, end = layout.references
            prose = prose[:start] + "".join(c if c == "\n" else " " for c in prose[start:end]) + prose[end:]
        helper = self.workers > 1 and len(prose) >= PARALLEL_MIN_CHARS
        figures = _quality_later(prose, helper) if self.with_readability else None   # forked first: it takes longest
        index = self._index()
        lex = index.lexicon() if index is not None else lexicon.load()
        found = pipeline.detect(lex, _models(self.model), prose, text, helper, self.min_confidence, self._lm())
        findings, words = found.findings, found.words
        matcher = phraselist.load_matcher(self.phrase_lists)
        listed = matcher.find(prose) if matcher is not None else []
        if listed:
            findings = merge_findings(listed, findings)
        source, verdict = None, found.verdict
        if listed and verdict == "clean":
            verdict = "suspect"         # a phrase from the user's own list: the document needs a look
        if index is not None:
            from .index import evidence
            source = index.source_report(prose, lex)
            if source is not None:
                findings = evidence.with_source(findings, source, prose, text)
                source.spun_copy = evidence.is_spun_copy(source, words)
                verdict = "spun" if source.spun_copy else verdict
        return DocumentReport(
            path=path, text=text, words=words, spin_score=found.spin_score, verdict=verdict,
            findings=findings, warnings=list(warnings or []) + read.notes,
            readable=read.text if layout is None and is_html(path) else None,
            quality=figures.result() if figures is not None else {},
            source=source, indexed=index is not None, layout=layout, references_skipped=skipping,
        )

    def scan_source(self, source: SourceFile) -> DocumentReport:
        """Scan what ``ingest.files.read`` returned: its text, warnings and layout."""
        return self.scan(source.text, source.path, source.warnings, source.layout)


def scan_text(text: str, path: str = "<text>", **options) -> DocumentReport:
    """Scan one document with ``Scanner(**options)``."""
    return Scanner(**options).scan(text, path)


def scan_file(path: str, **options) -> DocumentReport:
    """Read a file as ``spindetect scan`` does (text, Markdown, HTML, PDF or Word) and scan it
    with ``Scanner(**options)``; InputError for a file that cannot be read or is skipped."""
    from .ingest.files import Skipped, read

    source = read(str(path))
    if isinstance(source, Skipped):
        raise InputError(str(path), source.reason)
    return Scanner(**options).scan_source(source)


@lru_cache(maxsize=4)
def _models(path: str | None) -> model.Models:
    if path is None:
        return model.load()
    from .detect.scoring import check_models
    models = model.from_file(path)
    check_models(models, path)
    return models


@lru_cache(maxsize=1)
def _language_model():
    """The language model, loaded once per process (``SetupError`` when it is not installed)."""
    from .lm import weights
    try:
        from .lm.scorer import LanguageModel
        return LanguageModel.load()
    except (weights.NoModel, ImportError) as error:
        raise SetupError(f"--context: {error}") from None


def _quality_later(prose: str, fork: bool) -> Later[dict[str, float]]:
    return Later(lambda: quality(prose), lambda figures: json.dumps(figures).encode("utf-8"), json.loads, fork)

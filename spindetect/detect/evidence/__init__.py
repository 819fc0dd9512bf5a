"""In-document evidence, one module per kind; each kind is a function ``mark(context) -> Marks``.

A kind reads the document (``Context``: its tokens, word ids and single-word candidates, with
the originals ranked so far) and says what it found as ``Marks``: feature values, originals to
put first, neighbouring words that form one phrase, token ranges a finding grows to cover, and
the candidates it marks as evidence the span model never saw (weighed in scoring by the kind's
likelihood ratio, explained in findings by its reason). ``apply`` is the one place that writes
marks into the candidates. The pipeline (``detect.pipeline.EVIDENCE``) runs the kinds in order,
applying each kind's marks before the next reads the candidates, so a later kind sees the
originals an earlier one moved. Adding a kind is adding a module with ``mark`` and a line there.

Kinds only ever mark single-word candidates (``SingleWords``, by token index).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..candidates import FEATURES, SingleWords
from ..lexicon import Lexicon
from ..tokens import Tokens

# the feature columns evidence sets: a candidate whose features are recomputed for a new best
# original (``Marks.refeature``) keeps them
EVIDENCE_FEATURES = ("joint_pair", "acronym")


@dataclass
class Context:
    """What every kind of evidence reads: the document and its single-word candidates."""
    lex: Lexicon
    text: str
    tokens: Tokens
    ids: np.ndarray          # word id per token (-1: none), ``candidates.token_ids``
    capital: np.ndarray      # per token: written with a capital first letter
    singles: SingleWords


@dataclass
class Marks:
    """What one kind of evidence found in a document, by token index."""
    features: list[tuple[int, str, float]] = field(default_factory=list)   # (token, feature, value)
    preferred: list[tuple[int, int]] = field(default_factory=list)   # (token, word id) put first, in order
    joined: list[tuple[int, int]] = field(default_factory=list)      # (token, token + 1): one phrase
    phrases: list[tuple[int, int]] = field(default_factory=list)     # (first, last): a finding inside covers it
    marked: list[int] = field(default_factory=list)      # candidates the kind marks (``ratio``, ``reason``)
    ratio: float | None = None       # likelihood ratio of a mark, applied on the span model's odds
    reason: str | None = None        # a mark's reason, as a finding's evidence gives it
    refeature: bool = False          # a marked candidate's features follow its new best original


def apply(singles: SingleWords, marks: Marks) -> None:
    """Write ``marks`` into the candidates: feature values, then originals put first (in the
    order given: the last one put first is the best), then phrase extensions."""
    for token, name, value in marks.features:
        singles[token].features[FEATURES.index(name)] = value
    for token, word_id in marks.preferred:
        singles[token].put_first(word_id)
    for left, right in marks.joined:
        singles[left].extend_right = singles[right].extend_left = True

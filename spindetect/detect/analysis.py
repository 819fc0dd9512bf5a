"""What analysing a text gives scoring and findings: its tokens, candidates, features and marks."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .candidates import CandidateList
from .tokens import Tokens


@dataclass
class Marked:
    """One kind of evidence's marks, per candidate, with how scoring and findings use them."""
    candidates: np.ndarray        # bool per candidate (single words marked by the kind)
    ratio: float | np.ndarray     # likelihood ratio on the span model's odds (``scoring``), or one per candidate
    reason: str | None = None     # as a finding's evidence gives it (``findings``)


@dataclass
class Analysis:
    tokens: Tokens
    candidates: CandidateList
    features: np.ndarray              # one row per candidate (``candidates.FEATURES``)
    phrases: list[tuple[int, int]] = field(default_factory=list)   # (first, last) token: a finding inside covers it
    marked: dict[str, Marked] = field(default_factory=dict)       # by kind of evidence, in the pipeline's order

    def marks_of(self, kind: str) -> np.ndarray | None:
        """The candidates ``kind`` (an evidence module's name: "names") marked; None when none."""
        found = self.marked.get(kind)
        return None if found is None else found.candidates

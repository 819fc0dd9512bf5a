"""The baseline: an exact-match list of the spins seen in training, as a Problematic Paper
Screener-style list would know them.

Training documents are spun with the profile and rate under test (other seeds, other texts);
every change becomes a fingerprint: the spun words plus the next word when the change is a
single word ("synthetic intelligence"), with the original in the same context as its expected
text. Like a curated list, it keeps only phrases that do not occur in the clean training texts
(an ordinary phrase a spinner happened to produce is not a fingerprint). A test document is
flagged when it contains any listed phrase, which is how such screeners flag a paper; its score
is the number of matches per 1,000 words.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.types import Finding
from ..detect.tokens import tokenize
from ..spinner import spin


@dataclass
class Baseline:
    phrases: dict[tuple[str, ...], str]      # lowercased words -> expected text
    longest: int

    def find(self, text: str) -> list[Finding]:
        tokens = tokenize(text)
        words = tokens.norms
        out, i = [], 0
        while i < len(tokens):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                key = tuple(words[i:i + n])
                if key in self.phrases and not any(tokens.brk[i + 1:i + n]):
                    start, end = tokens.starts[i], tokens.ends[i + n - 1]
                    out.append(Finding(start, end, text[start:end], [self.phrases[key]], 1.0, "fingerprint"))
                    i += n - 1
                    break
            i += 1
        return out


def from_training_spins(documents: list[str], profile: str, rate: float, seed: int) -> Baseline:
    phrases: dict[tuple[str, ...], str] = {}
    for k, text in enumerate(documents):
        result = spin(text, profile, rate, seed=seed + k)
        tokens = tokenize(result.text)
        starts = {t.start: n for n, t in enumerate(tokens)}
        for change in result.changes:
            first = starts.get(change.start)
            if first is None:
                continue
            last = first
            while last + 1 < len(tokens) and tokens[last + 1].end <= change.end:
                last += 1
            written, expected = change.text, change.original
            if last == first and last + 1 < len(tokens) and not tokens[last + 1].brk:
                written += " " + tokens[last + 1].text
                expected += " " + tokens[last + 1].text
            key = tuple(t.norm for t in tokenize(written))
            phrases.setdefault(key, expected.lower())
    ordinary = _ngrams(documents, max((len(k) for k in phrases), default=1))
    phrases = {k: v for k, v in phrases.items() if k not in ordinary}
    return Baseline(phrases, max((len(k) for k in phrases), default=1))


def _ngrams(documents: list[str], longest: int) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for text in documents:
        words = [t.norm for t in tokenize(text)]
        for n in range(1, longest + 1):
            out.update(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
    return out

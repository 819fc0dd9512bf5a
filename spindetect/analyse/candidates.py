"""Candidate substitutions and their features.

For every word a thesaurus could have produced, the candidates are the words it could stand
for (the lexicon's reverse thesaurus). Each candidate is scored by how much better it fits the
word's neighbours than the observed word does, under a bigram model on the zipf scale:

    gain = [log P(x | left) + log P(right | x)]_original - [...]_observed

A known bigram gives its table strength; an unseen one is estimated from the two words'
frequencies (independence), capped at the weakest strength the tables keep, minus a penalty.
The best candidate's features (gain, what is known about each side, frequencies, thesaurus
source, evidence elsewhere in the document) go to the span model.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lexicon import MOBY, WORDNET, Lexicon
from .tokens import Token

UNSEEN_PENALTY = 0.5
STRONG_CONTEXT = 4.0     # a token whose both neighbours form pairs this common is left alone
POOL = 16                # ranked originals kept per candidate (the report shows three)
CHANNEL_WEIGHT = 1.0     # log P(spinner writes w | o) ~ -log10(size of o's thesaurus list)

FEATURES = (
    "gain", "left_gain", "right_gain",
    "obs_left_known", "obs_right_known", "alt_left_known", "alt_right_known",
    "obs_left", "obs_right", "alt_left", "alt_right",
    "zipf_observed", "zipf_original", "has_left", "has_right",
    "src_wordnet", "src_moby", "capitalised", "log_alternatives",
    "original_in_doc", "original_pair_in_doc", "acronym", "joint_pair", "is_phrase", "fanout_original",
)


@dataclass
class Candidate:
    first: int                  # token index where the observed span starts
    last: int                   # token index where it ends (inclusive)
    originals: list[str]        # ranked likely originals (lowercase), best first
    features: np.ndarray
    extend_left: bool = False   # the finding takes in the left neighbour (a joint pair)
    extend_right: bool = False


def _side_scores(lex: Lexicon, pair_strength: np.ndarray, zipf_a: np.ndarray, zipf_b: np.ndarray) -> np.ndarray:
    estimate = np.minimum(lex.bigram_floor, zipf_a + zipf_b - 9.0) - UNSEEN_PENALTY
    return np.where(np.isnan(pair_strength), estimate, pair_strength)


def _neighbour_ids(tokens: list[Token], ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    brk = np.array([t.brk for t in tokens], dtype=bool)
    left = np.full(len(ids), -1, dtype=np.int64)
    right = np.full(len(ids), -1, dtype=np.int64)
    if len(ids) > 1:
        left[1:] = np.where(brk[1:], -1, ids[:-1])
        right[:-1] = np.where(brk[1:], -1, ids[1:])
    return left, right


def token_ids(lex: Lexicon, tokens: list[Token]) -> np.ndarray:
    ids = lex.ids([t.norm for t in tokens])
    return np.where([t.is_word for t in tokens], ids, -1) if len(tokens) else ids


class CandidateFinder:
    """Computes candidates for one document."""

    def __init__(self, lex: Lexicon, tokens: list[Token], text: str):
        self.lex = lex
        self.tokens = tokens
        self.text = text
        self.ids = token_ids(lex, tokens)
        self.left, self.right = _neighbour_ids(tokens, self.ids)
        self.doc_words = {t.norm for t in tokens}
        self.doc_pairs = {(a, b) for a, b in zip(self.ids[:-1].tolist(), self.ids[1:].tolist())}

    def _zipf(self, ids: np.ndarray) -> np.ndarray:
        return np.where(ids >= 0, self.lex.zipf_by_id[np.maximum(ids, 0)], 0.0)

    def single_word(self) -> list[Candidate]:
        lex, ids, left, right = self.lex, self.ids, self.left, self.right
        obs_l = lex.bigrams(left, ids)
        obs_r = lex.bigrams(ids, right)
        strong = (np.nan_to_num(obs_l, nan=-1) >= STRONG_CONTEXT) & (np.nan_to_num(obs_r, nan=-1) >= STRONG_CONTEXT)
        tok_rows, orig_ids, src_bits = [], [], []
        for i in np.flatnonzero((ids >= 0) & ~strong).tolist():
            originals, bits = lex.originals(int(ids[i]))
            if len(originals):
                tok_rows.append(np.full(len(originals), i))
                orig_ids.append(originals)
                src_bits.append(bits)
        if not tok_rows:
            return []
        rows = np.concatenate(tok_rows)
        origs = np.concatenate(orig_ids).astype(np.int64)
        bits = np.concatenate(src_bits)
        gains = self._gains(rows, origs, obs_l[rows], obs_r[rows])
        return self._best_per_token(rows, origs, bits, gains, obs_l, obs_r)

    def _gains(self, rows, origs, obs_l, obs_r):
        lex = self.lex
        obs = self.ids[rows]
        lft, rgt = self.left[rows], self.right[rows]
        z_obs, z_orig, z_l, z_r = self._zipf(obs), self._zipf(origs), self._zipf(lft), self._zipf(rgt)
        alt_l = lex.bigrams(lft, origs)
        alt_r = lex.bigrams(origs, rgt)
        has_l, has_r = lft >= 0, rgt >= 0
        left_gain = np.where(
            has_l,
            _side_scores(lex, alt_l, z_l, z_orig) - _side_scores(lex, obs_l, z_l, z_obs),
            z_orig - z_obs,
        )
        right_gain = np.where(
            has_r,
            (_side_scores(lex, alt_r, z_orig, z_r) - z_orig) - (_side_scores(lex, obs_r, z_obs, z_r) - z_obs),
            0.0,
        )
        return {"left": left_gain, "right": right_gain, "alt_l": alt_l, "alt_r": alt_r,
                "z_obs": z_obs, "z_orig": z_orig, "has_l": has_l, "has_r": has_r}

    def _best_per_token(self, rows, origs, bits, g, obs_l, obs_r) -> list[Candidate]:
        total = g["left"] + g["right"]
        fanout = self.lex.fanout_by_id[origs]
        # rank within each token: context gain plus the channel prior, then frequency
        order = np.lexsort((-g["z_orig"], -(total - CHANNEL_WEIGHT * fanout), rows))
        starts = np.flatnonzero(np.r_[True, rows[order][1:] != rows[order][:-1]])
        ends = np.r_[starts[1:], len(order)]
        words = self.lex.words
        out = []
        for s, e in zip(starts.tolist(), ends.tolist()):
            best = order[s]
            i = int(rows[best])
            ranked = [words[int(origs[k])] for k in order[s:min(e, s + POOL)]]
            feats = self._features(i, best, origs, bits, g, total, obs_l, obs_r, e - s)
            out.append(Candidate(i, i, ranked, feats))
        return out

    def _features(self, i, best, origs, bits, g, total, obs_l, obs_r, n_alt) -> np.ndarray:
        tok = self.tokens[i]
        orig = int(origs[best])
        word = self.lex.words[orig]
        left, right = int(self.left[i]), int(self.right[i])
        pair_in_doc = (left >= 0 and (left, orig) in self.doc_pairs) or (right >= 0 and (orig, right) in self.doc_pairs)
        o_l, o_r, a_l, a_r = obs_l[i], obs_r[i], g["alt_l"][best], g["alt_r"][best]
        return np.array([
            np.clip(total[best], -6, 6), np.clip(g["left"][best], -6, 6), np.clip(g["right"][best], -6, 6),
            not np.isnan(o_l), not np.isnan(o_r), not np.isnan(a_l), not np.isnan(a_r),
            np.nan_to_num(o_l), np.nan_to_num(o_r), np.nan_to_num(a_l), np.nan_to_num(a_r),
            g["z_obs"][best], g["z_orig"][best], g["has_l"][best], g["has_r"][best],
            bool(bits[best] & WORDNET), bool(bits[best] & MOBY),
            tok.is_capitalised and not tok.sent_start, np.log1p(n_alt),
            word in self.doc_words, pair_in_doc, 0.0, 0.0, 0.0, self.lex.fanout_by_id[orig],
        ], dtype=np.float32)

    def multiword(self) -> list[Candidate]:
        """Phrases a thesaurus offers for a more established word or phrase ("in keeping with")."""
        tokens = self.tokens
        spans = [(i, i + n - 1) for i in range(len(tokens)) for n in (4, 3, 2)
                 if i + n <= len(tokens) and not any(tokens[k].brk for k in range(i + 1, i + n))]
        entries = self.lex.multiword([" ".join(t.norm for t in tokens[i:j + 1]) for i, j in spans])
        out, covered = [], -1
        for (i, j), entry in zip(spans, entries):
            if entry and i > covered:          # the longest phrase starting at i wins
                out.append(self._phrase_candidate(i, j, entry))
                covered = i
        return out

    def _phrase_candidate(self, i: int, j: int, entry) -> Candidate:
        own, originals = entry
        lex = self.lex
        best, best_strength, best_fanout = originals[0]
        own_strength = own if own is not None else 0.0
        first_o, last_o = lex.id(best.split()[0]), lex.id(best.split()[-1])
        left, right = int(self.left[i]), int(self.right[j])
        obs_l = lex.bigram(left if left >= 0 else None, int(self.ids[i]) if self.ids[i] >= 0 else None)
        obs_r = lex.bigram(int(self.ids[j]) if self.ids[j] >= 0 else None, right if right >= 0 else None)
        alt_l = lex.bigram(left if left >= 0 else None, first_o)
        alt_r = lex.bigram(last_o, right if right >= 0 else None)
        left_gain = (alt_l or 0.0) - (obs_l or 0.0) if left >= 0 else 0.0
        right_gain = (alt_r or 0.0) - (obs_r or 0.0) if right >= 0 else 0.0
        gain = best_strength - own_strength
        tok = self.tokens[i]
        feats = np.array([
            np.clip(gain, -6, 6), np.clip(left_gain, -6, 6), np.clip(right_gain, -6, 6),
            obs_l is not None, obs_r is not None, alt_l is not None, alt_r is not None,
            obs_l or 0.0, obs_r or 0.0, alt_l or 0.0, alt_r or 0.0,
            own_strength, best_strength, left >= 0, right >= 0,
            0.0, 1.0, tok.is_capitalised and not tok.sent_start, np.log1p(len(originals)),
            best in self.text.lower(), 0.0, 0.0, 0.0, 1.0, best_fanout,
        ], dtype=np.float32)
        return Candidate(i, j, [o for o, _, _ in originals[:POOL]], feats)

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

import numpy as np

from .lexicon import MOBY, WORDNET, Lexicon
from .tokens import Token

UNSEEN_PENALTY = 0.5
STRONG_CONTEXT = 4.0     # a token whose both neighbours form pairs this common is left alone
POOL = 16                # ranked originals kept per candidate (the report shows three)
CHANNEL_WEIGHT = 1.0     # log P(spinner writes w | o) ~ -log10(size of o's thesaurus list)
COHERENCE_WEIGHT = 2.0   # ranking: how much a better topical fit counts against context gain
TOPIC_BLOCK = 400        # tokens per topic centroid
CONTENT_ZIPF = 5.5       # words more common than this carry no topic
CHUNK = 200_000          # candidate pairs per vectorised coherence step (bounds memory)

FEATURES = (
    "gain", "left_gain", "right_gain",
    "obs_left_known", "obs_right_known", "alt_left_known", "alt_right_known",
    "obs_left", "obs_right", "alt_left", "alt_right",
    "zipf_observed", "zipf_original", "has_left", "has_right",
    "src_wordnet", "src_moby", "capitalised", "log_alternatives",
    "original_in_doc", "original_pair_in_doc", "acronym", "joint_pair", "is_phrase", "fanout_original",
    "coherence_gain", "coherence_known",
)


class Candidate:
    """A span that may be a substitution, its ranked likely originals and its features.

    Single-word candidates keep their originals as word ids and decode them only when asked
    (most candidates never become findings)."""

    __slots__ = ("first", "last", "original_ids", "features", "extend_left", "extend_right", "_words", "_originals")

    def __init__(self, first: int, last: int, features: np.ndarray, original_ids: np.ndarray | None = None,
                 words=None, originals: list[str] | None = None):
        self.first = first              # token index where the observed span starts
        self.last = last                # token index where it ends (inclusive)
        self.features = features
        self.original_ids = original_ids
        self.extend_left = False        # the finding takes in the left neighbour (a joint pair)
        self.extend_right = False
        self._words = words
        self._originals = originals

    @property
    def originals(self) -> list[str]:
        """Ranked likely originals (lowercase), best first."""
        if self._originals is None:
            self._originals = [self._words[int(i)] for i in self.original_ids]
        return self._originals

    def promote(self, position: int) -> None:
        """Move the original at ``position`` to the front."""
        if position == 0:
            return
        if self.original_ids is not None:
            ids = self.original_ids
            self.original_ids = np.concatenate([ids[position:position + 1], ids[:position], ids[position + 1:]])
        if self._originals is not None:
            names = self._originals
            self._originals = [names[position]] + names[:position] + names[position + 1:]


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
        both = (self.ids[:-1] >= 0) & (self.ids[1:] >= 0)
        self.doc_pair_keys = (self.ids[:-1] * lex.n + self.ids[1:])[both]
        self.capitalised = np.array([t.is_capitalised and not t.sent_start for t in tokens], dtype=bool)
        self.centroids = self._topic_centroids()

    def _topic_centroids(self) -> np.ndarray:
        """One unit vector per block of TOPIC_BLOCK tokens: the mean of its content words."""
        lex, ids = self.lex, self.ids
        blocks = max(1, -(-len(ids) // TOPIC_BLOCK))
        centroids = np.zeros((blocks, lex.vectors.shape[1]), dtype=np.float32)
        content = np.flatnonzero((ids >= 0) & lex.has_vector[np.maximum(ids, 0)]
                                 & (lex.zipf_by_id[np.maximum(ids, 0)] < CONTENT_ZIPF))
        if len(content):
            np.add.at(centroids, content // TOPIC_BLOCK, lex.vector_rows(ids[content]))
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        return centroids / np.maximum(norms, 1e-9)

    def _coherence(self, rows: np.ndarray, words: np.ndarray) -> np.ndarray:
        """cos(word, topic of the row's block); NaN where the word has no vector."""
        out = np.full(len(rows), np.nan, dtype=np.float32)
        known = np.flatnonzero(self.lex.has_vector[np.maximum(words, 0)] & (words >= 0))
        for lo in range(0, len(known), CHUNK):
            part = known[lo:lo + CHUNK]
            vecs = self.lex.vector_rows(words[part])
            topics = self.centroids[rows[part] // TOPIC_BLOCK]
            out[part] = np.einsum("ij,ij->i", vecs, topics)
        return out

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
        coherence = self._coherence(rows, origs) - self._coherence(rows, obs)
        return {"left": left_gain, "right": right_gain, "alt_l": alt_l, "alt_r": alt_r,
                "z_obs": z_obs, "z_orig": z_orig, "has_l": has_l, "has_r": has_r,
                "coherence": np.nan_to_num(coherence), "coherence_known": ~np.isnan(coherence)}

    def _best_per_token(self, rows, origs, bits, g, obs_l, obs_r) -> list[Candidate]:
        lex = self.lex
        total = g["left"] + g["right"]
        # rank within each token: context gain, channel prior and topical fit, then frequency
        key = total - CHANNEL_WEIGHT * lex.fanout_by_id[origs] + COHERENCE_WEIGHT * g["coherence"]
        order = np.lexsort((-g["z_orig"], -key, rows))
        sorted_rows = rows[order]
        starts = np.flatnonzero(np.r_[True, sorted_rows[1:] != sorted_rows[:-1]])
        ends = np.r_[starts[1:], len(order)]
        best = order[starts]
        features = self._features(rows[best], origs[best], bits[best], total[best], ends - starts,
                                  {k: v[best] for k, v in g.items()}, obs_l, obs_r)
        ranked = origs[order]
        return [Candidate(i, i, features[k], ranked[s:min(e, s + POOL)], lex.words)
                for k, (i, s, e) in enumerate(zip(rows[best].tolist(), starts.tolist(), ends.tolist()))]

    def _features(self, tok, orig, bits, total, n_alt, g, obs_l, obs_r) -> np.ndarray:
        lex, n = self.lex, self.lex.n
        left, right = self.left[tok], self.right[tok]
        o_l, o_r, a_l, a_r = obs_l[tok], obs_r[tok], g["alt_l"], g["alt_r"]
        pair_in_doc = (((left >= 0) & np.isin(left * n + orig, self.doc_pair_keys))
                       | ((right >= 0) & np.isin(orig * n + right, self.doc_pair_keys)))
        zeros = np.zeros(len(tok))
        columns = [
            np.clip(total, -6, 6), np.clip(g["left"], -6, 6), np.clip(g["right"], -6, 6),
            ~np.isnan(o_l), ~np.isnan(o_r), ~np.isnan(a_l), ~np.isnan(a_r),
            np.nan_to_num(o_l), np.nan_to_num(o_r), np.nan_to_num(a_l), np.nan_to_num(a_r),
            g["z_obs"], g["z_orig"], g["has_l"], g["has_r"],
            (bits & WORDNET) > 0, (bits & MOBY) > 0,
            self.capitalised[tok], np.log1p(n_alt),
            np.isin(orig, self.ids), pair_in_doc, zeros, zeros, zeros, lex.fanout_by_id[orig],
            g["coherence"], g["coherence_known"],
        ]
        return np.column_stack(columns).astype(np.float32)

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
            best in self.text.lower(), 0.0, 0.0, 0.0, 1.0, best_fanout, 0.0, 0.0,
        ], dtype=np.float32)
        return Candidate(i, j, feats, originals=[o for o, _, _ in originals[:POOL]])

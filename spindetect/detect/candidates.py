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

import io
import json
import re
from collections.abc import Mapping, Sequence
from functools import cached_property

import numpy as np

from .lexicon import (
    MOBY,
    PHRASE_WORDS,
    WORDNET,
    Lexicon,
    phrase_lookup,
    place_masks,
    spelled_rows,
)
from .tokens import Tokens, blocks_of, capitals, first_codes, tokenize

UNSEEN_PENALTY = 0.5
STRONG_CONTEXT = 4.0     # a token whose both neighbours form pairs this common is left alone
POOL = 16                # ranked originals kept per candidate (the report shows three)
CHANNEL_WEIGHT = 1.0     # log P(spinner writes w | o) ~ -log10(size of o's thesaurus list)
COHERENCE_WEIGHT = 2.0   # ranking: how much a better topical fit counts against context gain
TOPIC_BLOCK = 400        # tokens per topic centroid
CONTENT_ZIPF = 5.5       # words more common than this carry no topic
CHUNK_TOKENS = 2_000     # tokens whose candidates are scored together (bounds memory)
MASKED_PHRASE_TOKENS = 5_000   # longer texts rule spans out by the lexicon's word masks (~3 ms to make)

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

    def original(self, rank: int) -> str:
        """The original at ``rank`` (0: the best), decoded alone (a finding shows three of the pool)."""
        if self._originals is None:
            return self._words[int(self.original_ids[rank])]
        return self._originals[rank]

    def count_originals(self) -> int:
        return len(self._originals) if self._originals is not None else len(self.original_ids)

    def put_first(self, word_id: int) -> None:
        """Make ``word_id`` the best original (taken in from outside the pool if need be)."""
        at = np.flatnonzero(self.original_ids == word_id)
        if len(at):
            self.promote(int(at[0]))
            return
        self.original_ids = np.concatenate([[word_id], self.original_ids[:POOL - 1]]).astype(self.original_ids.dtype)
        if self._originals is not None:
            self._originals = [self._words[word_id]] + self._originals[:POOL - 1]

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


class SingleWords(Mapping):
    """The single-word candidates by token index, kept as arrays: the ``Candidate`` for a token
    is made when first asked for (most are scored together and never looked at one by one).
    Its features are a view of its row of ``features``, so evidence set on it lands there; a
    row ``refeature`` replaced is copied back by ``feature_rows``."""

    def __init__(self, tokens: np.ndarray, features: np.ndarray, pool: np.ndarray, offsets: np.ndarray, words):
        self.tokens = tokens            # token index of each candidate, ascending
        self.features = features        # one row per candidate
        self.pool = pool                # each candidate's ranked originals (word ids), one after another
        self.offsets = offsets          # candidate k's originals: pool[offsets[k]:offsets[k + 1]]
        self._words = words
        self._made: dict[int, Candidate] = {}

    @cached_property
    def _row(self) -> dict[int, int]:
        """Row of each candidate's token (made when first needed: the parts ``joined`` puts
        together never need theirs)."""
        return dict(zip(self.tokens.tolist(), range(len(self.tokens))))

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self):
        return iter(self._row)

    def __contains__(self, token) -> bool:
        return token in self._row

    def __getitem__(self, token: int) -> Candidate:
        made = self._made.get(token)
        if made is None:
            row = self._row[token]
            made = self._made[token] = Candidate(
                token, token, self.features[row], self.pool[self.offsets[row]:self.offsets[row + 1]], self._words)
        return made

    @classmethod
    def joined(cls, parts: list[SingleWords], words) -> SingleWords:
        """Candidates of consecutive runs of tokens, in one (none made yet)."""
        if not parts:
            return cls(np.zeros(0, np.int64), np.zeros((0, len(FEATURES)), np.float32), np.zeros(0, np.int64),
                       np.zeros(1, np.int64), words)
        if len(parts) == 1:
            return parts[0]
        at = np.cumsum([0] + [len(p.pool) for p in parts])
        return cls(np.concatenate([p.tokens for p in parts]), np.vstack([p.features for p in parts]),
                   np.concatenate([p.pool for p in parts]),
                   np.concatenate([p.offsets[:-1] + start for p, start in zip(parts, at)] + [at[-1:]]), words)

    def to_bytes(self) -> bytes:
        """The arrays as .npz bytes (no pickles), for ``from_bytes`` in another process."""
        buffer = io.BytesIO()
        np.savez(buffer, tokens=self.tokens, features=self.features, pool=self.pool, offsets=self.offsets)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, payload: bytes, words) -> SingleWords:
        arrays = np.load(io.BytesIO(payload), allow_pickle=False)
        return cls(arrays["tokens"], arrays["features"], arrays["pool"], arrays["offsets"], words)

    def at(self, row: int) -> Candidate:
        return self[int(self.tokens[row])]

    def originals_of(self, tokens: list[int]) -> list[np.ndarray]:
        """The ranked originals (word ids) of the candidate at each of ``tokens``, read from the
        pool without making a ``Candidate``, or from the candidate where evidence made it (and
        may have moved its originals)."""
        made, pool, offsets = self._made, self.pool, self.offsets
        rows = np.searchsorted(self.tokens, tokens).tolist()
        return [made[t].original_ids if t in made else pool[offsets[r]:offsets[r + 1]] for t, r in zip(tokens, rows)]

    def feature_rows(self) -> np.ndarray:
        """``features`` with the rows of candidates whose features were replaced put back."""
        for token, cand in self._made.items():
            self.features[self._row[token]] = cand.features
        return self.features


class CandidateList(Sequence):
    """All the candidates of a text, single words (token order) then phrases, as one sequence;
    a single-word ``Candidate`` is made only when an item is read (``SingleWords``)."""

    def __init__(self, singles: SingleWords, phrases: list[Candidate]):
        self.singles = singles
        self.phrases = phrases
        self.firsts = np.r_[singles.tokens, [c.first for c in phrases]].astype(np.int64)

    def __len__(self) -> int:
        return len(self.singles) + len(self.phrases)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        n = len(self.singles)
        return self.singles.at(k) if k < n else self.phrases[k - n]

    def feature_rows(self) -> np.ndarray:
        rows = [self.singles.feature_rows()] + [c.features[None, :] for c in self.phrases]
        return np.vstack(rows).astype(np.float32, copy=False)


def _side_scores(lex: Lexicon, pair_strength: np.ndarray, zipf_a: np.ndarray, zipf_b: np.ndarray) -> np.ndarray:
    estimate = np.minimum(lex.bigram_floor, zipf_a + zipf_b - 9.0) - UNSEEN_PENALTY
    return np.where(np.isnan(pair_strength), estimate, pair_strength)


def _or_zero(values: np.ndarray) -> np.ndarray:
    """0 where ``values`` (bigram strengths, topical fits: never infinite) are NaN, as
    ``np.nan_to_num`` gives, without its overhead on the short arrays of a short text."""
    return np.where(np.isnan(values), values.dtype.type(0), values)


def _neighbour_ids(brk: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    left = np.full(len(ids), -1, dtype=np.int64)
    right = np.full(len(ids), -1, dtype=np.int64)
    if len(ids) > 1:
        left[1:] = np.where(brk[1:], -1, ids[:-1])
        right[:-1] = np.where(brk[1:], -1, ids[1:])
    return left, right


def _descending_bits(values: np.ndarray) -> np.ndarray:
    """uint64 whose ascending order is the descending order of the float32 ``values``."""
    bits = (values.astype(np.float32) + np.float32(0.0)).view(np.int32)     # -0.0 -> 0.0
    ascending = bits ^ ((bits >> 31) & 0x7FFFFFFF)      # as int32, in the floats' order
    return (np.int64(0x7FFFFFFF) - ascending).astype(np.uint64)


def _ranked(counts: np.ndarray, key: np.ndarray, zipf: np.ndarray) -> np.ndarray:
    """Order of candidate pairs, which come grouped by token (``counts`` per token): by token,
    then key descending, then zipf descending; ties keep their order. The four are packed into
    one uint64 (token, key, zipf, place within the token) and sorted: every value is distinct,
    so a plain sort of the values gives the stable order, faster than an argsort."""
    first = np.cumsum(counts) - counts
    group_bits, place_bits = _bits(len(counts) - 1), _bits(int(counts.max()) - 1 if len(counts) else 0)
    if group_bits + 32 + 8 + place_bits > 64:         # never with CHUNK_TOKENS and 96 originals a word
        return np.argsort(_packed(counts, key, zipf, 0), kind="stable")
    place = np.arange(len(key), dtype=np.int64) - np.repeat(first, counts)
    packed = _packed(counts, key, zipf, place_bits) | place.astype(np.uint64)
    packed.sort()
    return np.repeat(first, counts) + (packed & np.uint64((1 << place_bits) - 1)).astype(np.int64)


def _packed(counts: np.ndarray, key: np.ndarray, zipf: np.ndarray, low_bits: int) -> np.ndarray:
    """(token, key descending, zipf descending) as uint64, ascending in that order, with
    ``low_bits`` free at the bottom."""
    group = np.repeat(np.arange(len(counts), dtype=np.uint64), counts)
    zipf_rank = 255 - np.clip(np.rint(zipf * 10.0), 0, 255).astype(np.uint64)
    return (((group << np.uint64(40)) | (_descending_bits(key) << np.uint64(8)) | zipf_rank)
            << np.uint64(low_bits))


def _bits(largest: int) -> int:
    """Bits that hold the numbers 0..largest."""
    return max(int(largest), 0).bit_length()


_PLAIN = re.compile(r"[a-z]+(?: [a-z]+)*")


def _words_of(phrase: str) -> list[str]:
    """A phrase's words as the tokenizer reads them (plain lowercase words: split at the spaces)."""
    if _PLAIN.fullmatch(phrase):
        return phrase.split(" ")
    return tokenize(phrase).norms or [phrase]


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indices start, start + 1, ..., start + count - 1 of each (start, count), in a row."""
    return np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of integers by one sort (numpy 2's np.unique hashes first: ~15x slower here)."""
    ordered = np.sort(values)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])] if len(ordered) else ordered


def _member(values: np.ndarray, sorted_unique: np.ndarray) -> np.ndarray:
    """Vectorised membership in a sorted array of unique values."""
    if not len(sorted_unique):
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_unique, values), len(sorted_unique) - 1)
    return sorted_unique[pos] == values


def token_ids(lex: Lexicon, tokens: Tokens) -> np.ndarray:
    """Word id per token; -1 for numbers and words outside the vocabulary."""
    ids = lex.ids(tokens.norms)
    first = first_codes(tokens.norms)
    return np.where((first >= 97) & (first <= 122), ids, -1)


class CandidateFinder:
    """Computes candidates for one document."""

    def __init__(self, lex: Lexicon, tokens: Tokens, text: str):
        self.lex = lex
        self.tokens = tokens
        self.text = text
        self.norms = tokens.norms
        self.ids = token_ids(lex, tokens)
        self.brk = tokens.breaks()
        self.left, self.right = _neighbour_ids(self.brk, self.ids)
        # the text's own words and word pairs, per block (``tokens.blocks_of``): "elsewhere in the
        # text" means in the same block, as in the documents the models were trained on
        self.block = blocks_of(np.arange(len(tokens)), len(tokens)).astype(np.int64)
        both = (self.ids[:-1] >= 0) & (self.ids[1:] >= 0)
        pairs = self.ids[:-1] * lex.n + self.ids[1:]
        self.doc_pair_keys = _sorted_unique((self.block[:-1] * lex.n * lex.n + pairs)[both])
        self.doc_ids = _sorted_unique((self.block * lex.n + self.ids)[self.ids >= 0])
        self.capital = capitals(tokens)
        self.capitalised = self.capital & ~np.array(tokens.sent_start, dtype=bool)
        self.centroids = self._topic_centroids()

    def _topic_centroids(self) -> np.ndarray:
        """One unit vector per block of TOPIC_BLOCK tokens: the mean of its content words."""
        lex, ids = self.lex, self.ids
        blocks = max(1, -(-len(ids) // TOPIC_BLOCK))
        centroids = np.zeros((blocks, lex.vectors.shape[1]), dtype=np.float32)
        content = np.flatnonzero((ids >= 0) & lex.has_vector[np.maximum(ids, 0)]
                                 & (lex.zipf_by_id[np.maximum(ids, 0)] < CONTENT_ZIPF))
        if len(content):     # content is in order, so each block's words are one run of rows
            block = content // TOPIC_BLOCK
            first = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
            centroids[block[first]] = np.add.reduceat(lex.vector_rows(ids[content]), first, axis=0)
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        return centroids / np.maximum(norms, 1e-9)

    def _coherence(self, *queries: tuple) -> list[np.ndarray]:
        """cos(word, topic of the block of its token) for each (token indices, word ids >= 0)
        query, or (token indices, word ids, counts) where the word ids hold ``counts[k]`` words
        for the k-th token (its originals, grouped); NaN where a word has no vector. One matrix
        product gives every word's fit to each block the queries involve (only those:
        refeature's tokens may lie far apart)."""
        lex = self.lex
        blocks = [query[0] // TOPIC_BLOCK for query in queries]
        if not any(len(b) for b in blocks):
            return [np.zeros(0, dtype=np.float32) for _ in queries]
        seen = np.zeros(max(int(b.max()) for b in blocks if len(b)) + 1, dtype=bool)
        for b in blocks:
            seen[b] = True
        row_of_block = np.cumsum(seen) - 1
        table = self.centroids[np.flatnonzero(seen)] @ lex.unit_vectors.T      # blocks x (words + 1)
        table[:, -1] = np.nan                     # the zero row's column: words without a vector
        flat, width = table.ravel(), table.shape[1]       # one index per value: ~2x faster than (row, column)
        fits = []
        for b, query in zip(blocks, queries):
            where = row_of_block[b] * width               # each token's row, then repeated per word
            fits.append(flat[(np.repeat(where, query[2]) if len(query) > 2 else where) + lex.vector_column[query[1]]])
        return fits

    def _zipf(self, ids: np.ndarray) -> np.ndarray:
        return np.where(ids >= 0, self.lex.zipf_by_id[np.maximum(ids, 0)], 0.0)

    def single_word(self, part: int = 0, parts: int = 1) -> SingleWords:
        """The single-word candidates; with ``parts`` > 1, those of one of that many runs of
        chunks (``SingleWords.joined`` puts the parts together: the same as in one call)."""
        obs_l, obs_r, tokens = self.single_word_plan
        starts = list(range(0, len(tokens), CHUNK_TOKENS))                  # bounded memory
        mine = starts[len(starts) * part // parts:len(starts) * (part + 1) // parts]
        chunks = [self._chunk(tokens[lo:lo + CHUNK_TOKENS], obs_l, obs_r) for lo in mine]
        return SingleWords.joined([SingleWords(*chunk, self.lex.words) for chunk in chunks], self.lex.words)

    @cached_property
    def single_word_plan(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The observed words' pair strengths on each side, and the tokens to consider: every
        word a thesaurus offers for something, unless both its neighbours form strong pairs."""
        lex, ids = self.lex, self.ids
        obs_l, obs_r = lex.bigrams_of((self.left, ids), (ids, self.right))
        strong = (obs_l >= STRONG_CONTEXT) & (obs_r >= STRONG_CONTEXT)      # NaN (unknown) is not strong
        tokens = np.flatnonzero((ids >= 0) & ~strong)
        counts = (lex.syn_indptr[ids[tokens] + 1] - lex.syn_indptr[ids[tokens]]) if len(tokens) else tokens
        return obs_l, obs_r, tokens[counts > 0]

    def _chunk(self, tokens: np.ndarray, obs_l: np.ndarray, obs_r: np.ndarray):
        lex = self.lex
        starts = lex.syn_indptr[self.ids[tokens]]
        counts = lex.syn_indptr[self.ids[tokens] + 1] - starts
        pair = _ranges(starts, counts)
        origs = lex.syn_indices[pair].astype(np.int64)
        bits = lex.syn_bits[pair]
        gains = self._gains(tokens, counts, origs, obs_l, obs_r)
        return self._best_per_token(tokens, counts, origs, bits, gains, obs_l, obs_r)

    def _gains(self, tokens, counts, origs, obs_l, obs_r):
        """Context gains of each (token, original) pair; the pairs come grouped by token, ``counts``
        per token. What depends only on the token (its words, its observed pairs) is computed once
        per token and repeated over its pairs. ``obs_l``/``obs_r``: the text's observed pair strengths."""
        lex = self.lex

        def per_pair(values):
            return np.repeat(values, counts)

        obs, lft, rgt = self.ids[tokens], self.left[tokens], self.right[tokens]
        z_obs, z_l, z_r = self._zipf(obs), self._zipf(lft), self._zipf(rgt)
        observed_left = per_pair(_side_scores(lex, obs_l[tokens], z_l, z_obs))
        observed_right = per_pair(_side_scores(lex, obs_r[tokens], z_obs, z_r) - z_obs)
        lft, rgt, z_obs, z_l, z_r = per_pair(lft), per_pair(rgt), per_pair(z_obs), per_pair(z_l), per_pair(z_r)
        z_orig = lex.zipf_by_id[origs]                  # originals are vocabulary words
        # two lookups: joining the pairs of a long text costs more than a call
        alt_l, alt_r = lex.bigrams(lft, origs), lex.bigrams(origs, rgt)
        has_l, has_r = lft >= 0, rgt >= 0
        left_gain = np.where(has_l, _side_scores(lex, alt_l, z_l, z_orig) - observed_left, z_orig - z_obs)
        right_gain = np.where(has_r, (_side_scores(lex, alt_r, z_orig, z_r) - z_orig) - observed_right, 0.0)
        return {"left": left_gain, "right": right_gain, "alt_l": alt_l, "alt_r": alt_r,
                "z_obs": z_obs, "z_orig": z_orig, "has_l": has_l, "has_r": has_r}

    def _best_per_token(self, tokens, counts, origs, bits, g, obs_l, obs_r):
        """Per token with candidates: (token, features of its best original, its POOL best
        originals, where each token's pool starts in that array)."""
        lex = self.lex
        total = g["left"] + g["right"]
        # topical fit: cos to the block's topic, original minus observed (NaN: no vector)
        fit_original, fit_observed = self._coherence((tokens, origs, counts), (tokens, self.ids[tokens]))
        coherence = fit_original - np.repeat(fit_observed, counts)
        known = ~np.isnan(coherence)
        coherence = _or_zero(coherence)
        # rank within each token: context gain, channel prior and topical fit, then frequency
        key = total - CHANNEL_WEIGHT * lex.fanout_by_id[origs] + COHERENCE_WEIGHT * coherence
        order = _ranked(counts, key, g["z_orig"])
        starts = np.cumsum(counts) - counts         # the order keeps each token's pairs together
        best = order[starts]
        g = {k: v[best] for k, v in g.items()}
        g["coherence"], g["coherence_known"] = coherence[best], known[best]
        features = self._features(tokens, origs[best], bits[best], total[best], counts, g, obs_l, obs_r)
        kept = np.minimum(counts, POOL)
        pool = origs[order[_ranges(starts, kept)]]
        return tokens, features, pool, np.concatenate([[0], np.cumsum(kept)])

    def refeature(self, candidates: list[Candidate], keep: tuple[int, ...]) -> None:
        """Recompute single-word candidates' features for their current best original (after
        evidence moved another one to the front), keeping the ``keep`` evidence columns."""
        if not candidates:
            return
        rows = np.array([c.first for c in candidates])
        origs = np.array([int(c.original_ids[0]) for c in candidates], dtype=np.int64)
        obs_l, obs_r, _ = self.single_word_plan
        g = self._gains(rows, np.ones(len(rows), dtype=np.int64), origs, obs_l, obs_r)
        fit_original, fit_observed = self._coherence((rows, origs), (rows, self.ids[rows]))
        coherence = fit_original - fit_observed
        g["coherence"], g["coherence_known"] = _or_zero(coherence), ~np.isnan(coherence)
        bits = self._source_bits(rows, origs)
        column = FEATURES.index("log_alternatives")
        n_alt = np.array([c.features[column] for c in candidates])
        features = self._features(rows, origs, bits, g["left"] + g["right"], np.expm1(n_alt), g, obs_l, obs_r)
        keep = list(keep)
        for c, row in zip(candidates, features):
            row[keep] = c.features[keep]
            c.features = row

    def _source_bits(self, rows: np.ndarray, origs: np.ndarray) -> np.ndarray:
        """Which thesauri offer each token's word for ``origs`` (the lexicon's source bits; 0
        for an original from outside its list), all tokens' lists searched at once."""
        lex = self.lex
        starts = lex.syn_indptr[self.ids[rows]]
        counts = lex.syn_indptr[self.ids[rows] + 1] - starts
        at = _ranges(starts, counts)
        same = np.flatnonzero(lex.syn_indices[at] == np.repeat(origs, counts))
        owner = np.repeat(np.arange(len(rows)), counts)[same]
        bits = np.zeros(len(rows), dtype=lex.syn_bits.dtype)
        first = np.unique(owner, return_index=True)[1]        # a list holds each original once
        bits[owner[first]] = lex.syn_bits[at[same[first]]]
        return bits

    def _features(self, tok, orig, bits, total, n_alt, g, obs_l, obs_r) -> np.ndarray:
        lex, n = self.lex, self.lex.n
        left, right = self.left[tok], self.right[tok]
        o_l, o_r, a_l, a_r = obs_l[tok], obs_r[tok], g["alt_l"], g["alt_r"]
        block = self.block[tok]
        pair_in_doc = (((left >= 0) & _member(block * n * n + left * n + orig, self.doc_pair_keys))
                       | ((right >= 0) & _member(block * n * n + orig * n + right, self.doc_pair_keys)))
        zeros = np.zeros(len(tok))
        columns = [
            np.clip(total, -6, 6), np.clip(g["left"], -6, 6), np.clip(g["right"], -6, 6),
            ~np.isnan(o_l), ~np.isnan(o_r), ~np.isnan(a_l), ~np.isnan(a_r),
            _or_zero(o_l), _or_zero(o_r), _or_zero(a_l), _or_zero(a_r),
            g["z_obs"], g["z_orig"], g["has_l"], g["has_r"],
            (bits & WORDNET) > 0, (bits & MOBY) > 0,
            self.capitalised[tok], np.log1p(n_alt),
            _member(block * n + orig, self.doc_ids), pair_in_doc, zeros, zeros, zeros, lex.fanout_by_id[orig],
            g["coherence"], g["coherence_known"],
        ]
        return np.column_stack(columns).astype(np.float32)

    def multiword(self) -> list[Candidate]:
        """Phrases a thesaurus offers for a more established word or phrase ("in keeping with").
        Every span of 4, 3 and 2 words is looked up at once by its word ids; at each start the
        longest phrase found wins."""
        first, last, rows = self._phrase_rows()
        if not len(first):
            return []
        entries = self.lex.multiword_entries(rows)
        return self._phrase_candidates([(i, j, entries[row]) for i, j, row in
                                        zip(first.tolist(), last.tolist(), rows.tolist())])

    def _phrase_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(first token, last token, multiword key row) of the longest phrase starting at each
        token that starts one. A phrase lies within one run of words (no break inside), and a span
        whose every word after the first is capitalised is a name ("Justice Department", "Wall
        Street"), whose thesaurus rewrite ("Department of Justice") is no evidence."""
        n_tokens = len(self.ids)
        capitals = np.r_[0, np.cumsum(self.capital)]
        starts, lasts, spelled = [], [], []
        for n in (2, 3, 4):                # all lengths in one lookup; at a start, the longest wins
            masks = self.lex.phrase_word_masks.get(n) if n_tokens >= MASKED_PHRASE_TOKENS else None
            i, spelled_n = self._spans(n, masks)
            j = i + n - 1
            ok = capitals[j + 1] - capitals[i + 1] < n - 1
            starts.append(i[ok])
            lasts.append(j[ok])
            spelled.append(spelled_n[ok])
        all_rows = self.lex.multiword_rows(np.concatenate(spelled))
        best_row = np.full(n_tokens, -1, dtype=np.int64)
        best_last = np.zeros(n_tokens, dtype=np.int64)
        for i, j, rows in zip(starts, lasts, np.split(all_rows, np.cumsum([len(i) for i in starts])[:-1])):
            hit = rows >= 0                        # shorter first: a longer phrase overwrites
            best_row[i[hit]], best_last[i[hit]] = rows[hit], j[hit]
        first = np.flatnonzero(best_row >= 0)
        return first, best_last[first], best_row[first]

    def _spans(self, n: int, masks: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Where every span of ``n`` words in the vocabulary, within one run of words (no break
        inside), starts, and its word ids (PHRASE_WORDS columns, -1 padded); with ``masks``
        (``lexicon.place_masks``), only the spans whose k-th word is in place k."""
        ids, n_tokens = self.ids, len(self.ids)
        i = np.arange(max(n_tokens - n + 1, 0))
        for k in range(n):
            word = ids[i + k]
            keep = word >= 0
            if masks is not None:
                keep &= masks[k, np.maximum(word, 0)]
            i = i[keep]
        i = i[self._run[i + n - 1] == self._run[i]]
        spelled = np.full((len(i), PHRASE_WORDS), -1, dtype=np.int64)
        for k in range(n):
            spelled[:, k] = ids[i + k]
        return i, spelled

    @cached_property
    def _run(self) -> np.ndarray:
        """Per token, the number of breaks up to it: tokens of one run of words share it."""
        return np.cumsum(self.brk)

    def _written_in(self, phrases: list[str], blocks: np.ndarray) -> np.ndarray:
        """Per (phrase, block) query: whether the text writes the phrase in that block, as whole
        words, in a row and with no punctuation between ("due to" is not written by "residue to",
        nor "basket" by "basketball"). Found through word ids, all phrases at once: the text's
        spans are looked up among the phrases' (``_written_ids``); a phrase with a word outside
        the vocabulary by its forms."""
        words = {phrase: _words_of(phrase) for phrase in dict.fromkeys(phrases)}
        distinct = sorted({w for ws in words.values() for w in ws})
        id_of = dict(zip(distinct, self.lex.ids(distinct).tolist()))
        by_ids = {phrase: [id_of[w] for w in ws] for phrase, ws in words.items()}
        row_of = {phrase: row for row, phrase in enumerate(
            p for p, ids in by_ids.items() if min(ids) >= 0 and len(ids) <= PHRASE_WORDS)}
        spelled = np.full((len(row_of), PHRASE_WORDS), -1, dtype=np.int64)
        for phrase, row in row_of.items():
            spelled[row, :len(by_ids[phrase])] = by_ids[phrase]
        n_blocks = int(self.block[-1]) + 1 if len(self.block) else 1
        places = self._written_ids(spelled, n_blocks) if len(row_of) else np.zeros(0, dtype=np.int64)
        rows = np.array([row_of.get(phrase, -1) for phrase in phrases], dtype=np.int64)
        found = (rows >= 0) & _member(rows * n_blocks + blocks, places)
        for k in np.flatnonzero(rows < 0).tolist():      # a word outside the vocabulary: found by its form
            phrase = phrases[k]
            found[k] = int(blocks[k]) in self._written_one(words[phrase], by_ids[phrase])
        return found

    def _written_ids(self, spelled: np.ndarray, n_blocks: int) -> np.ndarray:
        """Every place the text writes a row of ``spelled`` (word ids, -1 padded) in a row with no
        break inside, as the sorted distinct numbers row * n_blocks + block."""
        lookup, found = phrase_lookup(spelled), [np.zeros(0, dtype=np.int64)]
        if len(self.ids) >= MASKED_PHRASE_TOKENS:         # ruling spans out pays on long texts only
            by_length = place_masks(spelled, self.lex.n)
        else:
            by_length = dict.fromkeys(sorted(set((spelled >= 0).sum(axis=1).tolist()) - {0}))
        for n, masks in by_length.items():
            i, spans = self._spans(n, masks)
            rows = spelled_rows(spelled, lookup, spans)
            hit = rows >= 0
            found.append(rows[hit] * n_blocks + self.block[i[hit]])   # (row, block) as one number
        return _sorted_unique(np.concatenate(found))               # a common phrase is written often

    def _written_one(self, ws: list[str], ids: list[int]) -> set[int]:
        """The blocks that write one phrase, comparing its words outside the vocabulary by their form."""
        if ids[0] >= 0:
            positions = np.flatnonzero(self.ids == ids[0])
        else:
            positions = np.array([i for i, norm in enumerate(self.norms) if norm == ws[0]], dtype=np.int64)
        positions = positions[positions + len(ws) <= len(self.norms)]
        for k in range(1, len(ws)):
            following = positions + k
            same = (self.ids[following] == ids[k]) if ids[k] >= 0 else \
                np.array([self.norms[i] == ws[k] for i in following.tolist()], dtype=bool)
            positions = positions[same & ~self.brk[following]]
        return set(self.block[positions].tolist())

    def _phrase_candidates(self, found) -> list[Candidate]:
        lex = self.lex
        first, last = np.array([f[0] for f in found]), np.array([f[1] for f in found])
        bests = [entry[1][0] for _, _, entry in found]
        own = np.array([entry[0] if entry[0] is not None else 0.0 for _, _, entry in found])
        strength = np.array([b[1] for b in bests])
        left, right = self.left[first], self.right[last]
        # the best original's first and last words, and the four pairs at the edges in one lookup
        ends = lex.ids([b[0].split()[0] for b in bests] + [b[0].split()[-1] for b in bests])
        alt_first, alt_last = ends[:len(found)], ends[len(found):]
        obs_l, obs_r, alt_l, alt_r = lex.bigrams_of((left, self.ids[first]), (self.ids[last], right),
                                                    (left, alt_first), (alt_last, right))
        has_l, has_r = left >= 0, right >= 0
        in_text = self._written_in([b[0] for b in bests], self.block[first])
        zeros, ones = np.zeros(len(found)), np.ones(len(found))
        o_l, o_r, a_l, a_r = _or_zero(obs_l), _or_zero(obs_r), _or_zero(alt_l), _or_zero(alt_r)
        columns = [
            np.clip(strength - own, -6, 6),
            np.clip(np.where(has_l, a_l - o_l, 0.0), -6, 6),
            np.clip(np.where(has_r, a_r - o_r, 0.0), -6, 6),
            ~np.isnan(obs_l), ~np.isnan(obs_r), ~np.isnan(alt_l), ~np.isnan(alt_r),
            o_l, o_r, a_l, a_r,
            own, strength, has_l, has_r, zeros, ones, self.capitalised[first],
            np.log1p([len(entry[1]) for _, _, entry in found]),
            in_text, zeros, zeros, zeros, ones, [b[2] for b in bests], zeros, zeros,
        ]
        features = np.column_stack(columns).astype(np.float32)
        return [Candidate(i, j, features[k], originals=[o for o, _, _ in entry[1][:POOL]])
                for k, (i, j, entry) in enumerate(found)]


def phrases_to_bytes(candidates: list[Candidate]) -> bytes:
    """Phrase candidates (spans, features, originals as text) as .npz bytes (no pickles), for
    ``phrases_from_bytes`` in another process."""
    buffer = io.BytesIO()
    np.savez(buffer,
             first=np.array([c.first for c in candidates], dtype=np.int64),
             last=np.array([c.last for c in candidates], dtype=np.int64),
             features=np.array([c.features for c in candidates], dtype=np.float32).reshape(-1, len(FEATURES)),
             originals=np.frombuffer(json.dumps([c.originals for c in candidates]).encode("utf-8"), dtype=np.uint8))
    return buffer.getvalue()


def phrases_from_bytes(payload: bytes) -> list[Candidate]:
    arrays = np.load(io.BytesIO(payload), allow_pickle=False)
    originals = json.loads(arrays["originals"].tobytes().decode("utf-8"))
    features = arrays["features"]
    return [Candidate(i, j, features[k], originals=names)
            for k, (i, j, names) in enumerate(zip(arrays["first"].tolist(), arrays["last"].tolist(), originals))]

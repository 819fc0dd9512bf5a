"""The forward pass of a Llama-style decoder in numpy: RMSNorm, rotary positions (llama.cpp's
adjacent-pair layout, which its GGUF conversion writes the q/k weights for), grouped-query
causal attention, SwiGLU, an output head tied to the embeddings.

``hidden`` runs a batch of equally long token sequences and gives the last layer's normed
states and each layer's keys and values, which a later call continues from (``past``: the
sequences go on where those stopped); ``log_probs`` turns chosen states into next-token
log-probabilities.
"""
from __future__ import annotations

import numpy as np

from .weights import Weights


def _rms(x: np.ndarray, weight: np.ndarray, eps: float) -> np.ndarray:
    return x * (1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)) * weight


def _angles(positions: np.ndarray, dim: int, base: float) -> tuple[np.ndarray, np.ndarray]:
    """cos and sin of the rotary angles (time, dim / 2), the same for every layer."""
    freqs = base ** (-np.arange(0, dim, 2, dtype=np.float64) / dim)
    angle = positions[:, None].astype(np.float64) * freqs[None, :]
    return np.cos(angle).astype(np.float32), np.sin(angle).astype(np.float32)


def _rope(x: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """Rotate adjacent pairs of each head's dimensions by position (x: batch, heads, time, dim)."""
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def hidden(w: Weights, ids: np.ndarray, past: list | None = None, past_rows: np.ndarray | None = None,
           keep: bool = True) -> tuple[np.ndarray, list]:
    """Normed final states (batch, time, dim) of token ids (batch, time), and per layer the
    (keys, values) of all positions so far (none without ``keep``); ``past``: an earlier call's,
    whose sequences these continue, row ``past_rows[i]`` of it for row i (one row each when
    None; taken a layer at a time, so the repeated keys and values of all layers never exist at
    once)."""
    batch, time = ids.shape
    start = past[0][0].shape[2] if past else 0
    dim = w.embed.shape[1]
    head_dim = dim // w.heads
    kv_dim = head_dim * w.kv_heads
    group = w.heads // w.kv_heads
    cos, sin = _angles(np.arange(start, start + time), head_dim, w.rope_base)
    mask = np.triu(np.full((time, start + time), -np.inf, dtype=np.float32), k=start + 1)
    present = []
    # the dense layers see one (batch * time, dim) matrix: numpy multiplies a stack of matrices
    # one at a time, a single matrix in one BLAS call (2-3x faster here)
    x = w.embed[ids.reshape(-1)].astype(np.float32)
    scale = np.float32(1.0 / np.sqrt(head_dim))
    for n, layer in enumerate(w.layers):
        h = (_rms(x, layer.attn_norm, w.eps) @ layer.qkv).reshape(batch, time, -1)
        q = h[..., :dim].reshape(batch, time, w.heads, head_dim).transpose(0, 2, 1, 3)
        k = h[..., dim:dim + kv_dim].reshape(batch, time, w.kv_heads, head_dim).transpose(0, 2, 1, 3)
        v = h[..., dim + kv_dim:].reshape(batch, time, w.kv_heads, head_dim).transpose(0, 2, 1, 3)
        q, k = _rope(q, cos, sin), _rope(k, cos, sin)
        if past:
            old_k, old_v = past[n] if past_rows is None else (past[n][0][past_rows], past[n][1][past_rows])
            k, v = np.concatenate([old_k, k], axis=2), np.concatenate([old_v, v], axis=2)
        if keep:
            present.append((k, v))
        q = q.reshape(batch, w.kv_heads, group * time, head_dim)      # the heads sharing one k/v, together
        scores = (q @ k.transpose(0, 1, 3, 2)).reshape(batch, w.kv_heads, group, time, start + time) * scale + mask
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        attended = scores.reshape(batch, w.kv_heads, group * time, start + time) @ v
        attended = attended.reshape(batch, w.heads, time, head_dim).transpose(0, 2, 1, 3).reshape(batch * time, dim)
        x = x + attended @ layer.out
        h = _rms(x, layer.ffn_norm, w.eps) @ layer.gate_up
        gate, up = h[:, :h.shape[1] // 2], h[:, h.shape[1] // 2:]
        x = x + ((gate / (1.0 + np.exp(-gate))) * up) @ layer.down
    return _rms(x, w.out_norm, w.eps).reshape(batch, time, dim), present


def log_probs(w: Weights, states: np.ndarray) -> np.ndarray:
    """Next-token log-probabilities (rows, vocab) from final states (rows, dim)."""
    logits = states @ w.embed.T
    logits -= logits.max(axis=-1, keepdims=True)
    return logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))

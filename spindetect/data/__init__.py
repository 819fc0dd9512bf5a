"""Shipped data files: ``lexicon/*.npy`` (one array each) and ``model.json``, built by
``spindetect.datafiles``. The package installs as plain files (``zip_safe = False``), so they are
found beside this module, without importing importlib.resources (~5 ms of the start of a command
that computes no readability figures: textstat imports it)."""
from __future__ import annotations

import os

FOLDER = os.path.dirname(os.path.abspath(__file__))


def path(*parts: str) -> str:
    """The path of a shipped file or folder (``path("lexicon")``, ``path("model.json")``)."""
    return os.path.join(FOLDER, *parts)

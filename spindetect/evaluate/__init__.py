"""Measured detection quality: held-out corpora (``corpora``), metrics (``metrics``), the
fingerprint-list baseline (``baseline``) and the evaluation loop (``run``) behind
``spindetect eval``."""

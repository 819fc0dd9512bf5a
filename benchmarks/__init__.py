"""Evaluation and benchmark scripts; run each from the repository root as
``python -m benchmarks.NAME`` (README, "Measuring")."""

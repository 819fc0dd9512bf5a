"""Shipped data files: lexicon.npz, vectors.npz, model.json (built by spindetect.build)."""

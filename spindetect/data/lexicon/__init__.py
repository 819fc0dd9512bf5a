"""The shipped lexicon: one .npy array per file, memory-mapped by spindetect.detect.lexicon."""

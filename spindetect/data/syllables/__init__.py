"""CMUdict's words and syllable counts (built by spindetect.datafiles.sounds), read by spindetect.readability.figures."""

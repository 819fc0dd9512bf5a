"""CMUdict's words and syllable counts (built by spindetect.build.sounds), read by spindetect.analyse.quality."""

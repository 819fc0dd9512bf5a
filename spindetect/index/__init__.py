"""Reference index: trusted texts in one SQLite file, searched for the source of a spun copy.

``minhash`` (a sketch of what spinning leaves alone) -> ``store`` (SQLite) -> ``search`` (candidates by
MinHash/LSH, then exact scoring) -> ``align`` (the word diff against the source); ``domain``
merges the collection's phrase statistics into the detector; ``fill`` fills it
(``spindetect index build``).
"""

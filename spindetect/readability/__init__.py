"""Readability figures: textstat, wired to a shipped CMUdict syllable table (``figures``,
``syllables``); never NLTK's downloader."""

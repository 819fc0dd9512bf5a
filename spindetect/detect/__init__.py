"""Detection of spun phrases in one text, in the order ``pipeline`` runs it: ``tokens`` ->
``candidates`` (spans, their thesaurus originals ranked, features; the knowledge is ``lexicon``)
-> ``evidence`` (one module per kind, in ``pipeline.EVIDENCE``) -> ``scoring`` (``model``'s
networks, likelihood ratios, the spin score) -> ``findings``. ``phraselist`` matches the user's
own known-phrase lists. Nothing here prints, reads files or knows about batches and commands."""

"""What writes the files in ``spindetect/data/`` from open sources (README, "Rebuilding the data
files"): ``lexicon``, ``vectors``, ``sounds`` and the models' ``train``. Never imported at run time."""

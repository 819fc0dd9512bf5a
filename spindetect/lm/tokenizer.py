"""The model's byte-level BPE tokenizer, built from the vocabulary and merges in its GGUF file
with PyPI ``tokenizers`` (digits split one by one, as SmolLM2's own tokenizer does)."""
from __future__ import annotations


def build(tokens: list[str], merges: list[str]):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    vocab = {token: i for i, token in enumerate(tokens)}
    pairs = [tuple(merge.split(" ", 1)) for merge in merges]
    tokenizer = Tokenizer(models.BPE(vocab, pairs))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer

"""Tokenizer, vocabulary and encoding for the text workloads.

The vocabulary is built on the training split only; validation and test words it has not seen
map to ``<unk>``. Sequences are truncated/padded to a stated length; the fastText encoding appends
hashed bigram ids after the token ids.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["PAD", "UNK", "Vocabulary", "encode", "tokenize"]

PAD, UNK = 0, 1
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]")
_TAGS = re.compile(r"<[^>]+>")


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens; HTML tags (IMDB's ``<br />``) removed; ``!`` and ``?`` kept.

    >>> tokenize("A <br />great film, isn't it?!")
    ['a', 'great', 'film', "isn't", 'it', '?', '!']
    """
    return _TOKEN.findall(_TAGS.sub(" ", text.lower()))


@dataclass(frozen=True)
class Vocabulary:
    """Token -> id map; id 0 is padding, id 1 is unknown."""

    tokens: tuple[str, ...]

    @classmethod
    def build(cls, docs: Iterable[Sequence[str]], max_size: int, min_freq: int = 2) -> Vocabulary:
        """The ``max_size - 2`` most frequent tokens seen at least ``min_freq`` times (ties by
        token, so the result is deterministic).

        >>> Vocabulary.build([["a", "b", "a"], ["b", "c"]], max_size=10).tokens
        ('<pad>', '<unk>', 'a', 'b')
        """
        counts = Counter(t for doc in docs for t in doc)
        ranked = sorted((t for t, c in counts.items() if c >= min_freq), key=lambda t: (-counts[t], t))
        return cls(("<pad>", "<unk>", *ranked[: max(0, max_size - 2)]))

    def __len__(self) -> int:
        return len(self.tokens)

    def index(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.tokens)}


def encode(
    docs: Sequence[Sequence[str]],
    vocab: Vocabulary,
    length: int,
    bigram_buckets: int = 0,
) -> np.ndarray:
    """Encode token lists as an ``int64`` array ``(len(docs), width)``, 0-padded.

    Tokens past ``length`` are cut. With ``bigram_buckets > 0`` each row also holds the ids of its
    adjacent token pairs, hashed into ``[len(vocab), len(vocab) + bigram_buckets)``, and the width
    is ``2 * length - 1``.

    >>> v = Vocabulary(("<pad>", "<unk>", "good", "film"))
    >>> encode([["good", "film"], ["bad"]], v, length=3).tolist()
    [[2, 3, 0], [1, 0, 0]]
    >>> encode([["good", "film"]], v, length=2, bigram_buckets=5).tolist()
    [[2, 3, 8]]
    """
    if length < 1:
        raise ValueError(f"length must be >= 1, got {length}")
    lookup = vocab.index()
    width = length + (length - 1 if bigram_buckets else 0)
    out = np.zeros((len(docs), width), dtype=np.int64)
    base = len(vocab)
    for row, doc in enumerate(docs):
        ids = [lookup.get(t, UNK) for t in doc[:length]]
        out[row, : len(ids)] = ids
        if bigram_buckets and len(ids) > 1:
            a = np.asarray(ids[:-1], dtype=np.int64)
            b = np.asarray(ids[1:], dtype=np.int64)
            hashed = base + (a * 1_000_003 + b) % bigram_buckets
            out[row, length : length + len(hashed)] = hashed
    return out

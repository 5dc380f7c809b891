"""Fuzzy meaning vectors: hashed character n-grams of content words, and cosine similarities.

Character 4-grams of each content word (with word-boundary marks) match across inflections
and word formation ("велосипед" ~ "велодорожка" share "<вел", "вело"; "garden" ~ "gardening"),
so a paragraph and a topic that speak of the same things score high even when no stem is
shared. Vectors are hashed into a fixed number of buckets with crc32 (stable across runs).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from itertools import chain

import numpy as np

from core.local import text as tx

BUCKETS = 4096
GRAM = 4
_GRAMS_CACHE: dict[str, tuple[int, ...]] = {}
_GRAMS_CACHE_MAX = 200_000


def word_grams(word: str) -> tuple[int, ...]:
    """Hashed bucket ids of a word's character n-grams (the word itself if it is short)."""
    cached = _GRAMS_CACHE.get(word)
    if cached is not None:
        return cached
    marked = f"<{word}>"
    if len(marked) <= GRAM:
        parts = [marked]
    else:
        parts = [marked[i:i + GRAM] for i in range(len(marked) - GRAM + 1)]
    result = tuple(zlib.crc32(p.encode()) % BUCKETS for p in parts)
    if len(_GRAMS_CACHE) >= _GRAMS_CACHE_MAX:
        _GRAMS_CACHE.clear()
    _GRAMS_CACHE[word] = result
    return result


def clear_gram_cache() -> None:
    """Forget cached word and text n-grams."""
    _GRAMS_CACHE.clear()
    _TEXT_CACHE.clear()


def content_words(text: str) -> list[str]:
    """Normalised words that carry meaning (no stop words, at least three letters)."""
    return [w for w in tx.words(text) if len(w) > 2 and w not in tx.STOP_WORDS]


_TEXT_CACHE: dict[str, tuple[int, ...]] = {}
_TEXT_CACHE_MAX = 50_000


def text_grams(text: str) -> tuple[int, ...]:
    """All n-gram bucket ids of a text's content words (with repeats; cached by text)."""
    cached = _TEXT_CACHE.get(text)
    if cached is None:
        if len(_TEXT_CACHE) >= _TEXT_CACHE_MAX:
            _TEXT_CACHE.clear()
        cached = _TEXT_CACHE[text] = words_grams(content_words(text))
    return cached


def words_grams(words: list[str]) -> tuple[int, ...]:
    """All n-gram bucket ids of `words` (content words, in order, with repeats)."""
    out: list[int] = []
    for w in words:
        out.extend(word_grams(w))
    return tuple(out)


def matrix(gram_lists: Sequence[tuple[int, ...]]) -> np.ndarray:
    """Rows of L2-normalised n-gram counts (zero rows stay zero).

    Only the non-zero cells are computed: a row's sum of squared counts is an exact integer
    in float32, so each value is the same float32 as `normalise` of the dense counts gives.
    """
    n = len(gram_lists)
    m = np.zeros((n, BUCKETS), dtype=np.float32)
    lengths = np.fromiter(map(len, gram_lists), np.int64, n)
    ids = np.fromiter(chain.from_iterable(gram_lists), np.int64, int(lengths.sum()))
    ids += np.repeat(np.arange(n, dtype=np.int64) * BUCKETS, lengths)
    cells, counts = np.unique(ids, return_counts=True)
    rows, cols = np.divmod(cells, BUCKETS)
    squares = np.bincount(rows, weights=counts.astype(np.float64) ** 2, minlength=n)
    norms = np.maximum(np.sqrt(squares.astype(np.float32)), np.float32(1e-9))
    m[rows, cols] = counts.astype(np.float32) / norms[rows]
    return m


def normalise(m: np.ndarray) -> np.ndarray:
    """Each row scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return m / np.maximum(norms, 1e-9)

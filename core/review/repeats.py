"""Near-duplicate paragraphs: the Jaccard similarity of their word 3-gram sets.

Fast at any length: each paragraph is indexed by a sketch of its SKETCH smallest 3-gram hashes
(paragraphs this similar almost always share one), and only paragraphs sharing a sketch entry
are compared exactly.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Sequence

WORD = re.compile(r"\w+", re.UNICODE)
MIN_WORDS = 6          # shorter paragraphs (headings, "Thanks!") repeat legitimately
SIMILAR = 0.7          # Jaccard similarity of word 3-gram sets that counts as a repeat
SKETCH = 6


def _shingles(text: str) -> frozenset[int]:
    w = WORD.findall(text.lower().replace("ё", "е"))
    if len(w) < MIN_WORDS:
        return frozenset()
    return frozenset(map(hash, zip(w, w[1:], w[2:], strict=False)))


def repeated_groups(texts: Sequence[str]) -> list[list[int]]:
    """Groups (2+ indexes, ascending) of paragraphs that nearly repeat each other."""
    index: dict[int, list[int]] = defaultdict(list)
    sets = [_shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, s in enumerate(sets):
        if not s:
            continue
        candidates: set[int] = set()
        for h in heapq.nsmallest(SKETCH, s):
            candidates.update(index[h])
            index[h].append(i)
        for j in candidates:
            common = len(s & sets[j])
            if common / (len(s) + len(sets[j]) - common) >= SIMILAR:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[root(i)].append(i)
    return [g for g in groups.values() if len(g) > 1]

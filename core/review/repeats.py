"""Near-duplicate paragraphs: the Jaccard similarity of their word 3-gram sets.

Fast at any length: each paragraph is indexed by a sketch of its SKETCH smallest 3-gram hashes
(paragraphs this similar almost always share one), and only paragraphs sharing a sketch entry
are compared exactly. The index keeps a sketch entry's paragraphs by group, so a paragraph
compares with a group only until it joins it (a draft of many copies stays linear).
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

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
    index: dict[int, dict[int, list[int]]] = defaultdict(dict)  # hash -> group -> members
    sets = [_shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def similar(i: int, j: int) -> bool:
        common = len(sets[i] & sets[j])
        return common / (len(sets[i]) + len(sets[j]) - common) >= SIMILAR

    for i, s in enumerate(sets):
        if not s:
            continue
        sketch = heapq.nsmallest(SKETCH, s)
        for h in sketch:
            for members in _by_group(index[h], root):
                for j in members:
                    if root(j) == root(i):
                        break  # i joined this group: the rest of it is in already
                    if similar(i, j):
                        parent[root(i)] = root(j)
        for h in sketch:
            index[h].setdefault(root(i), []).append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[root(i)].append(i)
    return [g for g in groups.values() if len(g) > 1]


def _by_group(groups: dict[int, list[int]], root: Callable[[int], int]) -> list[list[int]]:
    """The member lists of a sketch entry, merged under their groups' current roots."""
    for key in [k for k in groups if root(k) != k]:
        groups.setdefault(root(key), []).extend(groups.pop(key))
    return list(groups.values())

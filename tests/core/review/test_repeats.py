"""Near-duplicate detection, and the cost of a whole review on a long draft (printed)."""

from __future__ import annotations

import time

from core.review.findings import review
from core.review.repeats import repeated_groups
from core.roles import ROLE_IDS
from tests.core.review.drafts import draft, filler


def test_groups_collect_every_copy_and_ignore_distinct_paragraphs():
    a, b = filler(1), filler(2)
    texts = [a, b, filler(3), a.upper(), b.replace(".", " again."), filler(4), a]
    assert sorted(repeated_groups(texts)) == [[0, 3, 6], [1, 4]]


def test_a_paragraph_sharing_half_its_words_is_not_a_repeat():
    a, b = filler(1, 40), filler(2, 40)
    half = " ".join(a.split()[:20] + b.split()[20:])
    assert repeated_groups([a, half]) == []


def test_review_of_a_thousand_paragraphs_is_fast():
    roles = [ROLE_IDS[(i * 7) % len(ROLE_IDS)] for i in range(1000)]
    verdicts = draft(*roles, words=60)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        found = review(verdicts)
        best = min(best, time.perf_counter() - t0)
    print(f"\nreview of 1,000 paragraphs: {best * 1000:.1f} ms, {len(found)} findings")
    assert all(f.id for f in found)


def _components(texts: list[str]) -> list[list[int]]:
    """The definition, pair by pair: two paragraphs are linked when their sketches share a
    hash and their 3-gram sets are similar enough; groups are the linked components."""
    import heapq

    from core.review.repeats import SIMILAR, SKETCH, _shingles

    sets = [_shingles(t) for t in texts]
    sketch = [set(heapq.nsmallest(SKETCH, s)) for s in sets]
    group = list(range(len(texts)))
    for i in range(len(texts)):
        for j in range(i):
            common = len(sets[i] & sets[j])
            if (sets[i] and sets[j] and sketch[i] & sketch[j]
                    and common / (len(sets[i]) + len(sets[j]) - common) >= SIMILAR):
                old, new = group[i], group[j]
                group = [new if g == old else g for g in group]
    out: dict[int, list[int]] = {}
    for i, g in enumerate(group):
        out.setdefault(g, []).append(i)
    return sorted(g for g in out.values() if len(g) > 1)


def _variants(seed: int, n: int) -> list[str]:
    """Paragraphs from a few originals with words changed here and there (chains of
    near-copies: a ~ b and b ~ c while a and c differ more)."""
    import random

    rng = random.Random(seed)
    originals = [filler(seed * 100 + k, 30).split() for k in range(4)]
    out = []
    for _ in range(n):
        words = list(rng.choice(originals))
        for _ in range(rng.randint(0, 4)):
            words[rng.randrange(len(words))] = rng.choice(["alpha", "beta", "gamma", "delta"])
        out.append(" ".join(words))
    return out


def test_groups_are_the_linked_components_of_near_copies():
    for seed in range(6):
        texts = _variants(seed, 60)
        assert sorted(repeated_groups(texts)) == _components(texts), seed


def test_a_draft_of_thousands_of_near_copies_is_fast():
    """bench-gui's draft: a few paragraphs cycled, each numbered (printed, not asserted)."""
    body = [filler(k, 50) for k in range(12)]
    texts = [f"{body[i % 12]} ({i + 1})" for i in range(5000)]
    t0 = time.perf_counter()
    groups = repeated_groups(texts)
    print(f"\nnear-copies among 5,000 paragraphs: {(time.perf_counter() - t0) * 1000:.1f} ms")
    assert sorted(map(len, groups)) == [416] * 4 + [417] * 8

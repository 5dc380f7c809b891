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

"""Per-chunk Local scoring (any order, sliced) gives exactly the whole-document verdicts."""

from __future__ import annotations

import asyncio
import random

from core.chunking import make_document
from core.local.classifier import DocScorer, classify
from core.local.features import clear_caches

WORDS = ["garden", "soil", "rain", "like", "a", "river", "imagine", "however", "but",
         "example", "ha", "then", "next"]


def _doc(n: int, seed: int = 1):
    rng = random.Random(seed)
    body = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40))) + "." for _ in range(n)]
    return make_document("\n\n".join(body), "garden soil")


def test_verdicts_in_any_order_equal_classify():
    doc = _doc(300)
    expected = classify(doc)
    clear_caches()
    scorer = DocScorer(doc)
    asyncio.run(scorer.prepare(slice_s=0.0005))
    order = list(range(len(doc.chunks)))
    random.Random(2).shuffle(order)
    got = {i: scorer.verdict(i) for i in order}
    assert [got[i] for i in range(len(doc.chunks))] == expected


def test_scores_need_only_the_neighbourhood_and_match():
    doc = _doc(200, seed=5)
    expected = classify(doc)
    clear_caches()
    scorer = DocScorer(doc)
    assert scorer.scores(100) == (expected[100].relevance, expected[100].complexity)
    assert not scorer.ready
    assert sum(s is not None for s in scorer._features._stats) <= 11  # i-5 .. i+5

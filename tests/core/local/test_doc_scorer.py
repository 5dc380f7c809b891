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


def test_early_verdicts_are_final_and_cover_most_chunks():
    doc = make_document("\n\n".join(
        f"Paragraph {i}: the garden is a river of soil, like a quiet engine in the rain."
        if i % 7 == 0 else f"Paragraph {i} about garden soil and rain, for example in May."
        for i in range(300)), "garden soil")
    expected = classify(doc)
    clear_caches()
    scorer = DocScorer(doc)
    early = {i: scorer.early_verdict(i) for i in (150, 151, 152, 0, 299)}
    assert sum(v is not None for v in early.values()) >= 3
    assert all(v == expected[i] for i, v in early.items() if v is not None)
    assert sum(s is not None for s in scorer._features._stats) < 60  # not the whole draft
    asyncio.run(scorer.prepare())
    assert [scorer.verdict(i) for i in range(300)] == expected


def test_a_rare_metaphor_vehicle_waits_for_the_whole_draft():
    body = [f"Paragraph {i} about garden soil and rain." for i in range(100)]
    body[50] = "Our town is an orchestra tuning up before the rain."
    doc = make_document("\n\n".join(body), "garden soil")
    final = DocScorer(doc)._features.features(50)
    clear_caches()
    feats = DocScorer(doc)._features
    assert feats.features(50, early=True) is None  # 'orchestra' might recur further on
    assert final["foreign_vehicles"] >= 1
    assert feats.features(51, early=True) == DocScorer(doc)._features.features(51)

"""Per-chunk Local scoring (any order, sliced, in blocks) gives exactly `classify`'s verdicts."""

from __future__ import annotations

import asyncio
import random

import numpy as np

from core.backends.local import LocalBackend
from core.chunking import make_document
from core.local.classifier import BLOCK_ROWS, OFF_TOPIC, DocScorer, classify, model, pick_roles
from core.local.encode import clear_caches, encode
from core.models import ChunkResult
from core.roles import ROLE_IDS

WORDS = ["garden", "soil", "rain", "like", "a", "river", "imagine", "however", "but",
         "example", "ha", "then", "next", "orchestra", "подписывайтесь", "сад"]


def _doc(n: int, seed: int = 1):
    rng = random.Random(seed)
    body = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40))) + "." for _ in range(n)]
    return make_document("\n\n".join(body), "garden soil")


def test_verdicts_in_any_order_equal_classify():
    doc = _doc(300)
    expected = classify(doc)
    clear_caches()
    scorer = DocScorer(doc)
    asyncio.run(scorer.prepare(slice_s=0.0005, order=[250, 3, 140]))
    order = list(range(len(doc.chunks)))
    random.Random(2).shuffle(order)
    got = {i: scorer.verdict(i) for i in order}
    assert [got[i] for i in range(len(doc.chunks))] == expected


def test_blocks_agree_with_one_whole_draft_pass_of_the_model():
    doc = _doc(2 * BLOCK_ROWS + 17, seed=3)
    texts = [c.text for c in doc.chunks]
    probs = model().probabilities(encode(texts, doc.topic))  # all rows in one block
    relevance = np.clip(1.0 - probs[:, OFF_TOPIC].sum(axis=1), 0.0, 1.0)
    got = classify(doc)
    assert [v.roles for v in got] == [pick_roles(dict(zip(ROLE_IDS, p.tolist(), strict=True)))
                                      for p in probs]
    assert np.allclose([v.relevance for v in got], relevance, atol=2e-4)


def test_complexity_needs_no_pass_over_the_draft():
    doc = _doc(200, seed=5)
    expected = classify(doc)
    clear_caches()
    scorer = DocScorer(doc)
    assert scorer.complexity(100) == expected[100].complexity
    assert not scorer.ready


def test_a_verdict_depends_on_the_whole_draft_so_none_is_given_early():
    """Why there are no early verdicts: a far-away paragraph moves paragraph 0's probabilities."""
    body = [f"Paragraph {i} about garden soil and rain." for i in range(300)]
    before = model().probabilities(encode(body, "garden soil"))[0]
    body[299] = "Subscribe to my channel, like and share! Orchestra tickets on sale."
    after = model().probabilities(encode(body, "garden soil"))[0]
    assert np.abs(before - after).max() > 1e-6


def test_local_backend_answers_every_target_once_in_the_callers_order(monkeypatch):
    # slices of no time: the cold pass yields at every block, however fast the machine is
    monkeypatch.setattr("core.backends.local.SLICE_S", 0.0)
    doc = _doc(3 * BLOCK_ROWS, seed=7)
    targets = doc.chunks[200:260] + doc.chunks[:200] + doc.chunks[260:]
    expected = classify(doc)
    clear_caches()
    turns = 0
    before_first: list[int] = []

    async def ticker(stop: asyncio.Event) -> None:
        nonlocal turns
        while not stop.is_set():
            turns += 1
            await asyncio.sleep(0)

    async def run() -> list[ChunkResult]:
        stop = asyncio.Event()
        tick = asyncio.ensure_future(ticker(stop))
        out = []
        async for e in LocalBackend().run(doc, targets):
            if isinstance(e, ChunkResult):
                if not out:
                    before_first.append(turns)
                out.append(e)
        stop.set()
        await tick
        return out

    results = asyncio.run(run())
    assert [r.chunk_id for r in results] == [c.id for c in targets]
    assert all((r.roles, r.relevance, r.complexity) == (expected[r.index].roles,
               expected[r.index].relevance, expected[r.index].complexity) for r in results)
    assert before_first[0] >= 2  # the cold pass (three blocks) let the event loop run


def _reference_meaning(texts: list[str], topic: str) -> dict[str, np.ndarray]:
    """The whole-draft formulas of the meaning features, on one matrix (as training had them)."""
    from core.local import vectors as vx

    m = vx.matrix([vx.text_grams(t) for t in texts])
    t = vx.matrix([vx.text_grams(topic)])[0]
    total = m.sum(axis=0)
    to_topic, dot, sq = m @ t, m @ total, np.einsum("ij,ij->i", m, m)
    prev = np.zeros(len(texts))
    prev[1:] = np.einsum("ij,ij->i", m[1:], m[:-1])
    nxt = np.zeros(len(texts))
    nxt[:-1] = prev[1:]
    return {"sim_topic": to_topic, "sim_topic_rel": to_topic - to_topic.mean(),
            "sim_doc_topic": np.full(len(texts), vx.normalise(total) @ t),
            "sim_doc_topic_max": np.full(len(texts), to_topic.max()),
            "sim_rest": (dot - sq) / np.sqrt(np.maximum(total @ total - 2 * dot + sq, 1e-9)),
            "sim_prev": prev, "sim_next": nxt, "sim_neigh_max": np.maximum(prev, nxt)}


def test_row_blocks_encode_the_whole_draft_formulas():
    from core.local.encode import DraftPass

    doc = _doc(150, seed=11)
    texts = [c.text for c in doc.chunks]
    draft = DraftPass(texts, doc.topic)
    while not draft.complete:
        draft.step()
    blocks = [draft.encode_rows(a, min(150, a + 64)) for a in range(0, 150, 64)]
    for name, want in _reference_meaning(texts, doc.topic).items():
        got = np.concatenate([b.dense[name] for b in blocks])
        assert np.allclose(got, want, atol=1e-5), name

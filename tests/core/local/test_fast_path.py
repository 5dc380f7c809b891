"""The fast path of the Local model (lexical pass, batched n-gram rows, the kept scorer, full
stats only for scored blocks) gives the model the input main's full pass gave it (bit for bit
on one machine, to float32 rounding across CPUs), so no verdict changes; and its verdicts are
those of that input in any order."""

from __future__ import annotations

import asyncio
import importlib.util
import random
from pathlib import Path

import numpy as np
import pytest

from core.chunking import make_document
from core.local.classifier import BLOCK_ROWS, DocScorer, classify, model, verdicts
from core.local.encode import Encoded, clear_caches, encode, warm
from core.local.features import paragraph_stats
from tests.core.local.same_verdicts import assert_same_verdicts

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "data" / "local"


def _golden_module():
    spec = importlib.util.spec_from_file_location(
        "make_encoded_golden", GOLDEN_DIR / "make_encoded_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DRAFTS = _golden_module().drafts()
GOLDEN = np.load(GOLDEN_DIR / "encoded_golden.npz")


def _golden(name: str, texts: list[str]) -> Encoded:
    prefix = f"{name}|dense|"
    dense = {k[len(prefix):]: GOLDEN[k] for k in GOLDEN.files if k.startswith(prefix)}
    return Encoded(dense, GOLDEN[f"{name}|rows"].astype(np.int64),
                   GOLDEN[f"{name}|cols"].astype(np.int64), GOLDEN[f"{name}|vals"],
                   [paragraph_stats(t) for t in texts], len(texts))


def _assert_same(got: np.ndarray, want: np.ndarray, what: object) -> None:
    """Integers bit for bit; floats to float32 rounding (rtol 1e-5), because numpy's float32
    log1p and BLAS dot products differ in the last bits between CPUs with and without AVX-512
    (the golden file was written on one, CI may run on the other). A fast-path mistake (a wrong
    row, a missed count) moves a value by far more."""
    assert got.dtype == want.dtype and got.shape == want.shape, what
    if np.issubdtype(want.dtype, np.floating):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7, err_msg=str(what))
    else:
        assert np.array_equal(got, want), what


def _assert_same_input(got: Encoded, want: Encoded) -> None:
    assert sorted(got.dense) == sorted(want.dense)
    for key, col in want.dense.items():
        _assert_same(got.dense[key], col, key)
    for part in ("rows", "cols", "vals"):
        _assert_same(getattr(got, part), getattr(want, part), part)


@pytest.mark.parametrize("name,texts,topic", DRAFTS, ids=[d[0] for d in DRAFTS])
def test_model_input_equals_the_old_full_pass(name, texts, topic):
    clear_caches()
    _assert_same_input(encode(texts, topic), _golden(name, texts))


def test_blocks_of_a_warm_out_of_order_draft_equal_the_old_full_pass():
    """Some paragraphs warmed before (as the idle warm-up does, visible first), the pass in
    short steps, every block encoded on its own: still the same input row for row."""
    name, texts, topic = DRAFTS[-1]
    clear_caches()
    for i in random.Random(4).sample(range(len(texts)), len(texts) // 3):
        warm(texts[i])
    scorer = DocScorer(make_document("\n\n".join(texts), topic))
    assert [c.text for c in scorer.doc.chunks] == texts
    while not scorer.advance(0.0):  # one step at a time
        pass
    want = _golden(name, texts)
    for start in range(0, len(texts), BLOCK_ROWS):
        stop = min(len(texts), start + BLOCK_ROWS)
        got = scorer.encoded_rows(start, stop)
        for key, col in want.dense.items():
            _assert_same(got.dense[key], col[start:stop], (start, key))
        keep = (want.rows >= start) & (want.rows < stop)
        assert np.array_equal(got.rows + start, want.rows[keep])
        assert np.array_equal(got.cols, want.cols[keep])


def test_fast_path_verdicts_equal_those_of_the_old_full_pass_input():
    name, texts, topic = DRAFTS[-1]
    doc = make_document("\n\n".join(texts), topic)
    golden = _golden(name, texts)
    probs = model().probabilities(golden)
    expected = verdicts(probs, model().confidence(probs), golden)
    clear_caches()
    scorer = DocScorer.of(doc)
    visible = list(range(200, 240))
    asyncio.run(scorer.prepare(slice_s=0.0005, order=visible))
    order = visible + random.Random(5).sample(range(len(texts)), len(texts))
    got = {i: scorer.verdict(i) for i in order}
    assert_same_verdicts([got[i] for i in range(len(texts))], expected)


def test_the_kept_pass_is_reused_only_for_the_same_texts_and_topic():
    name, texts, topic = DRAFTS[0]
    doc = make_document("\n\n".join(texts), topic)
    first = DocScorer.of(doc)
    while not first.advance(0.0):
        pass
    assert DocScorer.of(make_document("\n\n".join(texts), topic)).ready  # the same pass
    assert not DocScorer.of(make_document("\n\n".join(texts), topic + " and more")).ready
    edited = make_document("\n\n".join([*texts[:-1], texts[-1] + " Edited."]), topic)
    assert not DocScorer.of(edited).ready
    again = DocScorer.of(doc)
    assert not again.ready  # only the last draft's pass is kept
    while not again.advance(0.0):
        pass
    clear_caches()  # a cold start forgets it too
    assert not DocScorer.of(make_document("\n\n".join(texts), topic)).ready


def test_a_cold_block_is_warmed_in_slices_before_its_verdict():
    name, texts, topic = DRAFTS[-1]
    doc = make_document("\n\n".join(texts), topic)
    expected = classify(doc)[BLOCK_ROWS * 3 + 5]
    clear_caches()
    scorer = DocScorer.of(doc)

    async def run() -> tuple[int, object]:
        await scorer.prepare(slice_s=0.001, order=[0])
        turns = 0
        stop = asyncio.Event()

        async def ticker() -> None:
            nonlocal turns
            while not stop.is_set():
                turns += 1
                await asyncio.sleep(0)

        task = asyncio.ensure_future(ticker())
        await asyncio.sleep(0)
        before = turns
        got = await scorer.verdict_soon(BLOCK_ROWS * 3 + 5, slice_s=0.0)
        stop.set()
        await task
        return turns - before, got

    turns, got = asyncio.run(run())
    assert got == expected
    assert turns >= BLOCK_ROWS // 2  # the loop ran between the block's paragraphs

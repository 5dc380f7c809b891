"""The demo server gives a paragraph the same roles however the client batched it."""

from __future__ import annotations

import json
from importlib import resources as ilr

import pytest

from core.backends import open_backend
from core.backends.base import batch_prompt, consecutive_batches
from core.chunking import make_document
from core.emulator.answers import NEIGHBOURS, answer
from core.emulator.demo import stop_demo
from core.models import ChunkResult, Document
from core.parser import AnswerParser
from core.settings import Settings


def sample_doc(lang: str = "en") -> Document:
    base = ilr.files("resources")
    meta = json.loads(base.joinpath("samples.json").read_text(encoding="utf-8"))[lang]
    return make_document(base.joinpath(meta["file"]).read_text(encoding="utf-8"), meta["topic"])


def roles_by_batching(doc: Document, size: int) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for batch in consecutive_batches(list(doc.chunks), size):
        prompt = batch_prompt(doc, batch, NEIGHBOURS)
        parser = AnswerParser(prompt.markers)
        verdicts = parser.feed(answer(prompt.user))
        out.update({prompt.markers[v.marker].id: v.roles for v in verdicts})
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_answers_do_not_depend_on_batching(lang):
    doc = sample_doc(lang)
    one_by_one = roles_by_batching(doc, 1)
    assert len(one_by_one) == len(doc.chunks)
    for size in (2, 3, 8, len(doc.chunks)):
        assert roles_by_batching(doc, size) == one_by_one, size


async def run_demo(method: str, doc: Document) -> dict[str, tuple[str, ...]]:
    backend = await open_backend(method, Settings(demo=True))
    results: list[ChunkResult] = []
    try:
        async for event in backend.run(doc, doc.chunks):
            if isinstance(event, ChunkResult):
                results.append(event)
    finally:
        await backend.aclose()
    assert all(r.ok for r in results)
    return {r.chunk_id: r.roles for r in results}


async def test_rest_realtime_and_hybrid_agree_in_demo_mode():
    doc = sample_doc("en")
    try:
        by_method = {m: await run_demo(m, doc) for m in ("rest", "realtime", "hybrid")}
    finally:
        await stop_demo()
    assert len(by_method["rest"]) == len(doc.chunks)
    assert by_method["realtime"] == by_method["rest"]
    assert by_method["hybrid"] == by_method["rest"]
    primaries = [roles[0] for roles in by_method["rest"].values()]
    assert primaries.count("noise") <= 2  # the sample has one aside, not a third of noise

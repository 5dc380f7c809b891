"""Chunks a caller puts first (the visible ones) are asked about, and answered, first."""

from __future__ import annotations

from core.backends import create_backend
from core.backends.base import consecutive_batches
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.models import ChunkResult
from core.settings import Settings

DOC = make_document("\n\n".join(f"Paragraph {i} about rivers." for i in range(40)), "rivers")
ORDER = [DOC.chunks[i] for i in [*range(20, 40), *range(0, 20)]]


def test_batches_come_in_the_order_of_their_first_target():
    batches = consecutive_batches(ORDER, 4)
    assert [b[0].index for b in batches] == [20, 24, 28, 32, 36, 0, 4, 8, 12, 16]


async def test_rest_answers_the_first_batches_first_even_when_temperature_is_refused():
    server = Emulator(EmulatorConfig(profile="fixed"))
    url = await server.start()
    # gpt-5 ids refuse temperature=0 (like OpenAI): the first requests are asked again.
    backend = create_backend("rest", Settings(base_url=url, model="gpt-5-mini",
                                              batch_size=4, concurrency=2), "key")
    try:
        got = [e.index async for e in backend.run(DOC, ORDER) if isinstance(e, ChunkResult)]
    finally:
        await backend.aclose()
        await server.stop()
    assert sorted(got) == list(range(40))
    assert set(got[:8]) == set(range(20, 28))

"""Hybrid over real sockets: the real SDK against the local server with Realtime faults."""

from __future__ import annotations

from collections import Counter

from core.backends.breaker import BreakerState
from core.backends.hybrid import HybridBackend
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.models import ChunkResult, Document, RequestRecord
from core.settings import Settings


def draft(n: int) -> Document:
    text = "\n\n".join(f"Paragraph {i}: grinding beans fresh changes the cup." for i in range(n))
    return make_document(text, "brewing coffee at home")


async def run_hybrid(config: EmulatorConfig, n: int) -> tuple[list[ChunkResult],
                                                             list[RequestRecord], Emulator,
                                                             HybridBackend]:
    doc = draft(n)
    async with Emulator(config) as em:
        backend = HybridBackend(Settings(base_url=em.base_url), "test-key")
        results, records = [], []
        try:
            async for event in backend.run(doc, doc.chunks):
                (results if isinstance(event, ChunkResult) else records).append(event)
        finally:
            await backend.aclose()
    assert sorted(r.chunk_id for r in results) == sorted(c.id for c in doc.chunks)
    return results, records, em, backend


async def test_realtime_refusing_connections_sends_everything_to_rest():
    results, _records, em, backend = await run_hybrid(
        EmulatorConfig(realtime_down=True), 60)
    assert all(r.ok and r.backend == "rest" for r in results)
    assert backend.breakers["realtime"].state is BreakerState.OPEN
    # bounded by the breaker and the pool's fail-fast, not one upgrade per request
    assert em.stats.requests["/v1/realtime"] <= Settings().pool_size * 2


async def test_realtime_faults_fall_back_without_losing_or_doubling_paragraphs():
    config = EmulatorConfig(seed=3, fault_target="realtime", fail_rate=0.3, drop_rate=0.1)
    results, records, em, _backend = await run_hybrid(config, 80)
    assert all(r.ok for r in results)
    assert em.stats.faults  # the faults happened
    routes = Counter(r.route for r in results)
    assert routes["fallback"] > 0
    assert all(r.route in ("", "fallback") for r in results)
    assert {r.backend for r in records} <= {"realtime", "rest"}


async def test_healthy_server_answers_on_realtime():
    results, records, _em, _backend = await run_hybrid(EmulatorConfig(), 12)  # < 16 slots
    assert all(r.ok and r.backend == "realtime" and r.route == "" for r in results)
    assert records and all(r.backend == "realtime" for r in records)

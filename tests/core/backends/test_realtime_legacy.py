"""The original experiment's in-band strategy reproduces its failure; ours does not."""

from __future__ import annotations

from core.backends.realtime import RealtimeBackend
from core.backends.realtime_legacy import LegacyRealtimeBackend
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.models import ChunkResult
from core.settings import Settings


def draft(n: int):
    return make_document("\n\n".join(f"Cats nap in the sun, part {i}." for i in range(n)), "cats")


async def results_of(backend, doc) -> list[ChunkResult]:
    out = [e async for e in backend.run(doc, doc.chunks) if isinstance(e, ChunkResult)]
    await backend.aclose()
    return out


async def test_legacy_hits_active_response_conflicts_on_30_paragraphs():
    # answers taking ~2 s, a pause far shorter (the seed's pause scaled to the profile): a
    # loaded machine, whose sleeps overshoot, cannot make the pause long enough to hide it
    async with Emulator(EmulatorConfig(profile="slow", seed=3)) as em:
        doc = draft(30)
        legacy = await results_of(LegacyRealtimeBackend(Settings(base_url=em.base_url), "k",
                                                        pause_s=0.05), doc)
        ours = await results_of(RealtimeBackend(Settings(base_url=em.base_url), "k"), doc)
    assert sorted(r.index for r in legacy) == list(range(30))
    failed = [r for r in legacy if r.error]
    assert len(failed) >= 10
    assert all(r.error.startswith("Conversation already has an active response") for r in failed)
    assert any(r.ok for r in legacy)
    assert len(ours) == 30 and all(r.ok for r in ours)


async def test_legacy_with_a_long_enough_pause_succeeds():
    async with Emulator(EmulatorConfig(profile="instant")) as em:
        doc = draft(3)
        # instant answers, a pause of a whole second: ample even on a loaded machine
        legacy = await results_of(LegacyRealtimeBackend(Settings(base_url=em.base_url), "k",
                                                        pause_s=1.0), doc)
    assert len(legacy) == 3 and all(r.ok for r in legacy)

"""The cache through whole runs (Analyzer, real SDK, the emulator): a neighbour's change misses
its paragraph's answer; a second identical Hybrid run reads what its parts stored."""

from __future__ import annotations

from core.analyzer import Analyzer
from core.backends.hybrid import HybridBackend
from core.backends.rest import RestBackend
from core.cache import ResultCache
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.models import ChunkResult
from core.settings import Settings

KEY = "sk-cache-0123456789"
TEXTS = ["Beans are roasted.", "For example, Anna roasts hers.", "Grind them fresh.",
         "Brew for four minutes.", "Enjoy the cup."]


async def analyse(backend, cache: ResultCache, texts: list[str]) -> dict[int, ChunkResult]:
    doc = make_document("\n\n".join(texts), "coffee")
    try:
        return {e.index: e async for e in Analyzer(backend, cache).run(doc)
                if isinstance(e, ChunkResult)}
    finally:
        await backend.aclose()


def answers_asked(em: Emulator) -> int:
    """Requests for answers (chat and Realtime), not the model list the cache key reads."""
    return sum(n for path, n in em.stats.requests.items() if path != "/v1/models")


async def test_changing_a_neighbour_misses_the_paragraphs_beside_it(tmp_path):
    cache = ResultCache(tmp_path / "r.sqlite")
    async with Emulator() as em:
        settings = Settings(base_url=em.base_url, model="gpt-4o-mini")
        first = await analyse(RestBackend(settings, KEY), cache, TEXTS)
        changed = [*TEXTS[:3], "Brew for five minutes.", *TEXTS[4:]]
        second = await analyse(RestBackend(settings, KEY), cache, changed)
    assert all(r.ok and not r.cached for r in first.values())
    cached = sorted(i for i, r in second.items() if r.cached)
    assert cached == [0, 1], "2 and 4 had paragraph 3 as context; 3 itself changed"


async def test_a_second_identical_hybrid_run_is_answered_from_the_cache(tmp_path):
    cache = ResultCache(tmp_path / "r.sqlite")
    async with Emulator() as em:
        settings = Settings(base_url=em.base_url, model="gpt-4o-mini")
        first = await analyse(HybridBackend(settings, KEY), cache, TEXTS)
        asked = answers_asked(em)
        second = await analyse(HybridBackend(settings, KEY), cache, TEXTS)
        asked_again = answers_asked(em) - asked
    assert all(r.ok for r in first.values())
    assert all(r.cached for r in second.values()), [r.backend for r in second.values()]
    assert [second[i].roles for i in range(5)] == [first[i].roles for i in range(5)]
    assert asked_again == 0


async def test_a_fresh_run_asks_again_and_replaces_what_the_cache_holds(tmp_path):
    cache = ResultCache(tmp_path / "r.sqlite")
    async with Emulator() as em:
        settings = Settings(base_url=em.base_url, model="gpt-4o-mini")
        await analyse(RestBackend(settings, KEY), cache, TEXTS)
        asked = answers_asked(em)
        doc = make_document("\n\n".join(TEXTS), "coffee")
        backend = RestBackend(settings, KEY)
        fresh = [e async for e in Analyzer(backend, cache, fresh=True).run(doc)
                 if isinstance(e, ChunkResult)]
        await backend.aclose()
        asked_again = answers_asked(em) - asked
    assert len(fresh) == 5 and not any(r.cached for r in fresh)
    assert asked_again > 0


async def test_a_new_server_behind_the_same_url_and_model_is_asked_again(tmp_path):
    cache = ResultCache(tmp_path / "r.sqlite")
    async with Emulator() as old:
        port = old.port
        settings = Settings(base_url=old.base_url, model="gpt-4o-mini")
        await analyse(RestBackend(settings, KEY), cache, TEXTS)
        again = await analyse(RestBackend(settings, KEY), cache, TEXTS)
    new = Emulator(EmulatorConfig(port=port))
    new.started = old.started + 3600  # another server: its model list says another start
    async with new:
        assert new.base_url == settings.base_url
        fresh = await analyse(RestBackend(settings, KEY), cache, TEXTS)
        asked = answers_asked(new)
    assert all(r.cached for r in again.values()), "the same server is read from the cache"
    assert not any(r.cached for r in fresh.values()) and asked > 0

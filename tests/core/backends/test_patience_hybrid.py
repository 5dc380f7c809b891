"""Hybrid under scripted faults over real sockets (real SDK, the emulator behind the fault
proxy): 5xx at a rate, a restart, a pause and a 429 storm cost time, not answers; a server that
never comes back fails each waiting paragraph once, naming the patience window."""

from __future__ import annotations

from core.backends.hybrid import HybridBackend
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.scripted import faulty, later, run_with_fault
from core.models import Document
from core.settings import Settings

KEY = "sk-patience-0123456789"


def draft(n: int) -> Document:
    return make_document("\n\n".join(f"Beans, paragraph {i}, brewed slowly." for i in range(n)),
                         "coffee")


def hybrid(url: str, **kw) -> HybridBackend:
    kw.setdefault("batch_size", 2)
    kw.setdefault("pool_size", 1)
    kw.setdefault("inflight_per_session", 2)
    kw.setdefault("concurrency", 2)
    kw.setdefault("patience", 6.0)
    kw.setdefault("connect_timeout", 1.0)
    return HybridBackend(Settings(base_url=url, model="gpt-4o-mini", **kw), KEY)


def answered(results) -> list[int]:
    assert len({r.chunk_id for r in results}) == len(results), "a paragraph answered twice"
    return sorted(r.index for r in results if r.ok)


async def test_30_percent_5xx_costs_time_not_answers():
    doc = draft(60)
    async with faulty(EmulatorConfig(fail_rate=0.3, seed=7)) as (em, proxy):
        results, _ = await run_with_fault(hybrid(proxy.url()), doc, None)
    assert answered(results) == list(range(60)), {r.error for r in results if not r.ok}
    assert sum(em.stats.faults.values()) > 0


async def test_a_restart_on_the_same_port_finishes_the_draft():
    doc = draft(30)
    async with faulty() as (_, proxy):
        async def kill_then_restart():
            await proxy.kill()
            later(0.5, proxy.restart)

        results, _ = await run_with_fault(hybrid(proxy.url()), doc, kill_then_restart)
    assert answered(results) == list(range(30)), {r.error for r in results if not r.ok}


async def test_a_pause_is_waited_out_and_finishes_the_draft():
    doc = draft(20)
    async with faulty() as (_, proxy):
        def pause():
            proxy.pause()
            later(1.5, proxy.resume)

        results, _ = await run_with_fault(hybrid(proxy.url(), no_progress_timeout=0.4), doc,
                                          pause)
    assert answered(results) == list(range(20)), {r.error for r in results if not r.ok}


async def test_a_429_storm_is_waited_out():
    doc = draft(24)
    async with faulty() as (em, proxy):
        em.storm(1.5, retry_after=1)
        results, _ = await run_with_fault(hybrid(proxy.url()), doc, None)
    assert answered(results) == list(range(24)), {r.error for r in results if not r.ok}


async def test_a_server_that_never_comes_back_fails_each_waiting_paragraph_once():
    doc = draft(30)
    async with faulty() as (_, proxy):
        results, _ = await run_with_fault(hybrid(proxy.url(), patience=1.0), doc, proxy.kill)
    assert sorted(r.index for r in results) == list(range(30))
    assert len({r.chunk_id for r in results}) == 30
    failed = [r for r in results if not r.ok]
    assert failed
    assert all("gave no answer for 1 s" in r.error for r in failed), {r.error for r in failed}
    assert all(r.error_detail == {"url": proxy.url(), "seconds": "1"} for r in failed)


async def test_a_429_retry_after_reaches_the_breakers_through_the_real_backends():
    doc = draft(8)
    async with faulty() as (em, proxy):
        em.storm(0.8, retry_after=1)
        # breakers that only a Retry-After can open: no count, no rate
        h = hybrid(proxy.url(), breaker_consecutive=1000, breaker_failure_rate=1.0,
                   breaker_min_samples=1000)
        results, _ = await run_with_fault(h, doc, None)
    assert answered(results) == list(range(8)), {r.error for r in results if not r.ok}
    assert max(b.opened for b in h.breakers.values()) >= 1, "the 429 paused a breaker"


async def test_hybrid_parts_report_their_protocol_events_to_the_event_log():
    doc = draft(12)
    events = []
    async with faulty() as (_, proxy):
        h = hybrid(proxy.url())
        h.wire = events.append
        results, _ = await run_with_fault(h, doc, None)
    assert answered(results) == list(range(12))
    sources = {e.backend for e in events}
    assert {"realtime", "rest"} <= sources, sources
    assert any(e.type == "response.create" for e in events)
    assert any(e.type == "chat.completions.create" for e in events)

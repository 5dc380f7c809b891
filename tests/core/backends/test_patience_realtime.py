"""Realtime under scripted faults over real sockets: a restart, a pause and a 429 storm on the
upgrade cost time, not answers; a server that never comes back fails each waiting paragraph
once, in words that name the patience window."""

from __future__ import annotations

from core.backends.realtime import RealtimeBackend
from core.chunking import make_document
from core.emulator.scripted import faulty, later, run_with_fault
from core.models import Document
from core.settings import Settings

KEY = "sk-patience-0123456789"


def draft(n: int) -> Document:
    return make_document("\n\n".join(f"Beans, paragraph {i}, brewed slowly." for i in range(n)),
                         "coffee")


def realtime(url: str, **kw) -> RealtimeBackend:
    kw.setdefault("batch_size", 1)
    kw.setdefault("pool_size", 2)
    kw.setdefault("inflight_per_session", 2)
    kw.setdefault("patience", 6.0)
    kw.setdefault("connect_timeout", 1.0)
    return RealtimeBackend(Settings(base_url=url, **kw), KEY, cancel_grace_s=0.3)


def answered(results) -> list[int]:
    assert len({r.chunk_id for r in results}) == len(results), "a paragraph answered twice"
    return sorted(r.index for r in results if r.ok)


async def test_a_restart_on_the_same_port_is_reconnected_and_finishes_the_draft():
    doc = draft(30)
    async with faulty() as (_, proxy):
        async def kill_then_restart():
            await proxy.kill()
            later(0.5, proxy.restart)

        results, _ = await run_with_fault(realtime(proxy.url()), doc, kill_then_restart)
    assert answered(results) == list(range(30)), {r.error for r in results if not r.ok}


async def test_a_pause_is_waited_out_and_finishes_the_draft():
    doc = draft(20)
    async with faulty() as (_, proxy):
        def pause():
            proxy.pause()
            later(1.5, proxy.resume)

        results, _ = await run_with_fault(realtime(proxy.url(), no_progress_timeout=0.4), doc,
                                          pause)
    assert answered(results) == list(range(20)), {r.error for r in results if not r.ok}


async def test_a_429_storm_on_the_upgrade_is_waited_out_as_its_retry_after_asks():
    doc = draft(12)
    async with faulty() as (em, proxy):
        em.storm(2.5, retry_after=2)
        results, _ = await run_with_fault(realtime(proxy.url()), doc, None)
    assert answered(results) == list(range(12)), {r.error for r in results if not r.ok}
    # two slots, each told to wait 2 s: refused at 0 s and 2 s, through at 4 s (waiting 1 s,
    # or the pool's own backoff, would knock at 0, 1, 2 s and more)
    assert em.stats.faults.get("storm", 0) <= 4, em.stats.faults


async def test_a_server_that_never_comes_back_fails_each_waiting_paragraph_once():
    doc = draft(30)
    async with faulty() as (_, proxy):
        results, _ = await run_with_fault(realtime(proxy.url(), patience=1.0), doc, proxy.kill)
    assert sorted(r.index for r in results) == list(range(30))
    assert len({r.chunk_id for r in results}) == 30
    failed = [r for r in results if not r.ok]
    assert failed
    assert all("gave no answer for 1 s" in r.error for r in failed), {r.error for r in failed}

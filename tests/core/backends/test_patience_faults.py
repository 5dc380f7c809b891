"""REST, Realtime and Hybrid under scripted faults over real sockets (real SDK, the emulator
behind the fault proxy): a restart on the same port, a pause, a 429 storm and 5xx at a rate
cost time, not answers; a server that never comes back fails each waiting paragraph once, in
words that name the patience window; a server never heard that refuses fails fast."""

from __future__ import annotations

import asyncio
import dataclasses
import random

import pytest

from core.backends.hybrid import HybridBackend
from core.backends.realtime import RealtimeBackend
from core.backends.rest import RestBackend
from core.backends.retry import RetryPolicy
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.scripted import faulty, later, run_with_fault
from core.models import Document
from core.settings import Settings

KEY = "sk-patience-0123456789"
METHODS = ("rest", "realtime", "hybrid")


def draft(n: int) -> Document:
    return make_document("\n\n".join(f"Beans, paragraph {i}, brewed slowly." for i in range(n)),
                         "coffee")


def backend(method: str, url: str, **kw):
    """A backend of `method` with small batches and a short patience window."""
    kw = {"batch_size": 1 if method != "hybrid" else 2, "concurrency": 2, "pool_size": 2,
          "inflight_per_session": 2, "patience": 6.0, "connect_timeout": 1.0, **kw}
    settings = Settings(base_url=url, model="gpt-4o-mini", **kw)
    if method == "rest":
        return RestBackend(settings, KEY, retry=RetryPolicy(base_delay=0.02, max_delay=0.1,
                                                            rng=random.Random(1)))
    if method == "realtime":
        return RealtimeBackend(settings, KEY, cancel_grace_s=0.3)
    return HybridBackend(dataclasses.replace(settings, pool_size=1), KEY)


def answered(results) -> list[int]:
    assert len({r.chunk_id for r in results}) == len(results), "a paragraph answered twice"
    return sorted(r.index for r in results if r.ok)


@pytest.mark.parametrize("method", METHODS)
async def test_a_server_restarted_on_the_same_port_finishes_the_draft(method):
    doc = draft(30)
    async with faulty() as (_, proxy):
        async def kill_then_restart():
            await proxy.kill()
            later(0.5, proxy.restart)

        results, _ = await run_with_fault(backend(method, proxy.url()), doc, kill_then_restart)
    assert answered(results) == list(range(30)), {r.error for r in results if not r.ok}


@pytest.mark.parametrize("method", METHODS)
async def test_a_paused_server_is_waited_out_and_finishes_the_draft(method):
    doc = draft(20)
    async with faulty() as (_, proxy):
        def pause():
            proxy.pause()
            later(1.5, proxy.resume)  # several no-progress timeouts long

        results, _ = await run_with_fault(
            backend(method, proxy.url(), no_progress_timeout=0.4), doc, pause)
    assert answered(results) == list(range(20)), {r.error for r in results if not r.ok}


@pytest.mark.parametrize("method", METHODS)
async def test_a_server_that_never_comes_back_fails_each_waiting_paragraph_once(method):
    doc = draft(30)
    async with faulty() as (_, proxy):
        results, _ = await run_with_fault(backend(method, proxy.url(), patience=1.0), doc,
                                          proxy.kill)
    assert sorted(r.index for r in results) == list(range(30))
    assert len({r.chunk_id for r in results}) == 30
    failed = [r for r in results if not r.ok]
    assert failed, "the server died after the first answer"
    assert all("gave no answer for 1 s" in r.error for r in failed), {r.error for r in failed}
    assert all(r.error_detail == {"url": proxy.url(), "seconds": "1"} for r in failed)
    if method == "rest":
        assert {r.error_kind for r in failed} == {"unreachable"}


@pytest.mark.parametrize("method", ("rest", "hybrid"))
async def test_5xx_at_a_high_rate_costs_retries_not_answers(method):
    doc = draft(40)
    async with faulty(EmulatorConfig(fail_rate=0.5, seed=4)) as (em, proxy):
        results, _ = await run_with_fault(backend(method, proxy.url(), max_retries=2), doc,
                                          None)
    assert answered(results) == list(range(40)), {r.error for r in results if not r.ok}
    assert sum(em.stats.faults.values()) > 0


async def test_rest_a_429_storm_pauses_every_request_until_its_retry_after_passes():
    doc = draft(24)
    async with faulty() as (em, proxy):
        results, _ = await run_with_fault(
            backend("rest", proxy.url(), concurrency=4), doc, lambda: em.storm(1.2, 1))
    assert answered(results) == list(range(24)), {r.error for r in results if not r.ok}
    # paced by the Retry-After: each of 4 slots meets the storm about once per second, not
    # every retry of every waiting batch at once
    assert em.stats.faults.get("storm", 0) <= 12, em.stats.faults


@pytest.mark.parametrize("method", ("realtime", "hybrid"))
async def test_a_429_storm_on_the_upgrade_is_waited_out_as_its_retry_after_asks(method):
    doc = draft(12)
    async with faulty() as (em, proxy):
        em.storm(2.5, retry_after=2)
        results, _ = await run_with_fault(backend(method, proxy.url()), doc, None)
    assert answered(results) == list(range(12)), {r.error for r in results if not r.ok}
    if method == "realtime":
        # two slots, each told to wait 2 s: refused at 0 s and 2 s, through at 4 s (waiting
        # 1 s, or the pool's own backoff, would knock at 0, 1, 2 s and more)
        assert em.stats.faults.get("storm", 0) <= 4, em.stats.faults


async def test_hybrid_a_429_retry_after_reaches_the_breakers_through_the_real_backends():
    doc = draft(8)
    async with faulty() as (em, proxy):
        em.storm(0.8, retry_after=1)
        # breakers that only a Retry-After can open: no count, no rate
        h = backend("hybrid", proxy.url(), breaker_consecutive=1000, breaker_failure_rate=1.0,
                    breaker_min_samples=1000)
        results, _ = await run_with_fault(h, doc, None)
    assert answered(results) == list(range(8)), {r.error for r in results if not r.ok}
    assert max(b.opened for b in h.breakers.values()) >= 1, "the 429 paused a breaker"


async def test_hybrid_parts_report_their_protocol_events_to_the_event_log():
    doc = draft(12)
    events = []
    async with faulty() as (_, proxy):
        h = backend("hybrid", proxy.url())
        h.wire = events.append
        results, _ = await run_with_fault(h, doc, None)
    assert answered(results) == list(range(12))
    assert {"realtime", "rest"} <= {e.backend for e in events}
    assert any(e.type == "response.create" for e in events)
    assert any(e.type == "chat.completions.create" for e in events)


async def test_rest_a_server_never_heard_that_refuses_fails_fast():
    async with faulty() as (_, proxy):
        url = proxy.url()
        await proxy.kill()
        results, records = await run_with_fault(backend("rest", url, patience=600.0),
                                                draft(30), None)
    assert {r.error_kind for r in results} == {"unreachable"}
    assert all("Cannot reach the server" in r.error for r in results)
    assert len(records) <= 3 + 2, "refused three times in a row: the rest were not sent"


async def test_stop_ends_a_patient_wait_at_once():
    doc = draft(30)
    retrying = asyncio.Event()
    async with faulty() as (_, proxy):
        rest = backend("rest", proxy.url(), patience=600.0)
        rest.wire = lambda e: retrying.set() if e.type == "retry" else None
        task = asyncio.create_task(run_with_fault(rest, doc, proxy.kill))
        await retrying.wait()  # the server is gone and REST is waiting for it
        task.cancel()  # the writer's Stop
        done, _ = await asyncio.wait([task], timeout=10)
    assert task in done and task.cancelled(), "Stop ended the wait"


def test_realtime_rate_limits_updated_with_nothing_left_pauses_the_server():
    from core.backends.realtime_conn import Connection

    paused: list[float] = []
    conn = Connection(None, "m", "i", lambda *a: None, 1.0)
    conn.on_rate_limit = paused.append
    conn._route({"type": "rate_limits.updated", "rate_limits": [
        {"name": "requests", "remaining": 5, "reset_seconds": 9.0},
        {"name": "tokens", "remaining": 0, "reset_seconds": 2.5}]})
    conn._route({"type": "rate_limits.updated", "rate_limits": [
        {"name": "requests", "remaining": 3, "reset_seconds": 1.0}]})
    assert paused == [2.5]

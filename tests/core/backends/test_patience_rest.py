"""REST under scripted faults over real sockets: a restart, a pause, a 429 storm and 5xx at a
rate cost time, not answers; a server that never comes back fails every waiting paragraph
once, with the patience window in the words; a server never heard that refuses fails fast."""

from __future__ import annotations

import random

from core.backends.rest import RestBackend
from core.backends.retry import RetryPolicy
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.scripted import faulty, later, run_with_fault
from core.models import Document
from core.settings import Settings

KEY = "sk-patience-0123456789"


def draft(n: int) -> Document:
    return make_document("\n\n".join(f"Beans, paragraph {i}, brewed slowly." for i in range(n)),
                         "coffee")


def rest(url: str, **kw) -> RestBackend:
    kw.setdefault("batch_size", 1)
    kw.setdefault("concurrency", 2)
    kw.setdefault("patience", 6.0)
    retry = RetryPolicy(base_delay=0.02, max_delay=0.1, rng=random.Random(1))
    return RestBackend(Settings(base_url=url, model="gpt-4o-mini", **kw), KEY, retry=retry)


def answered(results) -> list[int]:
    assert len({r.chunk_id for r in results}) == len(results), "a paragraph answered twice"
    return sorted(r.index for r in results if r.ok)


async def test_a_server_restarted_on_the_same_port_finishes_the_draft():
    doc = draft(30)
    async with faulty() as (_, proxy):
        async def kill_then_restart():
            await proxy.kill()
            later(0.5, proxy.restart)

        results, _ = await run_with_fault(rest(proxy.url()), doc, kill_then_restart)
    assert answered(results) == list(range(30)), {r.error for r in results if not r.ok}


async def test_a_paused_server_is_waited_out_and_finishes_the_draft():
    doc = draft(20)
    async with faulty() as (_, proxy):
        def pause():
            proxy.pause()
            later(1.5, proxy.resume)  # three no-progress timeouts long

        results, records = await run_with_fault(
            rest(proxy.url(), no_progress_timeout=0.5), doc, pause)
    assert answered(results) == list(range(20)), {r.error for r in results if not r.ok}
    assert any(r.error_kind == "hung" for r in records), "the pause was noticed"


async def test_a_429_storm_pauses_every_request_until_its_retry_after_passes():
    doc = draft(24)
    async with faulty() as (em, proxy):
        results, records = await run_with_fault(
            rest(proxy.url(), concurrency=4), doc, lambda: em.storm(1.2, retry_after=1))
    assert answered(results) == list(range(24)), {r.error for r in results if not r.ok}
    # paced by the Retry-After: each of 4 slots meets the storm about once per second, not
    # every retry of every waiting batch at once
    assert em.stats.faults.get("storm", 0) <= 12, em.stats.faults


async def test_5xx_at_a_high_rate_costs_retries_not_answers():
    doc = draft(40)
    async with faulty(EmulatorConfig(fail_rate=0.6, seed=4)) as (em, proxy):
        results, _ = await run_with_fault(rest(proxy.url(), max_retries=2), doc, None)
    assert answered(results) == list(range(40)), {r.error for r in results if not r.ok}
    assert em.stats.faults.get("error", 0) > 0


async def test_a_server_that_never_comes_back_fails_each_waiting_paragraph_once_in_words():
    doc = draft(30)
    async with faulty() as (_, proxy):
        results, _ = await run_with_fault(rest(proxy.url(), patience=1.0), doc, proxy.kill)
    assert sorted(r.index for r in results) == list(range(30))
    assert len({r.chunk_id for r in results}) == 30
    failed = [r for r in results if not r.ok]
    assert failed, "the server died after the first answer"
    assert all("gave no answer for 1 s" in r.error for r in failed), {r.error for r in failed}
    assert {r.error_kind for r in failed} == {"unreachable"}
    assert all(r.error_detail == {"url": proxy.url(), "seconds": "1"} for r in failed)


async def test_a_server_never_heard_that_refuses_fails_fast():
    async with faulty() as (_, proxy):
        url = proxy.url()
        await proxy.kill()
        results, records = await run_with_fault(rest(url, patience=600.0), draft(30), None)
    assert {r.error_kind for r in results} == {"unreachable"}
    assert all("Cannot reach the server" in r.error for r in results)
    assert len(records) <= 3 + 2, "refused three times in a row: the rest were not sent"

"""Hybrid routing logic over scripted sub-backends (our Backend interface, no SDK involved)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

from core.backends.base import Backend, BackendError
from core.backends.breaker import BreakerState
from core.backends.hybrid import HybridBackend
from core.backends.hybrid import _Job as HybridJob
from core.backends.hybrid import _Run as HybridRun
from core.chunking import make_document
from core.models import Chunk, ChunkResult, Document, Event, FailureKind, RequestRecord, Timings
from core.settings import Settings
from tests.core.backends.test_listening import free_port

SERVER = "http://127.0.0.1:1/v1"



class Scripted(Backend):
    """Answers per a script of behaviours, one per `run` call (the last one repeats).

    "ok": answer every target; ("cut", k, kind): answer the first k, then error the rest;
    ("raise", kind): raise BackendError; ("wait", event): answer after `event` is set;
    ("stall", k, event): answer the first k, then the rest after `event` is set.
    """

    def __init__(self, name: str, script: list) -> None:
        super().__init__()
        self.name = name
        self.script = script
        self.calls: list[tuple[Document, list[str]]] = []
        self.cancelled = 0

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        step = self.script[min(len(self.calls), len(self.script) - 1)]
        self.calls.append((doc, [c.id for c in targets]))
        kind = step if isinstance(step, str) else step[0]
        if kind == "raise":
            raise BackendError(f"{self.name} refused", step[1])
        if kind == "stall":  # answer the first k, then fall silent
            for chunk in targets[:step[1]]:
                yield self.result(chunk, ("example",), Timings(0.0))
            targets, step, kind = targets[step[1]:], ("wait", step[2]), "wait"
        if kind == "wait":
            try:
                await step[1].wait()
            except asyncio.CancelledError:
                self.cancelled += 1
                raise
        answer = len(targets) if kind in ("ok", "wait") else step[1]
        for chunk in targets[:answer]:
            yield self.result(chunk, ("example",), Timings(0.0))
        for chunk in targets[answer:]:
            yield self.result(chunk, (), Timings(0.0), error="cut mid-stream",
                              error_kind=step[2])
        yield RequestRecord(self.name, "r", tuple(c.id for c in targets), 0.0, 0.1,
                            ok=answer == len(targets))


def doc_of(n: int) -> Document:
    return make_document("\n\n".join(f"Paragraph number {i} about coffee." for i in range(n)),
                         "coffee")


def hybrid(realtime: list, rest: list, **settings) -> HybridBackend:
    s = Settings(**{"base_url": SERVER, "batch_size": 8, "pool_size": 1,
                    "inflight_per_session": 2, "concurrency": 2, **settings})
    backends = {"realtime": Scripted("realtime", realtime), "rest": Scripted("rest", rest)}
    return HybridBackend(s, "key", backends=backends)


async def collect(backend: HybridBackend, doc: Document) -> list[ChunkResult]:
    results = []
    async for event in backend.run(doc, doc.chunks):
        if isinstance(event, ChunkResult):
            results.append(event)
    return results


def assert_each_once(doc: Document, results: list[ChunkResult]) -> None:
    assert sorted(r.chunk_id for r in results) == sorted(c.id for c in doc.chunks)


async def test_mid_stream_failure_sends_only_unanswered_paragraphs_to_rest():
    doc = doc_of(8)
    h = hybrid([("cut", 3, FailureKind.CUT)], ["ok"], batch_size=8)
    h.batch_size = lambda n, backends=None: 8  # one job of 8
    results = await collect(h, doc)
    assert_each_once(doc, results)
    rt, rest = h.backends["realtime"], h.backends["rest"]
    assert rt.calls[0][1] == [c.id for c in doc.chunks]
    assert len(rest.calls) == 1
    assert rest.calls[0][1] == [c.id for c in doc.chunks[3:]]
    assert rest.calls[0][0] is doc  # same document, so the same neighbours as context
    by_index = {r.index: r for r in results}
    assert all(by_index[i].backend == "realtime" and by_index[i].route == "" for i in range(3))
    assert all(by_index[i].backend == "rest" and by_index[i].route == "fallback"
               for i in range(3, 8))
    assert all(r.ok for r in results)


async def test_realtime_down_is_tried_until_the_breaker_opens_then_skipped():
    doc = doc_of(200)
    h = hybrid([("raise", FailureKind.UNREACHABLE)], ["ok"], breaker_consecutive=3)
    results = await collect(h, doc)
    assert_each_once(doc, results)
    assert all(r.ok and r.backend == "rest" for r in results)
    # bounded by the breaker (3 in a row) plus what was already in flight (2), of 25 jobs
    assert 3 <= len(h.backends["realtime"].calls) <= 3 + 2 - 1
    assert h.breakers["realtime"].state is BreakerState.OPEN


async def test_breaker_outlives_the_backend_instance():
    doc = doc_of(10)
    first = hybrid([("raise", FailureKind.UNREACHABLE)], ["ok"], breaker_consecutive=1)
    await collect(first, doc)
    second = hybrid(["ok"], ["ok"], breaker_consecutive=1)
    results = await collect(second, doc)
    assert_each_once(doc, results)
    assert second.backends["realtime"].calls == []


async def test_both_down_gives_explicit_unavailable_errors():
    doc = doc_of(6)
    h = hybrid([("raise", FailureKind.UNREACHABLE)], [("raise", FailureKind.UNREACHABLE)],
               breaker_consecutive=1)
    await collect(h, doc)
    results = await collect(h, doc)  # both breakers are open now
    assert_each_once(doc, results)
    assert all(r.error_kind == FailureKind.UNAVAILABLE for r in results)
    assert all("down" in (r.error or "") for r in results)


async def test_both_down_with_local_fallback_gives_provisional_verdicts():
    doc = doc_of(6)
    h = hybrid([("raise", FailureKind.UNREACHABLE)], [("raise", FailureKind.UNREACHABLE)],
               breaker_consecutive=1, local_when_down=True)
    await collect(h, doc)
    results = await collect(h, doc)
    assert_each_once(doc, results)
    assert all(r.ok and r.provisional and r.backend == "local" for r in results)
    assert all(r.confidence is not None and 0 < r.confidence <= 1 for r in results)


async def test_provisional_verdicts_of_a_big_draft_let_the_event_loop_run():
    from core.local.classifier import classify
    from core.local.encode import clear_caches

    text = "\n\n".join(f"Paragraph {i} about gardens, soil {i} and rain." for i in range(1000))
    doc = make_document(text, "gardens")
    expected = [v.roles for v in classify(doc)]
    clear_caches()  # cold, as a draft the window did not warm
    h = hybrid([], [], local_when_down=True)
    ticks, running = 0, True

    async def ticker():
        nonlocal ticks
        while running:
            ticks += 1
            await asyncio.sleep(0)

    async def give_up(jobs: list[list[Chunk]]) -> tuple[list[ChunkResult], int]:
        nonlocal ticks
        ticks, state, results = 0, HybridRun(doc, 0.0), []
        for chunks in jobs:
            job = HybridJob(chunks, ["realtime", "rest"], "fallback", {})
            results += await h._give_up(state, job, chunks)
        return results, ticks

    task = asyncio.create_task(ticker())
    whole, ticks_whole = await give_up([list(doc.chunks)])      # one job: scored in slices
    jobs = [list(doc.chunks[i:i + 8]) for i in range(0, 1000, 8)]
    small, ticks_small = await give_up(jobs)                      # many: the loop runs between
    running = False
    await task
    for results in (whole, small):
        assert_each_once(doc, results)
        assert [r.roles for r in results] == expected
        assert all(r.provisional and r.backend == "local" for r in results)
    assert ticks_whole > 1
    assert ticks_small >= len(jobs)


async def test_rejected_requests_fall_back_but_do_not_trip_the_breaker():
    doc = doc_of(12)
    h = hybrid([("cut", 0, FailureKind.REJECTED)], ["ok"], breaker_consecutive=1)
    h.trackers["realtime"].successes = 1  # proven: full capacity
    results = await collect(h, doc)
    assert_each_once(doc, results)
    asked_realtime = {i for _doc, ids in h.backends["realtime"].calls for i in ids}
    assert len(h.backends["realtime"].calls) >= 2
    assert all(r.ok and r.backend == "rest" for r in results)
    assert {r.chunk_id for r in results if r.route == "fallback"} == asked_realtime
    assert h.breakers["realtime"].state is BreakerState.CLOSED


async def test_failure_on_both_ends_with_the_last_error():
    doc = doc_of(4)
    h = hybrid([("cut", 0, FailureKind.REJECTED)], [("cut", 0, FailureKind.REJECTED)])
    results = await collect(h, doc)
    assert_each_once(doc, results)
    assert all(r.error and r.error_kind == FailureKind.REJECTED for r in results)


async def test_hedge_answers_for_a_silent_primary_and_the_loser_is_cancelled():
    doc = doc_of(4)
    never = asyncio.Event()
    h = hybrid([("wait", never)], ["ok"], hedging=True, hedge_budget=1.0)
    h.batch_size = lambda n, backends=None: 4
    h.trackers["realtime"].successes = 1  # proven: no slow start
    for _ in range(5):
        h.trackers["realtime"].observe_first_result(0.001)
    results = await collect(h, doc)
    assert_each_once(doc, results)
    assert all(r.backend == "rest" and r.route == "hedge" for r in results)
    assert h.backends["realtime"].cancelled == 1
    assert h.breakers["realtime"].state is BreakerState.CLOSED


async def test_no_hedge_when_hedging_is_off():
    doc = doc_of(4)
    release = asyncio.Event()
    h = hybrid([("wait", release)], ["ok"])
    h.batch_size = lambda n, backends=None: 4
    h.trackers["realtime"].successes = 1
    for _ in range(5):
        h.trackers["realtime"].observe_first_result(0.001)
    task = asyncio.create_task(collect(h, doc))
    while not h.backends["realtime"].calls:
        await asyncio.sleep(0)
    release.set()
    results = await task
    assert all(r.backend == "realtime" for r in results)
    assert h.backends["rest"].calls == []


def test_small_drafts_get_small_batches():
    h = hybrid(["ok"], ["ok"], batch_size=8, pool_size=2, inflight_per_session=8,
               concurrency=4)
    assert h.batch_size(5) == 1
    assert h.batch_size(30) == 2
    assert h.batch_size(1000) == 8


async def test_request_records_carry_backend_and_route_and_are_not_lost():
    doc = doc_of(8)
    h = hybrid([("cut", 3, FailureKind.CUT)], ["ok"])
    h.batch_size = lambda n, backends=None: 8
    records = [e async for e in h.run(doc, doc.chunks) if isinstance(e, RequestRecord)]
    assert [(r.backend, r.route, r.ok) for r in records] == [
        ("realtime", "", False), ("rest", "fallback", True)]
    assert h.trackers["rest"].fallbacks == 1


def test_waiting_fallbacks_merge_into_full_batches_when_realtime_is_down():
    from core.backends.hybrid import _Job

    doc = doc_of(12)
    h = hybrid(["ok"], ["ok"], batch_size=8, concurrency=1, breaker_consecutive=1)
    h.breakers["realtime"].record_failure(FailureKind.UNREACHABLE)
    chunks = list(doc.chunks)
    waiting = [_Job(chunks[5:10], ["realtime"], "fallback"),
               _Job(chunks[0:5], ["realtime"], "fallback"),
               _Job(chunks[10:12])]
    h._rebatch(waiting)
    assert [(len(j.chunks), j.route) for j in waiting] == [(8, "fallback"), (2, "fallback"),
                                                          (2, "")]
    assert [c.index for c in waiting[0].chunks] == list(range(8))


async def test_hedge_takes_over_the_unanswered_rest_when_the_primary_stalls_mid_stream():
    doc = doc_of(4)
    never = asyncio.Event()
    h = hybrid([("stall", 2, never)], ["ok"], hedging=True, hedge_budget=1.0)
    h.batch_size = lambda n, backends=None: 4
    for _ in range(5):
        h.trackers["realtime"].observe_first_result(0.001)
    results = await asyncio.wait_for(collect(h, doc), 60)  # without a hedge: never ends
    assert_each_once(doc, results)
    by_index = {r.index: (r.backend, r.route) for r in results}
    assert by_index == {0: ("realtime", ""), 1: ("realtime", ""), 2: ("rest", "hedge"),
                        3: ("rest", "hedge")}
    assert h.backends["rest"].calls[0][1] == [c.id for c in doc.chunks[2:]]
    assert h.backends["realtime"].cancelled == 1


async def test_with_both_breakers_open_queued_work_waits_for_the_first_probe():
    doc = doc_of(3)
    h = hybrid(["ok"], ["ok"], breaker_consecutive=1, breaker_cooldown=0.2)
    for breaker in h.breakers.values():
        breaker.record_failure(FailureKind.HUNG)  # open, both: the cooldown can still answer
    assert all(b.state is BreakerState.OPEN for b in h.breakers.values())
    results = await collect(h, doc)
    assert_each_once(doc, results)
    assert all(r.ok for r in results), {r.error for r in results}


async def test_paragraphs_fail_once_both_backends_are_past_the_patience_window():
    doc = doc_of(3)
    h = hybrid(["ok"], ["ok"], breaker_consecutive=1)
    now = [0.0]
    for backend, breaker in h.breakers.items():
        breaker.clock = h.patience[backend].clock = lambda: now[0]
        breaker.record_failure(FailureKind.HUNG)
        h.patience[backend].failed(FailureKind.HUNG)
    now[0] = 1000.0  # far past the window (and the cooldown)
    results = await collect(h, doc)
    assert_each_once(doc, results)
    assert all(r.error_kind == FailureKind.HUNG for r in results)  # what the server did
    assert all("gave no answer for 45 s" in r.error for r in results)
    assert h.backends["realtime"].calls == h.backends["rest"].calls == []


async def test_past_the_window_every_paragraph_fails_with_one_kind():
    doc = doc_of(3)
    h = hybrid(["ok"], ["ok"])
    now = [0.0]
    for backend, kind in (("realtime", FailureKind.CUT), ("rest", FailureKind.UNREACHABLE)):
        h.patience[backend].clock = lambda: now[0]
        h.patience[backend].failed(kind)
    now[0] = 1000.0  # both far past the window
    # the server went away mid-answer (cut) on one paragraph, refused the other's retry,
    # and the third never got a backend: one cause, so one kind for all three
    last = {0: ("realtime", FailureKind.CUT), 1: ("rest", FailureKind.UNREACHABLE)}
    job = HybridJob(list(doc.chunks), ["realtime", "rest"], "fallback", {
        doc.chunks[i].id: h.result(doc.chunks[i], (), Timings(0.0), error="x", error_kind=k)
        for i, (_, k) in last.items()})
    results = await h._give_up(HybridRun(doc, 0.0), job, list(doc.chunks))
    assert_each_once(doc, results)
    assert {r.error_kind for r in results} == {FailureKind.UNREACHABLE}
    assert all(r.error_detail == {"url": SERVER, "seconds": "45"} for r in results)


async def test_hedging_starts_once_samples_arrive_during_the_job():
    doc = doc_of(4)
    never = asyncio.Event()
    h = hybrid([("wait", never)], ["ok"], hedging=True, hedge_budget=1.0)
    h.batch_size = lambda n, backends=None: 4
    task = asyncio.create_task(collect(h, doc))
    for _ in range(10):
        await asyncio.sleep(0)  # the job is running, with no samples: no hedge deadline yet
    assert not task.done() and h.backends["rest"].calls == []
    for _ in range(5):  # other jobs' first answers arrive
        h.trackers["realtime"].observe_first_result(0.001)
    results = await asyncio.wait_for(task, 60)  # without re-checking: never ends
    assert all(r.backend == "rest" and r.route == "hedge" for r in results)


def _open_both(h: HybridBackend, now: list[float]) -> None:
    """Both breakers open at time 0 on a clock the test moves."""
    for breaker in h.breakers.values():
        breaker.clock = lambda: now[0]
        breaker.record_failure(FailureKind.HUNG)


async def test_a_probe_first_answer_lets_waiting_work_go_before_its_job_ends():
    doc = doc_of(6)
    release = asyncio.Event()
    h = hybrid([("stall", 1, release), "ok"], [("wait", release)], breaker_consecutive=1)
    h.batch_size = lambda n, backends=None: 2  # jobs: ¶0-1 (the probe), ¶2-3, ¶4-5
    now = [0.0]
    _open_both(h, now)
    now[0] = 100.0  # past both cooldowns: each lets one probe through
    seen: list[ChunkResult] = []
    three = asyncio.Event()

    async def run() -> None:
        async for event in h.run(doc, doc.chunks):
            if isinstance(event, ChunkResult):
                seen.append(event)
                if len(seen) == 3:
                    three.set()

    task = asyncio.create_task(run())
    # the Realtime probe answered ¶0 and stalls; REST's probe (¶2-3) stalls: before the fix,
    # ¶4-5 waited for the probe's whole job, which ends only on `release`
    await asyncio.wait_for(three.wait(), 30)
    assert sorted(r.index for r in seen) == [0, 4, 5]
    release.set()
    await task
    assert_each_once(doc, seen)


async def test_an_answer_from_one_backend_makes_the_other_breaker_probe_now():
    doc = doc_of(2)
    h = hybrid(["ok"], ["ok"], breaker_consecutive=1)
    now = [0.0]
    _open_both(h, now)
    h.breakers["rest"].clock = lambda: 0.1  # REST's cooldown has not ended by its own clock
    now[0] = 100.0  # Realtime's has: its probe answers
    results = await collect(h, doc)
    assert all(r.ok and r.backend == "realtime" for r in results)
    assert h.breakers["rest"].state is BreakerState.HALF_OPEN  # the server is back: try it


async def test_when_the_refusing_server_listens_again_the_breakers_probe_at_once():
    port = free_port()
    doc = doc_of(3)
    h = hybrid(["ok"], ["ok"], base_url=f"http://127.0.0.1:{port}/v1", breaker_consecutive=1)
    for backend, breaker in h.breakers.items():
        breaker.clock = lambda: 0.0  # their cooldowns never end by themselves
        breaker.record_failure(FailureKind.UNREACHABLE)
        h.patience[backend].heard()
        h.patience[backend].failed(FailureKind.UNREACHABLE)  # refused: the server is down
    task = asyncio.create_task(collect(h, doc))
    await asyncio.sleep(0.3)  # knocks on a closed port change nothing
    assert not task.done() and h.backends["realtime"].calls == []
    server = await asyncio.start_server(lambda _r, w: w.close(), "127.0.0.1", port)
    async with server:  # back: the next knock opens the way
        results = await asyncio.wait_for(task, 30)
    assert_each_once(doc, results)
    assert all(r.ok for r in results)


async def _calls_in_a_run(n: int, jobs_of: int, method: str) -> int:
    """How often Hybrid calls its `method` in a run over `n` paragraphs in jobs of `jobs_of`
    (4 slots: Realtime 1 x 2, REST 2); every paragraph answered once."""
    doc = doc_of(n)
    h = hybrid(["ok"], ["ok"])
    h.batch_size = lambda n, backends=None: jobs_of
    calls = []
    inner = getattr(h, method)
    setattr(h, method, lambda *args: calls.append(1) or inner(*args))
    assert_each_once(doc, await collect(h, doc))
    return len(calls)


async def test_answers_do_not_make_the_dispatcher_look_at_every_waiting_job_again():
    """Only a start, a wake or a job's end can let waiting work go: at 5,000 paragraphs
    looking again after every answer stalled the window ~100 ms."""
    looks = await _calls_in_a_run(64, 16, "_dispatch")  # 4 jobs, 64 answers
    assert looks < 32  # starts, slot wakes and job ends; not one per answer


async def test_a_full_dispatcher_does_not_weigh_every_waiting_job_after_each_end():
    """While every slot is taken, a job not yet sent anywhere can only wait: at 5,000
    paragraphs weighing each of hundreds of waiting jobs after every job's end took 4 s of
    the window's thread and stalls of 55-70 ms."""
    weighed = await _calls_in_a_run(96, 1, "_choose")  # 96 jobs, 4 slots
    assert weighed <= 2 * 96  # each job about once (8,020 times in all before)

"""The Hybrid method: Realtime first, REST as fallback, a circuit breaker per backend.

A run is cut into jobs (batches of consecutive paragraphs). A dispatcher deals each job to the
first backend, in order of preference, whose breaker lets it through and that has a free slot;
so when Realtime is full, REST takes the next job (large drafts are shared in proportion to
what each backend gets through), and small drafts use smaller batches so that all of them are
in flight at once. When a job fails, even mid-stream after some answers, only its unanswered
paragraphs go to the other backend as a "fallback" job; the sub-backends' prompts take the
context from the same document, so the fallback carries the same neighbours. With hedging on,
a job whose backend stays silent (no new answer) past its recent p95 time to first answer is
also sent to the other backend (its unanswered paragraphs); the first answer per paragraph wins
and the slower request is cancelled.
Every paragraph gets exactly one result: answers for paragraphs already resolved are dropped.

Patience: a job whose paragraphs failed transiently is tried again, on either backend, until
both have given nothing for the patience window (or refused outright); an open breaker makes
work wait for its half-open probe rather than fail, and a timer wakes the dispatcher then.
A probe's first answer closes its breaker and makes the other one probe; while the server
refuses connections, its port is knocked on every KNOCK_EVERY_S, so a restarted server is
found as soon as it listens.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.backends.base import Backend, BackendError, WireSink, consecutive_batches
from core.backends.breaker import BreakerConfig, BreakerState, CircuitBreaker, breaker_for, trips
from core.backends.health import HealthTracker, note_server, percentile, tracker_for
from core.backends.listening import KNOCK_EVERY_S, listening
from core.backends.patience import (
    Patience,
    dead_detail,
    dead_message,
    is_transient,
    patience_for,
)
from core.models import Chunk, ChunkResult, Document, Event, FailureKind, RequestRecord, Timings
from core.redact import redact
from core.settings import Settings

if TYPE_CHECKING:
    from core.local.classifier import DocScorer

PREFERENCE = ("realtime", "rest")
MAX_TRIES = 3            # sends of one job over both backends, for faults waiting cannot fix
WAKE_MAX_S = 0.5         # longest a dispatcher with waiting work sleeps before looking again
HEDGE_MIN_SAMPLES = 5    # first-answer times needed before hedging trusts the p95
RECHECK_S = 1.0          # a job without enough samples for the p95 re-checks this often
RETRYABLE = frozenset({FailureKind.UNREACHABLE, FailureKind.HUNG, FailureKind.CUT,
                       FailureKind.RATE_LIMITED, FailureKind.SERVER_ERROR, FailureKind.INTERNAL})
LABEL = {"realtime": "Realtime", "rest": "REST"}


@dataclass
class _Job:
    """Paragraphs sent together, the backends already tried, and their last errors."""

    chunks: list[Chunk]
    tried: list[str] = field(default_factory=list)
    route: str = ""
    errors: dict[str, ChunkResult] = field(default_factory=dict)


@dataclass
class _JobEnd:
    job: _Job
    left: list[Chunk]   # paragraphs still without an answer


_WAKE = object()      # a backend slot was freed: dispatch again
_ATTEMPT_END = object()  # (on a job's own queue) one of its attempts ended


@dataclass
class _Run:
    """State of one `run` call."""

    doc: Document
    queued: float
    out: asyncio.Queue = field(default_factory=asyncio.Queue)
    resolved: set[str] = field(default_factory=set)
    inflight: dict[str, int] = field(default_factory=dict)
    local: DocScorer | None = None                    # Local verdicts, if needed
    timer: asyncio.TimerHandle | None = None          # wakes the dispatcher of waiting work
    knock: asyncio.Task | None = None                 # is the refusing server listening again?


class HybridBackend(Backend):
    """Realtime with automatic fallback to REST, breakers, optional hedging."""

    name = "hybrid"

    def __init__(self, settings: Settings, api_key: str,
                 backends: dict[str, Backend] | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.model = settings.realtime_model
        self.server = settings.effective_base_url()
        self.cacheable = not settings.demo  # demo answers are never cached as real ones
        self.backends = backends if backends is not None else _sub_backends(settings, api_key)
        self._api_key = api_key
        self.wire = self._wire  # the parts report their protocol events to the same sink
        self.order = [b for b in PREFERENCE if b in self.backends]
        config = BreakerConfig.from_settings(settings)
        self.breakers: dict[str, CircuitBreaker] = {
            b: breaker_for(self.server, b, config) for b in self.order}
        self.trackers: dict[str, HealthTracker] = {b: tracker_for(self.server, b)
                                                   for b in self.order}
        self.patience: dict[str, Patience] = {
            b: patience_for(self.server, b, settings.patience) for b in self.order}
        self.jobs_sent = 0
        self.hedged = 0
        self.sent: Counter[str] = Counter()  # attempts per backend (what a breaker bounds)

    @property
    def wire(self) -> WireSink | None:
        return self._wire

    @wire.setter
    def wire(self, sink: WireSink | None) -> None:
        """The event log's sink, handed on to the REST and Realtime parts."""
        self._wire = sink
        for backend in getattr(self, "backends", {}).values():
            backend.wire = sink

    async def identity(self) -> str:
        """A digest of the server's model list (core.backends.identity)."""
        from core.backends.identity import server_identity

        return await server_identity(self.settings, self._api_key)

    async def aclose(self) -> None:
        for backend in self.backends.values():
            await backend.aclose()

    def answer_keys(self) -> list[tuple[str, str]]:
        """Answers are stored under the part that gave them: look them up there."""
        return [key for b in self.order for key in self.backends[b].answer_keys()]

    def health(self) -> dict:
        """Per-backend state (core.backends.health.BackendHealth) for the UI and benchmark."""
        return {b: self.trackers[b].snapshot(self.breakers[b].snapshot()) for b in self.order}

    # -- the run: a dispatcher over jobs ----------------------------------------------------

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        if not targets:
            return
        note_server(self.server)
        state = _Run(doc, time.perf_counter(), inflight=dict.fromkeys(self.order, 0))
        size = self.batch_size(len(targets))
        waiting = [_Job(b) for b in consecutive_batches(targets, size)]
        tasks: set[asyncio.Task] = set()
        jobs = 0  # jobs started and not yet ended
        try:
            look = True  # may a waiting job start now? (after a start, a wake, a job's end)
            while waiting or jobs:
                if look:
                    started, down = self._dispatch(state, waiting)
                    for job in started:
                        task = asyncio.create_task(self._job(state, job))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                    jobs += len(started)
                    for job in down:
                        for event in await self._give_up(state, job, job.chunks):
                            yield event
                    if not waiting and not jobs:
                        break
                    if waiting:
                        self._wake_later(state)
                message = await state.out.get()  # jobs wait only for this run's slots
                look = not isinstance(message, ChunkResult | RequestRecord)
                if isinstance(message, _JobEnd):
                    jobs -= 1
                    before = len(waiting)
                    for event in await self._settle(state, message, waiting):
                        yield event
                    if len(waiting) != before:  # a retry joined: batches may merge
                        self._rebatch(waiting)
                elif not look:
                    yield message
        finally:
            if state.timer is not None:
                state.timer.cancel()
            if state.knock is not None:
                tasks.add(state.knock)
            for task in list(tasks):
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def _wake_later(self, state: _Run) -> None:
        """Work waits on a breaker's cooldown or the rate gate: look again when either may
        have passed (at most WAKE_MAX_S from now, so a spent window is noticed)."""
        if state.timer is not None:
            state.timer.cancel()
        waits = [w for b in self.order for w in (self.breakers[b].seconds_to_probe(),
                                                 self.patience[b].resume_in()) if w]
        delay = min([WAKE_MAX_S, *waits])
        state.timer = asyncio.get_running_loop().call_later(
            max(0.01, delay), state.out.put_nowait, _WAKE)
        self._knock(state)

    def _knock(self, state: _Run) -> None:
        """While the server refuses connections and no breaker is closed, knock on its port
        (core.backends.listening); when it accepts again, the breakers probe now."""
        if state.knock is not None and not state.knock.done():
            return
        refused = any(self.patience[b].last_kind == FailureKind.UNREACHABLE for b in self.order)
        if refused and all(self.breakers[b].state is not BreakerState.CLOSED
                           for b in self.order):
            state.knock = asyncio.create_task(self._knock_once(state))

    async def _knock_once(self, state: _Run) -> None:
        await asyncio.sleep(KNOCK_EVERY_S)
        if await listening(self.server):
            for backend in self.order:
                self.breakers[backend].probe_now()
        state.out.put_nowait(_WAKE)

    def batch_size(self, n: int, backends: Sequence[str] | None = None) -> int:
        """Batches small enough that `n` paragraphs are in flight at once on the backends
        (default: all) that are not known down; never above the batch-size setting."""
        backends = list(backends or self.order)
        up = [b for b in backends if self.breakers[b].state is not BreakerState.OPEN]
        total = sum(self._capacity(b) for b in up or backends)
        return max(1, min(self.settings.batch_size, math.ceil(n / max(1, total))))

    def _rebatch(self, waiting: list[_Job]) -> None:
        """Merge waiting jobs with the same history into batches that fit the backends that can
        take them (when Realtime is down, REST gets full batches); never smaller ones."""
        groups: dict[tuple[tuple[str, ...], str], list[_Job]] = {}
        for job in waiting:
            groups.setdefault((tuple(job.tried), job.route), []).append(job)
        rebuilt: list[_Job] = []
        for (tried, route), jobs in groups.items():
            chunks = sorted({c.id: c for j in jobs for c in j.chunks}.values(),
                            key=lambda c: c.index)
            errors = {k: v for j in jobs for k, v in j.errors.items()}
            size = max(self.batch_size(len(chunks), self._candidates(jobs[0])),
                       max(len(j.chunks) for j in jobs))
            for batch in consecutive_batches(chunks, size):
                rebuilt.append(_Job(batch, list(tried), route,
                                    {c.id: errors[c.id] for c in batch if c.id in errors}))
        waiting[:] = rebuilt

    def _capacity(self, backend: str) -> int:
        s = self.settings
        return max(1, s.pool_size * s.inflight_per_session if backend == "realtime"
                   else s.concurrency)

    def _free(self, state: _Run, backend: str) -> bool:
        """May `backend` take a job now: its breaker lets it (no cooldown, no probe out) and a
        slot is open. While nothing gets through (refused, hung) it has one slot until it
        answers again; a 5xx or a cut costs no capacity."""
        probing = self.breakers[backend].failing and self.patience[backend].probing
        limit = 1 if probing else self._capacity(backend)
        return self.breakers[backend].would_allow() and state.inflight[backend] < limit

    def _slot_free(self, state: _Run) -> bool:
        """May a job not yet sent anywhere start now: is a backend that is not hopeless free?
        Exactly when `_choose` would start one."""
        return any(not self._hopeless(b) and self._free(state, b) for b in self.order)

    def _dispatch(self, state: _Run, waiting: list[_Job]) -> tuple[list[_Job], list[_Job]]:
        """Give waiting jobs to backends with a free slot: (started, no backend can take).

        It runs after every job's end, and a long draft queues hundreds of jobs: while no
        backend is free for it, a job not yet sent anywhere can only wait (it is given up only
        when every backend is hopeless), so it is not looked at.
        """
        started, down = [], []
        free = self._slot_free(state)
        all_hopeless = all(self._hopeless(b) for b in self.order)
        for job in list(waiting):
            if not (free or job.tried or all_hopeless):
                continue
            choice = self._choose(state, job)
            if choice is None:
                continue
            waiting.remove(job)
            if choice == "down":
                down.append(job)
                continue
            job.tried.append(choice)
            state.inflight[choice] += 1
            self.jobs_sent += 1
            started.append(job)
            free = self._slot_free(state)
        return started, down

    def _choose(self, state: _Run, job: _Job) -> str | None:
        """A backend for `job`, None to wait (for a free slot, a breaker's half-open probe or
        its outcome), "down" when no backend may still answer it."""
        wait = False
        for backend in self._candidates(job):
            if not self._free(state, backend):
                wait = True  # a slot, the cooldown or the probe may still answer it
                continue
            if self.breakers[backend].allow():
                return backend
        return None if wait else "down"

    def _candidates(self, job: _Job) -> list[str]:
        """Untried backends first; after a transient failure the tried ones again while their
        patience lasts; after another retryable one, up to MAX_TRIES sends."""
        untried = [b for b in self.order if b not in job.tried and not self._hopeless(b)]
        kinds = {e.error_kind for e in job.errors.values()}
        if job.tried and kinds and all(is_transient(k) for k in kinds):
            return untried + [b for b in self.order if b in job.tried and not self._hopeless(b)]
        if len(job.tried) >= MAX_TRIES:
            return []
        if job.tried and kinds and all(_kind(k) in RETRYABLE for k in kinds):
            return untried + [b for b in self.order if b in job.tried]
        return untried

    def _hopeless(self, backend: str) -> bool:
        """The backend gave nothing for the whole window, or never answered and refuses."""
        patience = self.patience[backend]
        return patience.exhausted() or patience.refuses_outright()

    async def _settle(self, state: _Run, end: _JobEnd, waiting: list[_Job]) -> list[Event]:
        """A job ended: its unanswered paragraphs fall back, or end with their errors."""
        left = [c for c in end.left if c.id not in state.resolved]
        if not left:
            return []
        job = end.job
        retry = _Job(left, list(job.tried), "fallback", job.errors)
        if self._candidates(retry):
            waiting.insert(0, retry)
            return []
        return await self._give_up(state, retry, left)

    async def _give_up(self, state: _Run, job: _Job, chunks: list[Chunk]) -> list[Event]:
        if self.settings.local_when_down:
            return await self._provisional(state, chunks)
        down = self._down_reason()
        events: list[Event] = []
        for chunk in chunks:
            if chunk.id in state.resolved:
                continue
            state.resolved.add(chunk.id)
            last = job.errors.get(chunk.id)
            if last is not None and job.tried:
                message, detail, kind = last.error or "no answer", last.error_detail, None
                if self._spent():
                    message, detail, kind = self._dead(message)
                elif down and len(job.tried) < len(self.order):
                    message = f"{message}; {down}"
                timings = Timings(state.queued, done=time.perf_counter())
                result = dataclasses.replace(last, error=message, route=job.route,
                                             timings=timings, error_detail=detail,
                                             error_kind=kind or last.error_kind)
            else:
                message, detail = down or "no backend can take requests now", None
                kind = FailureKind.UNAVAILABLE
                if self._spent():
                    message, detail, kind = self._dead(message)
                result = self.result(chunk, (), Timings(state.queued), error=message,
                                     error_kind=kind, detail=detail)
            events.append(result)
        return events

    def _dead(self, last: str) -> tuple[str, dict, FailureKind]:
        """Words, values and one kind for every paragraph left when both backends are past
        the window: one cause, one message (refused connections say the server is down, else
        a hung one that it is silent, else the backends' last transient failure)."""
        kinds = {p.last_kind for b in self.order if (p := self.patience[b]).last_kind}
        kind = next((k for k in (FailureKind.UNREACHABLE, FailureKind.HUNG) if k in kinds),
                    min(kinds, default=FailureKind.UNREACHABLE))
        return (dead_message(self.server, self.settings.patience, last),
                dead_detail(self.server, self.settings.patience), kind)

    def _spent(self) -> bool:
        """Every backend gave nothing for the whole patience window."""
        return all(self.patience[b].exhausted() for b in self.order)

    def _down_reason(self) -> str:
        parts = []
        for backend in self.order:
            snap = self.breakers[backend].snapshot()
            if snap.state is BreakerState.CLOSED:
                continue
            wait = snap.seconds_to_probe
            when = f"next try in {wait:.0f} s" if wait else "trying again"
            why = f" after: {redact(snap.last_failure)}" if snap.last_failure else ""
            parts.append(f"{LABEL.get(backend, backend)} is down ({when}){why}")
        return "; ".join(parts)

    async def _provisional(self, state: _Run, chunks: list[Chunk]) -> list[Event]:
        """Local verdicts of `chunks`, marked provisional. Scored in slices, so a big draft
        does not stall the event loop (the window's)."""
        from core.backends.local import SLICE_S, scored
        from core.local.classifier import DocScorer

        chunks = [c for c in chunks if c.id not in state.resolved]
        state.resolved.update(c.id for c in chunks)  # no other path may answer them now
        if state.local is None:
            state.local = DocScorer.of(state.doc)  # the window may have passed over it
        await asyncio.sleep(0)  # many small jobs give up in a row: let the loop run between
        verdicts = await state.local.verdicts_soon([c.index for c in chunks], SLICE_S)
        events: list[Event] = []
        for chunk, verdict in zip(chunks, verdicts, strict=True):
            result = self.result(chunk, verdict.roles, Timings(state.queued))
            result.backend, result.model, result.provisional = "local", "local-v1", True
            events.append(scored(result, verdict))
        return events

    # -- one job: its attempt(s) on backends --------------------------------------------------

    async def _job(self, state: _Run, job: _Job) -> None:
        """Run `job` on the backend it was given (and maybe a hedge); report what is left."""
        local: asyncio.Queue = asyncio.Queue()
        primary = job.tried[-1]
        open_ids = {c.id for c in job.chunks if c.id not in state.resolved}
        attempts = {primary: self._spawn(state, job, primary, job.route, local)}
        may_hedge = self.settings.hedging
        heard = time.perf_counter()  # when the job last heard an answer (or started)
        winner: str | None = None
        try:
            live = 1
            while open_ids and live:
                try:
                    item = await asyncio.wait_for(local.get(), self._hedge_wait(
                        primary, heard) if may_hedge else None)
                except TimeoutError:
                    limit = self._silence_limit(primary)
                    if limit is None or time.perf_counter() - heard < limit:
                        continue  # too few samples yet to know what "slow" is, or not yet
                    may_hedge = False  # one hedge per job at most
                    live += self._maybe_hedge(state, job, primary, attempts, local)
                    continue
                if item is _ATTEMPT_END:
                    live -= 1
                elif isinstance(item, ChunkResult):
                    winner = item.backend
                    open_ids.discard(item.chunk_id)
                    heard = time.perf_counter()
            # every paragraph answered: the loser of a hedge is cancelled, the winner ends
            # its request normally (so its record and its breaker outcome are not lost)
            for backend, task in attempts.items():
                if backend != winner:
                    task.cancel()
            await asyncio.gather(*attempts.values(), return_exceptions=True)
        finally:
            for task in attempts.values():
                task.cancel()
            await asyncio.gather(*attempts.values(), return_exceptions=True)
            left = [c for c in job.chunks if c.id not in state.resolved]
            state.out.put_nowait(_JobEnd(job, left))

    def _silence_limit(self, backend: str) -> float | None:
        """The backend's recent p95 time to first answer; None with too few samples."""
        samples = self.trackers[backend].first_results
        if len(samples) < HEDGE_MIN_SAMPLES:
            return None
        return percentile(samples, 0.95)

    def _hedge_wait(self, backend: str, heard: float) -> float:
        """Seconds until the job counts as silent (re-checked while samples are too few)."""
        limit = self._silence_limit(backend)
        if limit is None:
            return RECHECK_S
        return max(0.0, heard + limit - time.perf_counter())

    def _maybe_hedge(self, state: _Run, job: _Job, primary: str, attempts: dict,
                     local: asyncio.Queue) -> bool:
        """The primary is silent past its p95: send the same paragraphs to the other backend."""
        if self.hedged + 1 > self.settings.hedge_budget * max(1, self.jobs_sent):
            return False
        for other in self.order:
            if other == primary or other in attempts:
                continue
            breaker = self.breakers[other]
            if state.inflight[other] >= self._capacity(other) or not breaker.allow():
                continue
            state.inflight[other] += 1
            self.hedged += 1
            self.emit_wire("info", "hedge", {"from": primary, "to": other,
                                             "paragraphs": [c.index for c in job.chunks]})
            attempts[other] = self._spawn(state, job, other, "hedge", local)
            return True
        return False

    def _spawn(self, state: _Run, job: _Job, backend: str, route: str,
               local: asyncio.Queue) -> asyncio.Task:
        """Start one attempt; whatever becomes of its task, its slot and probe are given back."""
        settled: list[bool] = []
        self.sent[backend] += 1
        task = asyncio.create_task(self._attempt(state, job, backend, route, local, settled))

        def done(_task: asyncio.Task) -> None:
            if not settled:
                self.breakers[backend].release()
            state.inflight[backend] -= 1
            local.put_nowait(_ATTEMPT_END)
            state.out.put_nowait(_WAKE)

        task.add_done_callback(done)
        return task

    async def _attempt(self, state: _Run, job: _Job, backend: str, route: str,
                       local: asyncio.Queue, settled: list[bool]) -> None:
        """Stream `job` through one backend; answers go out, errors are kept on the job."""
        breaker = self.breakers[backend]
        chunks = [c for c in job.chunks if c.id not in state.resolved]
        if not chunks:
            return
        try:
            failures = await self._stream(state, job, backend, route, chunks, local,
                                          time.perf_counter())
        except BackendError as exc:
            self._all_failed(job, chunks, backend, str(exc), exc.kind)
            self.patience[backend].failed(exc.kind, exc.retry_after)
            breaker.record_failure(exc.kind, exc.retry_after, str(exc))
            settled.append(True)
            return
        except Exception as exc:  # a bug must not lose paragraphs
            message = f"internal error: {type(exc).__name__}: {redact(str(exc))}"
            failures = self._all_failed(job, chunks, backend, message, FailureKind.INTERNAL)
        patience = self.patience[backend]
        answered = len(failures) < len(chunks)
        if answered:
            patience.heard()
        elif failures:
            patience.failed(failures[0].error_kind)
        _settle_breaker(breaker, failures, answered, patience.resume_in() or None)
        settled.append(True)

    async def _stream(self, state: _Run, job: _Job, backend: str, route: str,
                      chunks: list[Chunk], local: asyncio.Queue,
                      start: float) -> list[ChunkResult]:
        tracker = self.trackers[backend]
        failures: dict[str, ChunkResult] = {}
        first = True
        async with aclosing(self.backends[backend].run(state.doc, chunks)) as events:
            async for event in events:
                if isinstance(event, RequestRecord):
                    event.route = route
                    tracker.observe(event)
                    state.out.put_nowait(event)
                    continue
                if not event.ok:
                    failures[event.chunk_id] = event
                    job.errors[event.chunk_id] = event
                    continue
                if first:
                    first = False
                    tracker.observe_first_result(time.perf_counter() - start)
                    self._alive(state, backend)
                if event.chunk_id in state.resolved:
                    continue  # the other side of a hedge answered first
                state.resolved.add(event.chunk_id)
                event.route = route
                event.timings.queued = state.queued
                state.out.put_nowait(event)
                local.put_nowait(event)
        missing = [c for c in chunks if c.id not in state.resolved and c.id not in failures]
        return list(failures.values()) + self._all_failed(
            job, missing, backend, "the backend returned no answer", FailureKind.INTERNAL)

    def _alive(self, state: _Run, backend: str) -> None:
        """An attempt's first answer: a half-open breaker closes now, not when the probe's whole
        job ends, so the work waiting for the probe flows at once; and as the server is back,
        the other backend's open breaker probes now instead of at the end of its cooldown."""
        breaker = self.breakers[backend]
        if breaker.state is not BreakerState.HALF_OPEN:
            return
        breaker.record_success()
        self.patience[backend].heard()
        for other in self.order:
            self.breakers[other].probe_now()
        state.out.put_nowait(_WAKE)

    def _all_failed(self, job: _Job, chunks: list[Chunk], backend: str, message: str,
                    kind: FailureKind | str) -> list[ChunkResult]:
        failed = []
        for chunk in chunks:
            result = self.result(chunk, (), Timings(time.perf_counter()), error=message,
                                 error_kind=kind)
            result.backend = backend
            job.errors[chunk.id] = result
            failed.append(result)
        return failed


def _settle_breaker(breaker: CircuitBreaker, failures: list[ChunkResult], answered: bool,
                    rate_pause: float | None = None) -> None:
    """One attempt's outcome for the breaker: a tripping failure, or a success. A rate limit
    opens it for as long as the server's rate gate is closed (its Retry-After)."""
    tripping = [f for f in failures if trips(f.error_kind)]
    if tripping:
        kind = tripping[0].error_kind
        wait = rate_pause if kind == FailureKind.RATE_LIMITED else None
        breaker.record_failure(kind, wait, tripping[0].error)
    elif failures and not answered:
        breaker.record_failure(failures[0].error_kind, None, failures[0].error)
    else:
        breaker.record_success()


def _kind(value: str | None) -> FailureKind:
    try:
        return FailureKind(value or FailureKind.INTERNAL)
    except ValueError:
        return FailureKind.INTERNAL


def _sub_backends(settings: Settings, api_key: str) -> dict[str, Backend]:
    """Neither retries on its own: a failed job goes to the other backend (or is tried again
    by Hybrid), and a hung server is waited out once per job, not once per retry, before the
    breakers see it."""
    from core.backends.realtime import RealtimeBackend
    from core.backends.rest import RestBackend

    once = dataclasses.replace(settings, max_retries=0)
    rest = RestBackend(once, api_key)
    rest.patient = False  # Hybrid is patient across both backends (see _candidates)
    realtime = RealtimeBackend(once, api_key)
    realtime.patient = False
    return {"realtime": realtime, "rest": rest}

"""A pool of Realtime sessions with a cap of in-flight responses each, fed by one job queue."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from openai import AsyncOpenAI

from core.backends.patience import Patience, dead_detail, dead_message, is_transient
from core.backends.realtime_conn import ConnectFailed, Connection, FatalSessionError, Wire
from core.backends.realtime_request import Job, Outcome, Request, RunState
from core.backends.retry import RetryPolicy
from core.models import Chunk, ChunkResult, FailureKind, Timings
from core.redact import redact

log = logging.getLogger(__name__)

MAX_FREE_RETRIES = 20  # re-sends after a lost socket / expiry, which do not use up attempts
DEAD_AFTER = 2         # without patience: hung sockets / failed connects in a row end the run
_DEAD_KINDS = frozenset({FailureKind.HUNG, FailureKind.UNREACHABLE})


# min(2 s, 0.1 s * 2^(attempt-1)) * U(0.5, 1): the shared policy's "equal" jitter
_BACKOFF = RetryPolicy(base_delay=0.1, max_delay=2.0, jitter="equal")


def backoff(attempt: int) -> float:
    """Jittered delay before retry number `attempt` (1-based)."""
    return _BACKOFF.backoff(attempt - 1)


@dataclass
class PoolConfig:
    model: str
    instructions_for: Callable[[str], str]   # topic -> session instructions
    pool_size: int
    inflight: int
    request_timeout: float
    connect_timeout: float
    no_progress_timeout: float
    max_retries: int
    context: int
    expiry_margin_s: float | None
    cancel_grace_s: float


class Slot:
    """One place in the pool: its current connection, replaced on close or before expiry.

    Its cap of in-flight responses adapts: a dropped socket halves it (a drop loses every
    response on the socket, so fewer ride on the next one), answers raise it back by one per
    `limit` completed responses, up to the configured cap.
    """

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.conn: Connection | None = None
        self.lock = asyncio.Lock()
        self.cap = max(1, pool.config.inflight)
        self.limit = self.cap
        self.busy = 0
        self._credit = 0
        self._wake = asyncio.Event()

    async def admit(self) -> None:
        """Wait for room under the current in-flight limit, then take it."""
        while self.busy >= self.limit:
            self._wake.clear()
            await self._wake.wait()
        self.busy += 1

    def release(self) -> None:
        self.busy -= 1
        self._wake.set()

    def on_drop(self) -> None:
        self.limit, self._credit = max(1, self.limit // 2), 0

    def on_answer(self) -> None:
        self._credit += 1
        if self.limit < self.cap and self._credit >= self.limit:
            self.limit, self._credit = self.limit + 1, 0
            self._wake.set()

    async def ready(self, instructions: str) -> Connection:
        async with self.lock:
            self.pool.check_alive()  # a worker queued on the lock must not start its own cycle
            conn = self.conn
            if conn is not None and not conn.closed and not conn.draining:
                if not conn.due_for_rotation(self.pool.config.expiry_margin_s):
                    return conn
                self.pool.wire("info", "session.rotate", {"reason": "near maximum duration"})
                conn.drain()
            self.conn = await self.pool.open_connection(instructions)
            return self.conn


class Pool:
    """Sessions × in-flight workers pulling jobs from one queue; never sleeps to pace."""

    def __init__(self, client: AsyncOpenAI, config: PoolConfig, wire: Wire,
                 make_result: Callable[..., ChunkResult], backend: str,
                 patience: Patience | None = None, patient: bool = False) -> None:
        self.client, self.config, self.wire = client, config, wire
        self.patience = patience or Patience()
        self.patient = patient  # transient faults are waited out for the patience window
        self.make_result, self.backend = make_result, backend
        self.queue: asyncio.Queue[Job] = asyncio.Queue()
        self.connections: set[Connection] = set()
        self.fatal: str | None = None
        self.fatal_kind = FailureKind.INTERNAL
        self.fatal_detail: dict[str, str] = {}  # the values `fatal` names
        self.strikes = 0  # hung sockets / failed connects in a row (reset by an answer)
        self._timers: set[asyncio.TimerHandle] = set()
        self._background: set[asyncio.Task] = set()
        loop = asyncio.get_running_loop()
        self.workers = [loop.create_task(self._worker(slot))
                        for slot in (Slot(self) for _ in range(max(1, config.pool_size)))
                        for _ in range(max(1, config.inflight))]

    # -- connections --------------------------------------------------------------------------

    def reset(self) -> None:
        """A new run: forget the last run's verdict that the server is dead."""
        self.fatal, self.fatal_kind, self.strikes = None, FailureKind.INTERNAL, 0
        self.fatal_detail = {}

    def check_alive(self) -> None:
        """Raise the known reason when the server is known dead or refused us for good."""
        if self.fatal is not None:
            raise FatalSessionError(self.fatal, self.fatal_kind)

    def doom(self, message: str, kind: FailureKind,
             detail: dict[str, str] | None = None) -> None:
        if self.fatal is None:
            self.fatal, self.fatal_kind, self.fatal_detail = message, kind, detail or {}
            self.wire("info", "backend down", {"kind": str(kind), "reason": message})

    def _url(self) -> str:
        return str(self.client.base_url).rstrip("/")

    def strike(self, kind: FailureKind | None, message: str) -> None:
        """One connection-wide fault (hung socket, failed connect). Patient: the server is
        dead once the window is spent (or it never answered and refuses); else DEAD_AFTER in a
        row with no answer in between. Queued work then fails at once."""
        if kind not in _DEAD_KINDS:
            return
        self.strikes += 1
        if self.patient:
            if self.patience.exhausted():
                self.doom(dead_message(self._url(), self.patience.window, message), kind,
                          dead_detail(self._url(), self.patience.window))
            elif self.patience.refuses_outright():
                self.doom(f"The Realtime server cannot be reached ({message}). Check the base "
                          "URL and that the server is running.", kind)
            return
        if self.strikes >= DEAD_AFTER and kind is FailureKind.UNREACHABLE:
            self.doom(f"The Realtime server cannot be reached ({message}). Check the base URL "
                      "and that the server is running.", kind)
        elif self.strikes >= DEAD_AFTER:
            self.doom(f"The Realtime server is not answering ({message}; {self.strikes} "
                      "connection faults in a row).", kind)

    async def open_connection(self, instructions: str) -> Connection:
        """A new configured session; retries with backoff, raises when it cannot."""
        attempt = 0
        while True:
            attempt += 1
            self.check_alive()
            await self.patience.turn()  # a rate limit pauses every request to the server
            conn = Connection(self.client, self.config.model, instructions, self.wire,
                              self.config.connect_timeout, self.config.no_progress_timeout)
            conn.on_rate_limit = self.patience.rate_limit
            started = time.monotonic()
            try:
                await conn.open()
            except ConnectFailed as exc:
                self.wire("info", "connect failed", {"attempt": attempt, "error": str(exc)})
                self.patience.failed(exc.kind, exc.retry_after, time.monotonic() - started)
                self.strike(exc.kind, str(exc))
                self.check_alive()
                if not self._may_reconnect(exc, attempt):
                    raise ConnectFailed(f"The Realtime server cannot be reached: {exc}",
                                        exc.kind) from None
                # a 429's Retry-After is waited at the gate; other faults back off
                if exc.retry_after is None:
                    await asyncio.sleep(backoff(min(attempt, 6)))
                continue
            self.patience.heard()
            self.connections.add(conn)
            self.connections = {c for c in self.connections if not c.finished}
            return conn

    def _may_reconnect(self, exc: ConnectFailed, attempt: int) -> bool:
        """Patient: while the window lasts; else up to max_retries re-tries."""
        if self.patient:
            return self.patience.may_retry(exc.kind)
        return attempt <= self.config.max_retries

    # -- jobs ---------------------------------------------------------------------------------

    def submit(self, job: Job) -> None:
        job.run.job_added()
        self.queue.put_nowait(job)

    async def _worker(self, slot: Slot) -> None:
        while True:
            await slot.admit()
            try:
                job = await self.queue.get()
                if job.run.cancelled:
                    continue
                try:
                    await self._serve(slot, job)
                except Exception as exc:  # a bug must not lose paragraphs nor hang the run
                    log.exception("realtime worker failed")
                    self._fail(job, f"internal error: {type(exc).__name__}: {redact(str(exc))}",
                               FailureKind.INTERNAL)
            finally:
                slot.release()

    async def _serve(self, slot: Slot, job: Job) -> None:
        instructions = self.config.instructions_for(job.run.doc.topic)
        if self.fatal is None:
            try:
                conn = await slot.ready(instructions)
            except (FatalSessionError, ConnectFailed) as exc:
                self.doom(str(exc), exc.kind)
        if self.fatal is not None:
            self._fail(job, self.fatal, self.fatal_kind)
            return
        request = Request(job, self.config.context, self._emit)
        request.conn = conn
        job.run.requests.add(request)
        await self.patience.turn()
        try:
            outcome = await conn.execute(request, self.config.request_timeout,
                                         self.config.cancel_grace_s)
        finally:
            job.run.requests.discard(request)
        self._adapt(slot, conn, outcome)
        self._settle(job, request, outcome)

    def _adapt(self, slot: Slot, conn: Connection, outcome: Outcome) -> None:
        """Count a silent socket as one fault; let a dropped socket shrink the slot's cap."""
        if outcome.ok:
            self.strikes = 0
            slot.on_answer()
        if conn.closed and outcome.status == "lost" and not conn.struck:
            conn.struck = True  # once per socket, however many requests it carried
            if conn.hung:
                self.patience.failed(FailureKind.HUNG, waited=self.config.no_progress_timeout)
                self.strike(FailureKind.HUNG, conn.close_reason)
            elif conn.close_counts:
                slot.on_drop()

    def _emit(self, chunk: Chunk, roles: tuple[str, ...], request: Request) -> None:
        self.strikes = 0
        self.patience.heard()
        request.job.run.emit(self.make_result(chunk, roles, request.timings(), None))

    def _settle(self, job: Job, request: Request, outcome: Outcome) -> None:
        """Record the request; re-queue unanswered chunks, or fail them when attempts are spent."""
        run = job.run
        if run.cancelled:
            return
        run.record(request.record(self.backend, outcome))
        left = job.open_chunks()
        if not left:
            run.job_ended()
            return
        kind = outcome.failure_kind or FailureKind.MALFORMED
        if outcome.counts and is_transient(kind):
            self.patience.failed(kind)
        if self.patient and self.patience.exhausted() and is_transient(kind):
            self.doom(dead_message(self._url(), self.patience.window,
                                   outcome.error or str(kind)), kind,
                      dead_detail(self._url(), self.patience.window))
        if self.fatal is not None:
            self._fail(job, self.fatal, self.fatal_kind)
            return
        waiting = self.patient and is_transient(kind) and self.patience.may_retry(kind)
        counts = outcome.counts or job.free_retries >= MAX_FREE_RETRIES
        retry = Job(run, left, queued=job.queued, attempt=job.attempt + counts,
                    free_retries=job.free_retries + (not counts))
        if retry.attempt > self.config.max_retries + 1 and not waiting:
            for chunk in left:
                reason = outcome.error or request.missing_reason(chunk)
                self._fail_chunk(run, chunk, request, f"{reason} (after {job.attempt} attempts)",
                                 kind)
            run.job_ended()
            return
        run.job_added()
        run.job_ended()
        self._requeue_later(retry, backoff(min(job.attempt, 6)) if counts else 0.0)

    def _requeue_later(self, job: Job, delay: float) -> None:
        if delay <= 0:
            self.queue.put_nowait(job)
            return
        if self.fatal is not None:
            self._fail(job, self.fatal, self.fatal_kind)
            return
        loop = asyncio.get_running_loop()
        handle: asyncio.TimerHandle | None = None

        def fire() -> None:
            self._timers.discard(handle)  # type: ignore[arg-type]
            if not job.run.cancelled:
                self.queue.put_nowait(job)

        handle = loop.call_later(delay, fire)
        self._timers.add(handle)

    def _fail_chunk(self, run: RunState, chunk: Chunk, request: Request | None,
                    message: str, kind: FailureKind,
                    detail: dict[str, str] | None = None) -> None:
        timings = request.timings() if request else Timings(queued=time.perf_counter())
        run.emit(self.make_result(chunk, (), timings, message, error_kind=kind, detail=detail))

    def _fail(self, job: Job, message: str, kind: FailureKind) -> None:
        detail = self.fatal_detail if message == self.fatal else None
        for chunk in job.open_chunks():
            self._fail_chunk(job.run, chunk, None, message, kind, detail)
        job.run.job_ended()

    # -- cancelling and closing ---------------------------------------------------------------

    def abort(self, run: RunState) -> None:
        """The caller stopped the run: cancel its responses on the server, drop its jobs."""
        run.cancelled = True
        for request in list(run.requests):
            conn = request.conn
            if isinstance(conn, Connection) and request.response_id is not None:
                task = asyncio.get_running_loop().create_task(conn.cancel(request))
                self._background.add(task)
                task.add_done_callback(self._background.discard)
            request.settle(Outcome("cancelled", "stopped by the user", counts=False))

    async def aclose(self) -> None:
        """Stop workers, timers and background sends; close every socket."""
        for handle in self._timers:
            handle.cancel()
        self._timers.clear()
        for task in self.workers:
            task.cancel()
        await asyncio.gather(*self.workers, *self._background, return_exceptions=True)
        await asyncio.gather(*(c.wait_closed() for c in self.connections),
                             return_exceptions=True)
        self.connections.clear()

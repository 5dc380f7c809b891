"""A pool of Realtime sessions with a cap of in-flight responses each, fed by one job queue."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from openai import AsyncOpenAI

from core.backends.realtime_conn import ConnectFailed, Connection, FatalSessionError, Wire
from core.backends.realtime_request import Job, Outcome, Request, RunState
from core.backends.retry import RetryPolicy
from core.models import Chunk, ChunkResult, Timings
from core.redact import redact

log = logging.getLogger(__name__)

MAX_FREE_RETRIES = 5  # re-sends after session expiry/rotation, which do not use up attempts


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
    max_retries: int
    context: int
    expiry_margin_s: float | None
    cancel_grace_s: float


class Slot:
    """One place in the pool: its current connection, replaced on close or before expiry."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.conn: Connection | None = None
        self.lock = asyncio.Lock()

    async def ready(self, instructions: str) -> Connection:
        async with self.lock:
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
                 make_result: Callable[[Chunk, tuple[str, ...], Timings, str | None],
                                       ChunkResult], backend: str) -> None:
        self.client, self.config, self.wire = client, config, wire
        self.make_result, self.backend = make_result, backend
        self.queue: asyncio.Queue[Job] = asyncio.Queue()
        self.connections: set[Connection] = set()
        self.fatal: str | None = None
        self._timers: set[asyncio.TimerHandle] = set()
        self._background: set[asyncio.Task] = set()
        loop = asyncio.get_running_loop()
        self.workers = [loop.create_task(self._worker(slot))
                        for slot in (Slot(self) for _ in range(max(1, config.pool_size)))
                        for _ in range(max(1, config.inflight))]

    # -- connections --------------------------------------------------------------------------

    async def open_connection(self, instructions: str) -> Connection:
        """A new configured session; retries with backoff, raises when it cannot."""
        error: ConnectFailed | None = None
        for attempt in range(1, self.config.max_retries + 2):
            conn = Connection(self.client, self.config.model, instructions, self.wire,
                              self.config.connect_timeout)
            try:
                await conn.open()
            except ConnectFailed as exc:
                error = exc
                self.wire("info", "connect failed", {"attempt": attempt, "error": str(exc)})
                await asyncio.sleep(backoff(attempt))
                continue
            self.connections.add(conn)
            self.connections = {c for c in self.connections if not c.finished}
            return conn
        raise ConnectFailed(f"The Realtime server cannot be reached: {error}")

    # -- jobs ---------------------------------------------------------------------------------

    def submit(self, job: Job) -> None:
        job.run.job_added()
        self.queue.put_nowait(job)

    async def _worker(self, slot: Slot) -> None:
        while True:
            job = await self.queue.get()
            if job.run.cancelled:
                continue
            try:
                await self._serve(slot, job)
            except Exception as exc:  # a bug must not lose paragraphs nor hang the run
                log.exception("realtime worker failed")
                self._fail(job, f"internal error: {type(exc).__name__}: {redact(str(exc))}")

    async def _serve(self, slot: Slot, job: Job) -> None:
        instructions = self.config.instructions_for(job.run.doc.topic)
        if self.fatal is None:
            try:
                conn = await slot.ready(instructions)
            except (FatalSessionError, ConnectFailed) as exc:
                self.fatal = str(exc)
        if self.fatal is not None:
            self._fail(job, self.fatal)
            return
        request = Request(job, self.config.context, self._emit)
        request.conn = conn
        job.run.requests.add(request)
        try:
            outcome = await conn.execute(request, self.config.request_timeout,
                                         self.config.cancel_grace_s)
        finally:
            job.run.requests.discard(request)
        self._settle(job, request, outcome)

    def _emit(self, chunk: Chunk, roles: tuple[str, ...], request: Request) -> None:
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
        counts = outcome.counts or job.free_retries >= MAX_FREE_RETRIES
        retry = Job(run, left, queued=job.queued, attempt=job.attempt + counts,
                    free_retries=job.free_retries + (not counts))
        if retry.attempt > self.config.max_retries + 1:
            for chunk in left:
                reason = outcome.error or request.missing_reason(chunk)
                self._fail_chunk(run, chunk, request, f"{reason} (after {job.attempt} attempts)")
            run.job_ended()
            return
        run.job_added()
        run.job_ended()
        self._requeue_later(retry, backoff(job.attempt) if counts else 0.0)

    def _requeue_later(self, job: Job, delay: float) -> None:
        if delay <= 0:
            self.queue.put_nowait(job)
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
                    message: str) -> None:
        timings = request.timings() if request else Timings(queued=time.perf_counter())
        run.emit(self.make_result(chunk, (), timings, message))

    def _fail(self, job: Job, message: str) -> None:
        for chunk in job.open_chunks():
            self._fail_chunk(job.run, chunk, None, message)
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

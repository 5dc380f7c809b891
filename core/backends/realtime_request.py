"""Run, job and request state of the Realtime method (no I/O here)."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from core.backends.base import batch_prompt
from core.models import Chunk, ChunkResult, Document, Event, FailureKind, RequestRecord, Timings
from core.parser import AnswerParser

_ids = itertools.count(1)


def user_message(text: str) -> dict:
    """A user message item carrying `text` (Realtime `input` / `conversation.item.create`)."""
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


@dataclass
class RunState:
    """One `run()` call: where its events go and which chunks still await an outcome."""

    doc: Document
    remaining: set[str]
    out: asyncio.Queue[Event | None] = field(default_factory=asyncio.Queue)
    cancelled: bool = False
    jobs: int = 0                                   # jobs queued or in flight
    requests: set[Request] = field(default_factory=set)  # in flight now

    def emit(self, result: ChunkResult) -> None:
        """Deliver a chunk's one terminal result (later ones for the same chunk are dropped)."""
        if self.cancelled or result.chunk_id not in self.remaining:
            return
        self.remaining.discard(result.chunk_id)
        self.out.put_nowait(result)

    def record(self, record: RequestRecord) -> None:
        if not self.cancelled:
            self.out.put_nowait(record)

    def job_added(self) -> None:
        self.jobs += 1

    def job_ended(self) -> None:
        """A job is settled; the run ends when no job is left (every chunk then has a result)."""
        self.jobs -= 1
        if self.jobs == 0 and not self.cancelled:
            self.out.put_nowait(None)


@dataclass
class Job:
    """Chunks to ask about together, with the attempts already spent on them."""

    run: RunState
    chunks: list[Chunk]
    queued: float = field(default_factory=time.perf_counter)
    attempt: int = 1
    free_retries: int = 0   # re-sends that did not count (session rotation / expiry)

    def open_chunks(self) -> list[Chunk]:
        return [c for c in self.chunks if c.id in self.run.remaining]


@dataclass
class Outcome:
    """How a request ended: `status` is a response.done status or a local one."""

    status: str                  # completed | failed | cancelled | incomplete | timeout | lost
    error: str | None = None
    counts: bool = True          # does it use up one of the job's attempts?
    input_tokens: int | None = None
    output_tokens: int | None = None
    kind: FailureKind | None = None  # what failed (None: derived from the status)

    @property
    def failure_kind(self) -> FailureKind | None:
        if self.ok:
            return None
        return self.kind or _STATUS_KINDS.get(self.status, FailureKind.INTERNAL)

    @property
    def ok(self) -> bool:
        return self.status == "completed"


class Request:
    """One out-of-band response asked for a job; parses its deltas as they stream."""

    def __init__(self, job: Job, context: int,
                 emit: Callable[[Chunk, tuple[str, ...], Request], None]) -> None:
        self.job = job
        self.id = f"req{next(_ids)}"
        self.prompt = batch_prompt(job.run.doc, job.chunks, context)
        self.parser = AnswerParser(self.prompt.markers)
        self.response_id: str | None = None
        self.sent: float | None = None
        self.first_token: float | None = None
        self.done: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self.conn: object | None = None  # the Connection carrying it, while in flight
        self.progressed = time.monotonic()  # last event for this request (no-progress clock)
        self._emit = emit

    @property
    def event_id(self) -> str:
        """The client event_id of our response.create (echoed by the server in errors)."""
        return f"rc_{self.id}"

    def response_params(self, instructions: str) -> dict:
        """The out-of-band `response.create` body: its own input, metadata carrying our id."""
        return {
            "conversation": "none",
            "output_modalities": ["text"],
            "instructions": instructions,
            "metadata": {"request_id": self.id},
            "input": [user_message(self.prompt.user)],
        }

    def on_delta(self, delta: str) -> None:
        self.progressed = time.monotonic()
        if self.first_token is None:
            self.first_token = time.perf_counter()
        for verdict in self.parser.feed(delta):
            self._emit(self.prompt.markers[verdict.marker], verdict.roles, self)

    def on_done(self, response: dict) -> None:
        """response.done: flush the parser on success, settle the outcome either way."""
        status = response.get("status") or "failed"
        usage = response.get("usage") or {}
        details = response.get("status_details") or {}
        code = ((details.get("error") or {}).get("code") or "") if status == "failed" else ""
        if status == "completed":
            last, _missing = self.parser.finish()
            for verdict in last:
                self._emit(self.prompt.markers[verdict.marker], verdict.roles, self)
        self.settle(Outcome(status, _status_error(status, response.get("status_details")),
                            input_tokens=usage.get("input_tokens"),
                            output_tokens=usage.get("output_tokens"),
                            kind=FailureKind.RATE_LIMITED if "rate_limit" in code else None))

    def settle(self, outcome: Outcome) -> None:
        if not self.done.done():
            self.done.set_result(outcome)

    def missing_reason(self, chunk: Chunk) -> str:
        """Why `chunk` got no verdict from this request's answer."""
        _last, missing = self.parser.finish()
        for n, c in self.prompt.markers.items():
            if c.id == chunk.id and n in missing:
                return missing[n]
        return "no answer line for this paragraph"

    def timings(self) -> Timings:
        return Timings(queued=self.job.queued, sent=self.sent, first_token=self.first_token,
                       done=time.perf_counter())

    def record(self, backend: str, outcome: Outcome) -> RequestRecord:
        return RequestRecord(
            backend=backend, request_id=self.id, chunk_ids=tuple(c.id for c in self.job.chunks),
            start=self.sent or time.perf_counter(), end=time.perf_counter(),
            first_token=self.first_token, ok=outcome.ok, error=outcome.error,
            attempt=self.job.attempt, input_tokens=outcome.input_tokens,
            output_tokens=outcome.output_tokens,
            error_kind=None if outcome.ok else str(outcome.failure_kind))


_STATUS_KINDS = {
    "failed": FailureKind.SERVER_ERROR, "incomplete": FailureKind.CUT,
    "cancelled": FailureKind.SERVER_ERROR, "timeout": FailureKind.HUNG, "lost": FailureKind.CUT,
}


def _status_error(status: str, details: dict | None) -> str | None:
    """A plain message for a response that did not complete."""
    if status == "completed":
        return None
    details = details or {}
    error = details.get("error") or {}
    if status == "failed":
        message = error.get("message") or "unknown error"
        code = error.get("code")
        return f"the response failed ({code}): {message}" if code else \
            f"the response failed: {message}"
    if status == "incomplete":
        return f"the answer was cut short ({details.get('reason') or 'incomplete'})"
    if status == "cancelled":
        return f"the response was cancelled ({details.get('reason') or 'cancelled'})"
    return f"the response ended with status {status!r}"

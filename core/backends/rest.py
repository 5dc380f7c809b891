"""The REST method: Chat Completions with `stream=True` through the official SDK.

Consecutive paragraphs go in one request (with context around them); a bounded number of
requests run at once; each paragraph's result is emitted the moment its answer line completes.
Retries are ours (`core.backends.retry`); after a partial answer only the paragraphs whose
lines are missing are asked again, so no paragraph ever gets two results.

Failure detection: a request that receives nothing for `no_progress_timeout` s is hung;
`request_timeout` caps its total time. Patience (`core.backends.patience`): transient failures
(5xx, 429, hung, cut, unreachable) are retried with backoff for as long as the server has not
been silent for the whole patience window; then every queued paragraph fails at once with
that reason. A 429 pauses every request to the server until its Retry-After passes. A server
never heard that refuses connections fails fast. Without patience (`patient` False, as Hybrid
uses it), `DEAD_AFTER` requests in a row hung or unreachable end the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

import openai

from core.backends.base import Backend, batch_prompt, consecutive_batches
from core.backends.client import make_client
from core.backends.health import note_server
from core.backends.patience import dead_detail, dead_message, is_transient, patience_for
from core.backends.retry import (
    TRANSPORT_ERRORS,
    Decision,
    Failure,
    RetryPolicy,
    classify,
    user_message,
)
from core.models import Chunk, Document, Event, FailureKind, RequestRecord, Timings
from core.parser import AnswerParser
from core.prompt import Prompt
from core.redact import redact
from core.settings import Settings

_STREAM_ERRORS = (openai.APIError, json.JSONDecodeError, UnicodeDecodeError, OSError,
                  TimeoutError, *TRANSPORT_ERRORS)
_FATAL_STATUS = frozenset({401, 403, 404})
_DEAD_KINDS = frozenset({FailureKind.HUNG, FailureKind.UNREACHABLE})
DEAD_AFTER = 3  # without patience: requests in a row hung or unreachable end the run
PATIENT_MAX_DELAY = 2.0  # longest backoff between patient retries (the window is checked)
_END = object()
# What a 400 says when a (reasoning) model refuses `temperature` and names no `param`
_TEMPERATURE_REFUSAL = ("temperature", "unsupported", "not support", "does not support",
                        "only the default", "drop_params")


@dataclass
class _Run:
    """State shared by the batches of one `run` call."""

    doc: Document
    out: asyncio.Queue
    queued: float
    resolved: set[str] = field(default_factory=set)
    fatal: str | None = None  # set once a failure dooms every request (bad key, no model...)
    fatal_kind: FailureKind = FailureKind.INTERNAL
    fatal_detail: dict[str, str] = field(default_factory=dict)  # the values `fatal` names
    strikes: int = 0          # requests in a row that found the server hung or unreachable
    watchdogs: set[_Watchdog] = field(default_factory=set)  # of the requests in flight

    def doom(self, message: str, kind: FailureKind,
             detail: dict[str, str] | None = None) -> None:
        """Every request not yet sent fails with `message` (the first reason wins); requests in
        flight, silent since the server was found dead, are given up at once."""
        if self.fatal is None:
            self.fatal, self.fatal_kind, self.fatal_detail = message, kind, detail or {}
            for watchdog in self.watchdogs:
                watchdog.expire(kind)


@dataclass
class _Outcome:
    """What one HTTP request left undone, and why."""

    missing: list[Chunk]
    failure: Failure | None
    parse_errors: dict[str, str] = field(default_factory=dict)


class RestBackend(Backend):
    """OpenAI(-compatible) Chat Completions, streamed."""

    name = "rest"

    def __init__(self, settings: Settings, api_key: str, retry: RetryPolicy | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.model = settings.model
        self.base_url = settings.effective_base_url()
        self.server = self.base_url
        self.cacheable = not settings.demo  # demo answers are never cached as real ones
        self.retry = retry or RetryPolicy(max_retries=settings.max_retries)
        self._client = make_client(settings, api_key)
        self._api_key = api_key
        self._slots = asyncio.Semaphore(max(1, settings.concurrency))
        self._probe = asyncio.Lock()  # while nothing gets through, one request at a time
        self._temperature: float | None = 0.0  # dropped if the model refuses it (reasoning)
        self.sleep = asyncio.sleep  # the retry wait (tests substitute one that records)
        self.patient = True         # retry transient failures for the patience window
        self.patience = patience_for(self.server, self.name, settings.patience)

    async def identity(self) -> str:
        """A digest of the server's model list (core.backends.identity)."""
        from core.backends.identity import server_identity

        return await server_identity(self.settings, self._api_key)

    async def aclose(self) -> None:
        # httpcore < 1.0 (httpx < 0.25) raises when a cancelled request left its connection
        # marked in flight; the client is discarded either way
        with contextlib.suppress(RuntimeError):
            await self._client.close()

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        note_server(self.server)  # the status bar's health chips follow this server
        state = _Run(doc, asyncio.Queue(), time.perf_counter())
        batches = consecutive_batches(targets, max(1, self.settings.batch_size))
        tasks = [asyncio.create_task(self._batch(state, b)) for b in batches]
        remaining = len(tasks)
        try:
            while remaining:
                event = await state.out.get()
                if event is _END:
                    remaining -= 1
                else:
                    yield event
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    # -- one batch, with retries -------------------------------------------------------------

    async def _batch(self, state: _Run, chunks: list[Chunk]) -> None:
        timings = {c.id: Timings(queued=state.queued) for c in chunks}
        pending = chunks
        try:
            pending = await self._resolve(state, chunks, timings)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug: report it per chunk rather than lose paragraphs
            message = f"internal error: {type(exc).__name__}: {redact(str(exc))}"
            self._fail(state, pending, timings, message, FailureKind.INTERNAL)
        finally:
            state.out.put_nowait(_END)

    async def _resolve(self, state: _Run, chunks: list[Chunk],
                       timings: dict[str, Timings]) -> list[Chunk]:
        pending, retries, temperature_retried = chunks, 0, False
        while pending:
            async with self._slots:
                await self.patience.turn()  # a rate limit pauses every request to the server
                if state.fatal is not None:
                    self._fail(state, pending, timings, state.fatal, state.fatal_kind)
                    return []
                outcome = await self._probe_or_request(state, pending, retries + 1, timings)
                if outcome.failure is not None and not temperature_retried \
                        and self._refuses_temperature(outcome.failure):
                    # Ask again at once, keeping the slot: releasing it sent the first
                    # batches (the visible paragraphs) to the back of the queue.
                    temperature_retried = True
                    pending = [c for c in outcome.missing if c.id not in state.resolved]
                    if pending:
                        outcome = await self._request(state, pending, retries + 1, timings)
            pending = [c for c in outcome.missing if c.id not in state.resolved]
            if not pending:
                break
            assert outcome.failure is not None
            if not temperature_retried and self._refuses_temperature(outcome.failure):
                temperature_retried = True
                continue
            decision = self._decide(outcome.failure, retries)
            if not decision.retry or state.fatal is not None:
                self._give_up(state, pending, timings, outcome, retries + 1)
                return []
            self.emit_wire("info", "retry", {"attempt": retries + 2, "delay_s": round(
                decision.delay, 3), "reason": redact(outcome.failure.message),
                "paragraphs": [c.index for c in pending]})
            if self.patient and self.patience.probing:
                async with self._probe:  # nothing gets through: one backoff at a time
                    if state.fatal is None:  # found dead meanwhile: no more waiting
                        await self.sleep(decision.delay)
            else:
                await self.sleep(decision.delay)
            retries += 1
        return pending

    async def _probe_or_request(self, state: _Run, chunks: list[Chunk], attempt: int,
                                timings: dict[str, Timings]) -> _Outcome:
        """While the server refuses or hangs (patient), requests go one at a time, so a dead
        server is probed, not flooded; once it answers they flow in parallel again."""
        if not (self.patient and self.patience.probing):
            return await self._request(state, chunks, attempt, timings)
        async with self._probe:
            if state.fatal is not None:
                return _Outcome(chunks, Failure("hung", state.fatal, fault=state.fatal_kind))
            return await self._request(state, chunks, attempt, timings)

    def _decide(self, failure: Failure, retries: int) -> Decision:
        """Patient: a transient failure is retried while the window lasts (a rate limit also
        holds every other request at the gate); anything else follows the retry policy's
        count."""
        kind = failure.failure_kind
        if not self.patient or not is_transient(kind) or not failure.retryable:
            return self.retry.decide(failure, retries)
        if not self.patience.may_retry(kind):
            return Decision(False, reason="patience spent")
        if kind is FailureKind.RATE_LIMITED and failure.retry_after is not None:
            return Decision(True, failure.retry_after, "retry-after")
        delay = min(self.retry.backoff(min(retries, 8)), PATIENT_MAX_DELAY,
                    self.patience.seconds_left())
        return Decision(True, delay, "patience")

    def _refuses_temperature(self, failure: Failure) -> bool:
        """Reasoning models reject temperature=0: stop sending it; ask again at once.

        Recognised by `param` or, when a proxy leaves `param` null (LiteLLM), by the message.
        """
        if failure.status != 400 or not _names_temperature(failure):
            return False
        if self._temperature is not None:
            self._temperature = None
            self.emit_wire("info", "temperature dropped", {"reason": redact(failure.message)})
        return True

    def _give_up(self, state: _Run, pending: list[Chunk], timings: dict[str, Timings],
                 outcome: _Outcome, attempts: int) -> None:
        failure = outcome.failure
        assert failure is not None
        if state.fatal is not None:  # another request found the server dead meanwhile
            self._fail(state, pending, timings, state.fatal, state.fatal_kind)
            return
        message = user_message(failure, self.base_url, self.model, attempts)
        kind = failure.failure_kind
        if self.patient and self.patience.exhausted():
            message = (f"{message} No answer for {self.patience.window:g} s."
                       if failure.status is not None else
                       dead_message(self.base_url, self.patience.window, failure.message))
        spent = self.patient and self.patience.exhausted()
        if failure.status in _FATAL_STATUS or kind is FailureKind.UNREACHABLE or spent:
            state.doom(message, kind, {"url": self.base_url, "status": str(failure.status)}
                       if failure.status else dead_detail(self.base_url, self.patience.window)
                       if spent else {"url": self.base_url})
        for chunk in pending:
            error = outcome.parse_errors.get(chunk.id, message)
            if chunk.id in outcome.parse_errors:
                error = f"{error} (after {attempts} attempt(s))"
            self._fail(state, [chunk], timings, error, kind)

    def _fail(self, state: _Run, chunks: Sequence[Chunk], timings: dict[str, Timings],
              message: str, kind: FailureKind) -> None:
        detail = state.fatal_detail if message == state.fatal else None
        for chunk in chunks:
            self._emit(state, chunk, (), timings[chunk.id], message, kind, detail)

    def _emit(self, state: _Run, chunk: Chunk, roles: tuple[str, ...], timings: Timings,
              error: str | None = None, kind: FailureKind | None = None,
              detail: dict[str, str] | None = None) -> None:
        if chunk.id in state.resolved:
            return
        state.resolved.add(chunk.id)
        state.out.put_nowait(self.result(chunk, roles, timings, error=error, error_kind=kind,
                                         detail=detail))

    def _strike(self, state: _Run, failure: Failure | None, waited: float) -> None:
        """Tell the patience what failed; doom the run once the window is spent (patient) or
        at DEAD_AFTER requests in a row that found the server hung or unreachable."""
        if failure is None:
            return
        self.patience.failed(failure.failure_kind, failure.retry_after, waited)
        if failure.failure_kind not in _DEAD_KINDS:
            return
        state.strikes += 1
        if self.patient:
            if self.patience.refuses_outright():
                state.doom(self._dead_message(failure, state.strikes), failure.failure_kind)
            elif self.patience.exhausted():
                state.doom(dead_message(self.base_url, self.patience.window, failure.message),
                           failure.failure_kind,
                           dead_detail(self.base_url, self.patience.window))
            return
        if state.strikes >= DEAD_AFTER:
            state.doom(self._dead_message(failure, state.strikes), failure.failure_kind)

    def _dead_message(self, failure: Failure, strikes: int) -> str:
        if failure.failure_kind is FailureKind.UNREACHABLE:
            return (f"Cannot reach the server at {self.base_url} ({failure.message}). Check the "
                    "base URL and that the server is running.")
        return (f"The server at {self.base_url} stopped answering: {strikes} requests in a row "
                f"got nothing for {self.settings.no_progress_timeout:g} s. The remaining "
                "paragraphs were not sent.")

    # -- one HTTP request ----------------------------------------------------------------------

    async def _request(self, state: _Run, chunks: list[Chunk], attempt: int,
                       timings: dict[str, Timings]) -> _Outcome:
        prompt = batch_prompt(state.doc, chunks, self.settings.context_paragraphs)
        call = _Call(uuid.uuid4().hex[:12], attempt, time.perf_counter())
        for chunk in chunks:
            timings[chunk.id].sent = call.start
        self.emit_wire("send", "chat.completions.create", {
            "request_id": call.id, "model": self.model, "attempt": attempt, "stream": True,
            "paragraphs": [c.index for c in chunks], "prompt_chars": len(prompt.user)})
        parser = AnswerParser(prompt.markers)
        failure = await self._stream(state, prompt, parser, call, timings)
        self._strike(state, failure, time.perf_counter() - call.start)
        outcome = self._finish(state, prompt, parser, failure, timings)
        self._record(state, call, chunks, outcome.failure)
        return outcome

    async def _stream(self, state: _Run, prompt: Prompt, parser: AnswerParser, call: _Call,
                      timings: dict[str, Timings]) -> Failure | None:
        messages = [{"role": "system", "content": prompt.instructions},
                    {"role": "user", "content": prompt.user}]
        watchdog = _Watchdog(self.settings.no_progress_timeout, self.settings.request_timeout)
        started = False
        state.watchdogs.add(watchdog)
        try:
            async with watchdog:
                extra = {} if self._temperature is None else {"temperature": self._temperature}
                stream = await self._client.chat.completions.create(
                    model=self.model, messages=messages, stream=True,
                    stream_options={"include_usage": True}, **extra)
                started = True
                watchdog.progress()
                async with stream:
                    async for chunk in stream:
                        watchdog.progress()
                        state.strikes = 0
                        self._on_chunk(state, chunk, prompt, parser, call, timings)
        except _STREAM_ERRORS as exc:
            failure = watchdog.failure() if isinstance(exc, TimeoutError) else \
                classify(exc, started)
            self.emit_wire("recv", "error", {"request_id": call.id, "status": failure.status,
                                             "kind": str(failure.failure_kind),
                                             "message": redact(failure.message)})
            return failure
        finally:
            state.watchdogs.discard(watchdog)
        return None

    def _on_chunk(self, state: _Run, chunk: object, prompt: Prompt, parser: AnswerParser,
                  call: _Call, timings: dict[str, Timings]) -> None:
        usage = getattr(chunk, "usage", None)
        if usage is not None:
            call.usage = (getattr(usage, "prompt_tokens", None),
                          getattr(usage, "completion_tokens", None))
        text = _delta_text(chunk)
        if not text:
            return
        self.patience.heard()
        call.chars += len(text)
        if call.first_token is None:
            call.first_token = time.perf_counter()
            for c in prompt.markers.values():
                timings[c.id].first_token = call.first_token
            self.emit_wire("recv", "first_delta", {
                "request_id": call.id, "ttft_ms": round((call.first_token - call.start) * 1e3, 1)})
        for verdict in parser.feed(text):
            c = prompt.markers[verdict.marker]
            self._emit(state, c, verdict.roles, timings[c.id])

    def _finish(self, state: _Run, prompt: Prompt, parser: AnswerParser,
                failure: Failure | None, timings: dict[str, Timings]) -> _Outcome:
        """Flush the last line (only if the stream ended cleanly: a cut line may be truncated,
        e.g. `2: key_thesis` of `2: key_thesis, humor`); list what is still missing."""
        if failure is None:
            last, errors = parser.finish()
            for verdict in last:
                c = prompt.markers[verdict.marker]
                self._emit(state, c, verdict.roles, timings[c.id])
        else:
            errors = {n: "" for n in prompt.markers if n not in parser.answered}
        missing = [c for m, c in prompt.markers.items()
                   if m in errors and c.id not in state.resolved]
        if failure is None and not missing:
            return _Outcome([], None)
        if failure is None:
            failure = Failure("incomplete", f"the answer lacked valid lines for {len(missing)} "
                              "paragraph(s)")
            parse_errors = {prompt.markers[n].id: msg for n, msg in errors.items()}
            return _Outcome(missing, failure, parse_errors)
        return _Outcome(missing, failure)

    def _record(self, state: _Run, call: _Call, chunks: list[Chunk],
                failure: Failure | None) -> None:
        end = time.perf_counter()
        error = None if failure is None else redact(failure.message)
        self.emit_wire("recv", "done", {
            "request_id": call.id, "ok": failure is None, "chars": call.chars,
            "usage": call.usage, "latency_ms": round((end - call.start) * 1e3, 1)})
        state.out.put_nowait(RequestRecord(
            backend=self.name, request_id=call.id, chunk_ids=tuple(c.id for c in chunks),
            start=call.start, end=end, first_token=call.first_token, ok=failure is None,
            error=error, attempt=call.attempt, input_tokens=call.usage[0],
            output_tokens=call.usage[1],
            error_kind=None if failure is None else str(failure.failure_kind)))


@dataclass
class _Call:
    """Bookkeeping of one HTTP request."""

    id: str
    attempt: int
    start: float
    first_token: float | None = None
    chars: int = 0
    usage: tuple[int | None, int | None] = (None, None)


def _delta_text(chunk: object) -> str | None:
    """The content delta of a streamed chunk; None for usage-only or odd-shaped chunks."""
    try:
        choices = chunk.choices  # type: ignore[attr-defined]
        return choices[0].delta.content if choices else None
    except (AttributeError, IndexError, TypeError):
        return None


def _names_temperature(failure: Failure) -> bool:
    if failure.param == "temperature":
        return True
    text = failure.message.lower()
    return "temperature" in text and any(tell in text for tell in _TEMPERATURE_REFUSAL[1:])


class _Watchdog:
    """Cancels the guarded block after `no_progress` s without progress or `total` s overall;
    `failure()` then says which of the two it was."""

    def __init__(self, no_progress: float, total: float) -> None:
        self.no_progress, self.total = no_progress, total
        self._loop = asyncio.get_running_loop()
        self._start = self._loop.time()
        self._timeout = asyncio.timeout(None)
        self._expired: FailureKind | None = None

    async def __aenter__(self) -> _Watchdog:
        await self._timeout.__aenter__()
        self.progress()
        return self

    async def __aexit__(self, *exc_info: object) -> bool | None:
        return await self._timeout.__aexit__(*exc_info)  # type: ignore[arg-type]

    def progress(self) -> None:
        """Something arrived: the no-progress clock starts again."""
        now = self._loop.time()
        self._reschedule(min(self._start + self.total, now + self.no_progress))

    def expire(self, kind: FailureKind) -> None:
        """Give up now: other requests found the server dead (`kind` says how)."""
        self._expired = kind
        self._reschedule(self._loop.time())

    def _reschedule(self, when: float) -> None:
        if not self._timeout.expired():  # once firing, it cannot be moved (nor need to be)
            self._timeout.reschedule(when)

    def failure(self) -> Failure:
        if self._expired is not None:
            return Failure("hung", "given up: other requests found the server unusable",
                           fault=self._expired)
        elapsed = self._loop.time() - self._start
        if elapsed >= self.total:
            return Failure("timeout", f"no complete answer within {self.total:g} s")
        return Failure("hung", f"nothing arrived for {self.no_progress:g} s")

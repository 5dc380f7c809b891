"""Our retry policy (SDK retries are off): what is retryable, and how long to wait.

Shared by the REST and Realtime backends. `classify(exc)` turns an SDK/transport exception
into a `Failure`; `RetryPolicy.decide(failure, retries_done)` says whether and when to retry.
Retryable: connection errors, timeouts, 408, 409, 429, 5xx and streams cut or garbled midway.
`retry-after-ms` / `retry-after` are honoured; otherwise exponential backoff with jitter.
Every failure also names its `core.models.FailureKind` (`Failure.failure_kind`).
"""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import openai

from core.models import FailureKind

RETRYABLE_STATUS = frozenset({408, 409, 429})


@dataclass(frozen=True)
class Failure:
    """One failed attempt, described for retry decisions and for the user."""

    kind: str    # status | connection | hung | timeout | cut | stream | malformed | incomplete
    message: str
    status: int | None = None
    code: str | None = None
    retry_after: float | None = None  # seconds the server asked us to wait
    should_retry: bool | None = None  # the server's `x-should-retry` header, if any
    param: str | None = None          # the request parameter a 400 names, if any
    fault: FailureKind | None = None  # set when the kind is known better than `kind` says

    @property
    def failure_kind(self) -> FailureKind:
        """What failed, in the terms results and request records use."""
        if self.fault is not None:
            return self.fault
        if self.status is not None:
            return status_kind(self.status)
        return _KINDS.get(self.kind, FailureKind.INTERNAL)

    @property
    def retryable(self) -> bool:
        if self.should_retry is not None:
            return self.should_retry
        if self.status is not None:
            return is_retryable_status(self.status)
        return True


@dataclass(frozen=True)
class Decision:
    """Retry after `delay` seconds, or give up (`retry` False) with a reason."""

    retry: bool
    delay: float = 0.0
    reason: str = ""


_KINDS = {
    "connection": FailureKind.UNREACHABLE, "hung": FailureKind.HUNG,
    "timeout": FailureKind.HUNG, "cut": FailureKind.CUT, "stream": FailureKind.SERVER_ERROR,
    "malformed": FailureKind.MALFORMED, "incomplete": FailureKind.MALFORMED,
}


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUS or status >= 500


def status_kind(status: int) -> FailureKind:
    """429 is rate limiting, 408/409/5xx the server's fault, any other status a rejection."""
    if status == 429:
        return FailureKind.RATE_LIMITED
    if is_retryable_status(status):
        return FailureKind.SERVER_ERROR
    return FailureKind.REJECTED


def parse_retry_after(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms` (preferred) or `retry-after` (seconds or HTTP date)."""
    if not headers:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        try:
            return max(0.0, float(raw_ms) / 1000.0)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def _status_failure(exc: openai.APIStatusError) -> Failure:
    body = exc.body if isinstance(exc.body, dict) else {}
    message = body.get("message") if isinstance(body.get("message"), str) else exc.message
    headers = exc.response.headers
    hint = headers.get("x-should-retry")
    should = {"true": True, "false": False}.get(hint) if hint else None
    return Failure("status", str(message), exc.status_code, getattr(exc, "code", None),
                   parse_retry_after(headers), should, getattr(exc, "param", None))


def _seconds(s: float) -> str:
    return f"{s:.1f} s" if s >= 1 else f"{s * 1000:.0f} ms"


def _transport_errors() -> tuple[type[BaseException], ...]:
    """The HTTP library's transport errors (httpx for openai 2.x, httpx2 for 3.x): older SDKs
    let them escape a broken stream unwrapped."""
    found: list[type[BaseException]] = []
    for name in ("httpx", "httpx2"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        found.append(module.TransportError)
    return tuple(found)


TRANSPORT_ERRORS = _transport_errors()


def _is_timeout(exc: BaseException) -> bool:
    return "Timeout" in type(exc).__name__


def _is_connect(exc: BaseException) -> bool:
    return type(exc).__name__ in ("ConnectError", "ConnectTimeout")


def classify(exc: BaseException, started: bool = False) -> Failure:
    """Describe an exception raised while sending a request or reading its stream.

    `started`: the response had begun (headers received), so a broken connection is a stream
    cut mid-way, not an unreachable server.
    """
    if isinstance(exc, openai.APIStatusError):
        return _status_failure(exc)
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__ or exc.__context__
        if cause is not None and not isinstance(cause, openai.APIError):
            return classify(cause, started)
        if isinstance(exc, openai.APITimeoutError):
            return Failure("hung", "the server stopped sending (timed out)")
        return _connection(exc.message, started)
    if isinstance(exc, openai.APIError):  # an error event inside a started stream
        return Failure("stream", f"the server reported an error mid-stream: {exc.message}")
    if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
        return Failure("malformed", "the server sent a malformed stream event")
    if isinstance(exc, TRANSPORT_ERRORS):
        if _is_timeout(exc) and not _is_connect(exc):
            return Failure("hung", "the server stopped sending (timed out)")
        return _connection(str(exc) or type(exc).__name__, started and not _is_connect(exc))
    if isinstance(exc, TimeoutError):
        return Failure("hung", "the server stopped sending (timed out)")
    if isinstance(exc, ConnectionError | OSError):
        return _connection(str(exc) or type(exc).__name__, started)
    raise TypeError(f"not a transport failure: {type(exc).__name__}")


def _connection(detail: str, started: bool) -> Failure:
    if started:
        return Failure("cut", f"the connection broke off mid-answer ({detail})")
    return Failure("connection", detail)


@dataclass
class RetryPolicy:
    """Exponential backoff with jitter, capped in delay and in the number of retries.

    `max_retries` counts retries (attempts = max_retries + 1), as the SDK's knob does.
    A server asking to wait longer than `max_retry_after` s makes us give up at once.
    """

    max_retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    jitter: str = "full"             # "full": U(0, d); "equal": d/2 + U(0, d/2)
    max_retry_after: float = 60.0
    rng: random.Random = field(default_factory=random.Random)

    def backoff(self, retries_done: int) -> float:
        """The jittered delay before retry number `retries_done + 1`."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** retries_done)
        if self.jitter == "equal":
            return ceiling / 2 + self.rng.uniform(0, ceiling / 2)
        return self.rng.uniform(0, ceiling)

    def decide(self, failure: Failure, retries_done: int) -> Decision:
        """Retry `failure` (after `retries_done` retries already)? And after how long?"""
        if not failure.retryable:
            return Decision(False, reason="not retryable")
        if retries_done >= self.max_retries:
            return Decision(False, reason=f"gave up after {retries_done + 1} attempts")
        wait = failure.retry_after
        if wait is not None:
            if wait > self.max_retry_after:
                return Decision(False, reason=f"the server asks to wait {wait:.0f} s")
            return Decision(True, min(wait, self.max_retry_after), "retry-after")
        return Decision(True, self.backoff(retries_done), "backoff")


def user_message(failure: Failure, base_url: str, model: str, attempts: int) -> str:
    """A plain sentence the user can act on (no secrets; names the URL or model)."""
    status = failure.status
    if status == 401:
        return "The server rejected the API key (401). Check the key in Settings or OPENAI_API_KEY."
    if status == 403:
        return f"The server refused access (403): {failure.message}"
    if status == 404 and (failure.code == "model_not_found" or "model" in failure.message):
        return (f"The model '{model}' does not exist on {base_url} or the key has no access "
                "to it (404). Pick another model in Settings.")
    if status == 404:
        return (f"{base_url} has no Chat Completions endpoint (404). Check the base URL "
                "(it usually ends in /v1).")
    if status == 429:
        wait = failure.retry_after
        wait = "" if wait is None else f"; it asked to wait {_seconds(wait)}"
        return f"Rate limited by the server (429){wait}. Gave up after {attempts} attempt(s)."
    if status is not None and status >= 500:
        return (f"The server failed (HTTP {status}) on {attempts} attempt(s): "
                f"{failure.message}")
    if status is not None:
        return f"The server rejected the request ({status}): {failure.message}"
    return _transport_message(failure, base_url, attempts)


def _transport_message(failure: Failure, base_url: str, attempts: int) -> str:
    if failure.kind == "connection":
        return (f"Cannot reach the server at {base_url} ({failure.message}). Check the base URL "
                f"and that the server is running ({attempts} attempt(s)).")
    if failure.kind in ("hung", "timeout"):
        return (f"The server at {base_url} stopped answering: {failure.message} "
                f"({attempts} attempt(s)).")
    if failure.kind == "cut":
        return f"The answer stream was cut: {failure.message} ({attempts} attempt(s))."
    if failure.kind in ("stream", "malformed"):
        return f"The answer stream broke off: {failure.message} ({attempts} attempt(s))."
    return f"{failure.message} ({attempts} attempt(s))."

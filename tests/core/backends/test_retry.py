"""The retry policy: what is retryable, how long to wait, what the user is told."""

from __future__ import annotations

import json
import random
from email.utils import formatdate

import openai
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.backends.retry import Failure, RetryPolicy, classify, parse_retry_after, user_message
from core.models import FailureKind

try:  # the HTTP library of the installed SDK: httpx2 for openai 3.x, httpx for 2.x
    import httpx2 as http
except ImportError:  # pragma: no cover - depends on the installed openai
    import httpx as http

URL = "http://127.0.0.1:9/v1"
REQUEST = http.Request("POST", f"{URL}/chat/completions")


def status_error(cls: type[openai.APIStatusError], status: int, headers=None, code=None):
    body = {"message": f"boom {status}", "type": "x", "param": None, "code": code}
    response = http.Response(status, headers=headers or {}, request=REQUEST)
    return cls(f"Error code: {status}", response=response, body=body)


@pytest.mark.parametrize(("headers", "expected"), [
    ({"retry-after-ms": "250", "retry-after": "7"}, 0.25),
    ({"retry-after": "3"}, 3.0),
    ({"retry-after": "1.5"}, 1.5),
    ({"retry-after": "soon"}, None),
    ({}, None),
    (None, None),
])
def test_parse_retry_after(headers, expected) -> None:
    assert parse_retry_after(headers) == expected


def test_parse_retry_after_http_date() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after({"retry-after": formatdate(now + 30, usegmt=True)}, now) == 30.0


@given(st.integers(0, 20), st.sampled_from(["full", "equal"]), st.integers(0, 2**32))
def test_backoff_stays_within_the_cap(retries: int, jitter: str, seed: int) -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0, jitter=jitter, rng=random.Random(seed))
    ceiling = min(8.0, 0.5 * 2 ** retries)
    delay = policy.backoff(retries)
    low = ceiling / 2 if jitter == "equal" else 0.0
    assert low <= delay <= ceiling


@pytest.mark.parametrize(("status", "retryable"), [
    (400, False), (401, False), (403, False), (404, False), (422, False),
    (408, True), (409, True), (429, True), (500, True), (502, True), (503, True),
])
def test_which_statuses_are_retried(status: int, retryable: bool) -> None:
    decision = RetryPolicy().decide(Failure("status", "x", status), 0)
    assert decision.retry is retryable


def test_attempts_are_capped_and_retry_after_honoured() -> None:
    policy = RetryPolicy(max_retries=2)
    rate_limited = Failure("status", "slow down", 429, retry_after=1.25)
    assert policy.decide(rate_limited, 0).delay == 1.25
    assert policy.decide(rate_limited, 1).retry
    assert not policy.decide(rate_limited, 2).retry
    too_long = Failure("status", "slow down", 429, retry_after=600)
    assert not policy.decide(too_long, 0).retry
    assert policy.decide(Failure("connection", "refused"), 0).retry


def test_classify_sdk_exceptions() -> None:
    limited = classify(status_error(openai.RateLimitError, 429, {"retry-after-ms": "40"}))
    assert (limited.status, limited.retry_after, limited.message) == (429, 0.04, "boom 429")
    missing = classify(status_error(openai.NotFoundError, 404, code="model_not_found"))
    assert missing.code == "model_not_found" and not missing.retryable
    assert classify(openai.APITimeoutError(REQUEST)).kind == "hung"
    assert classify(openai.APIConnectionError(request=REQUEST)).kind == "connection"
    assert classify(openai.APIError("bad", REQUEST, body=None)).kind == "stream"
    assert classify(json.JSONDecodeError("x", "{", 0)).kind == "malformed"
    vetoed = classify(status_error(openai.InternalServerError, 500, {"x-should-retry": "false"}))
    assert not vetoed.retryable
    forced = classify(status_error(openai.BadRequestError, 400, {"x-should-retry": "true"}))
    assert forced.retryable
    with pytest.raises(TypeError):
        classify(KeyError("not a transport failure"))


def test_user_messages() -> None:
    def say(failure: Failure) -> str:
        return user_message(failure, URL, "gpt-x", 3)

    assert say(Failure("status", "no", 401)) == (
        "The server rejected the API key (401). Check the key in Settings or OPENAI_API_KEY.")
    assert "'gpt-x'" in say(Failure("status", "no", 404, "model_not_found"))
    assert "base URL" in say(Failure("status", "Not Found", 404))
    assert "wait 2.5 s" in say(Failure("status", "slow", 429, retry_after=2.5))
    assert say(Failure("connection", "refused")).startswith(f"Cannot reach the server at {URL}")
    assert "HTTP 503" in say(Failure("status", "busy", 503))


def _wrapped(cls: type[openai.APIConnectionError], cause: BaseException) -> BaseException:
    try:
        raise cls(request=REQUEST) from cause
    except openai.APIConnectionError as exc:
        return exc


@pytest.mark.parametrize(("exc", "started", "kind"), [
    (http.ConnectError("refused"), False, FailureKind.UNREACHABLE),
    (http.ConnectError("refused"), True, FailureKind.UNREACHABLE),
    (http.ConnectTimeout("no SYN-ACK"), False, FailureKind.UNREACHABLE),
    (http.ReadTimeout("silent"), True, FailureKind.HUNG),
    (http.RemoteProtocolError("peer closed"), True, FailureKind.CUT),
    (http.ReadError("reset"), True, FailureKind.CUT),
    (http.ReadError("reset"), False, FailureKind.UNREACHABLE),
    (ConnectionResetError("reset"), True, FailureKind.CUT),
])
def test_transport_errors_are_classified_raw_and_wrapped(exc, started, kind) -> None:
    """Older SDKs let the HTTP library's error escape a broken stream; newer ones wrap it."""
    assert classify(exc, started).failure_kind is kind
    cls = openai.APITimeoutError if "Timeout" in type(exc).__name__ else openai.APIConnectionError
    if isinstance(exc, http.TransportError):
        wrapped = _wrapped(cls, exc) if cls is openai.APIConnectionError else None
        if wrapped is not None:
            assert classify(wrapped, started).failure_kind is kind


@pytest.mark.parametrize(("status", "kind"), [
    (400, FailureKind.REJECTED), (401, FailureKind.REJECTED), (404, FailureKind.REJECTED),
    (429, FailureKind.RATE_LIMITED), (500, FailureKind.SERVER_ERROR),
    (503, FailureKind.SERVER_ERROR), (408, FailureKind.SERVER_ERROR),
])
def test_statuses_have_failure_kinds(status: int, kind: FailureKind) -> None:
    assert Failure("status", "x", status).failure_kind is kind

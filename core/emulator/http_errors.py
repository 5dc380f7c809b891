"""Error responses and rate-limit headers shaped as OpenAI sends them (§6.2)."""

from __future__ import annotations

import math

from aiohttp import web

REQUEST_LIMIT = 10_000
TOKEN_LIMIT = 2_000_000


def error_body(message: str, type_: str, code: str | None = None,
               param: str | None = None) -> dict:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def ratelimit_headers(remaining_requests: int = REQUEST_LIMIT - 1,
                      reset_ms: int = 6) -> dict[str, str]:
    """The `x-ratelimit-*` headers OpenAI puts on every response."""
    return {
        "x-ratelimit-limit-requests": str(REQUEST_LIMIT),
        "x-ratelimit-limit-tokens": str(TOKEN_LIMIT),
        "x-ratelimit-remaining-requests": str(max(0, remaining_requests)),
        "x-ratelimit-remaining-tokens": str(TOKEN_LIMIT - 1000),
        "x-ratelimit-reset-requests": f"{reset_ms}ms",
        "x-ratelimit-reset-tokens": f"{reset_ms}ms",
    }


def _error(status: int, body: dict, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(body, status=status, headers=headers)


def bad_request(message: str, param: str | None, code: str | None) -> web.Response:
    return _error(400, error_body(message, "invalid_request_error", code, param))


def model_not_found(model: str) -> web.Response:
    message = f"The model `{model}` does not exist or you do not have access to it."
    return _error(404, error_body(message, "invalid_request_error", "model_not_found"))


def invalid_key() -> web.Response:
    message = ("Incorrect API key provided. You can find your API key at "
               "https://platform.openai.com/account/api-keys.")
    return _error(401, error_body(message, "invalid_request_error", "invalid_api_key"))


def server_error() -> web.Response:
    message = ("The server had an error while processing your request. Sorry about that! "
               "(emulated fault)")
    return _error(500, error_body(message, "server_error"))


def rate_limited(model: str, retry_after_s: float) -> web.Response:
    """429 with `retry-after` (seconds, rounded up), `retry-after-ms` and ratelimit headers."""
    ms = max(1, round(retry_after_s * 1000))
    message = (f"Rate limit reached for {model} in organization org-local on requests per min "
               f"(RPM): Limit {REQUEST_LIMIT}, Used {REQUEST_LIMIT}, Requested 1. "
               f"Please try again in {ms}ms. (emulated fault)")
    headers = {"retry-after": str(max(1, math.ceil(retry_after_s))), "retry-after-ms": str(ms),
               **ratelimit_headers(0, ms)}
    return _error(429, error_body(message, "requests", "rate_limit_exceeded"), headers)


def storm_answer(emulator: object) -> web.Response:
    """A scripted 429 storm: every request refused with `Retry-After` (whole seconds only)."""
    emulator.stats.fault("storm")  # type: ignore[attr-defined]
    message = "Rate limit reached: too many requests. Please slow down. (scripted storm)"
    headers = {"retry-after": f"{emulator.storm_retry_after:g}"}  # type: ignore[attr-defined]
    return _error(429, error_body(message, "requests", "rate_limit_exceeded"), headers)

"""One GA Realtime connection through the SDK: open, one receive loop, route by response_id."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from openai import AsyncOpenAI
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from core.backends.base import BackendError
from core.backends.realtime_request import Outcome, Request
from core.backends.retry import parse_retry_after
from core.models import FailureKind

log = logging.getLogger(__name__)
Wire = Callable[[str, str, dict], None]
MIN_ROTATING_LIFETIME_S = 1.0  # shorter sessions are not rotated early (expiry is handled)


class FatalSessionError(BackendError):
    """The server refused the session in a way a retry cannot fix (key, settings, API shape)."""

    def __init__(self, message: str, kind: FailureKind = FailureKind.REJECTED) -> None:
        super().__init__(message, kind)


class ConnectFailed(BackendError):
    """The connection could not be opened (network, timeout); retrying may help."""

    def __init__(self, message: str, kind: FailureKind = FailureKind.UNREACHABLE) -> None:
        super().__init__(message, kind)


NO_REALTIME = ("This server has no Realtime endpoint (HTTP 404 on the WebSocket upgrade at {url}). "
               "Use the REST method with it, or check the base URL.")


def session_config(instructions: str) -> dict:
    """The text-only GA session: no audio, no turn detection, no temperature."""
    return {"type": "realtime", "output_modalities": ["text"], "instructions": instructions,
            "audio": {"input": {"turn_detection": None}}}


def _logged_session(session: dict) -> dict:
    """A session object for the event log: long instructions shortened, the rest as is."""
    shown = dict(session)
    text = shown.get("instructions")
    if isinstance(text, str) and len(text) > 160:
        shown["instructions"] = text[:160] + f"… ({len(text)} chars)"
    return shown


def explain(error: dict) -> str:
    """A message fit for the user for a Realtime `error` payload."""
    code, message = error.get("code"), error.get("message") or "unknown error"
    if code == "unknown_parameter":
        return (f"The Realtime server rejected a session setting ({error.get('param')}): "
                f"{message} DraftLens speaks the GA Realtime API; this server seems to expect "
                "another version.")
    if code == "beta_api_shape_disabled":
        return ("The Realtime server refused the retired beta API (OpenAI-Beta: realtime=v1). "
                "DraftLens uses the GA API; check that no proxy adds that header.")
    if code == "session_expired":
        return f"The Realtime session reached its maximum duration ({message})."
    if code in (None, "invalid_api_key", "missing_api_key") and "auth" in message.lower():
        return f"The Realtime server refused the API key: {message} Check the key in Settings."
    return f"Realtime error ({code}): {message}" if code else f"Realtime error: {message}"


class Connection:
    """A live Realtime session carrying many concurrent out-of-band responses."""

    def __init__(self, client: AsyncOpenAI, model: str, instructions: str, wire: Wire,
                 connect_timeout: float, no_progress: float = 15.0) -> None:
        self.client, self.model, self.instructions = client, model, instructions
        self.wire = wire
        self.connect_timeout = connect_timeout
        self.no_progress = no_progress
        self.heard = time.monotonic()  # when the last frame arrived
        self.hung = False              # closed because the server fell silent
        self.struck = False            # its silence was counted as a fault by the pool
        self.close_kind = FailureKind.CUT
        self.sdk: Any = None
        self.by_request: dict[str, Request] = {}
        self.by_response: dict[str, Request] = {}
        self.opened_at = time.monotonic()
        self.lifetime_s: float | None = None
        self.closed = False
        self.draining = False
        self.close_reason = "the Realtime connection closed"
        self.close_counts = True
        self.malformed = 0
        self.on_rate_limit: Callable[[float], None] | None = None  # pause the server's requests
        self._receiver: asyncio.Task | None = None
        self._closer: asyncio.Task | None = None

    # -- opening ------------------------------------------------------------------------------

    async def open(self) -> None:
        """Connect, read session.created, configure the text-only session, start receiving."""
        try:
            async with asyncio.timeout(self.connect_timeout):
                await self._handshake()
        except (FatalSessionError, ConnectFailed):
            await self.close()
            raise
        except InvalidStatus as exc:
            await self.close()
            raise _status_refusal(exc.response.status_code, str(self.client.base_url),
                                  parse_retry_after(exc.response.headers)) from None
        except InvalidHandshake as exc:  # e.g. a plain HTTP/1.0 answer to the upgrade
            await self.close()
            raise _odd_handshake(exc, str(self.client.base_url)) from None
        except TimeoutError:
            await self.close()
            raise ConnectFailed(
                f"the Realtime server did not complete the handshake within "
                f"{self.connect_timeout:g} s", FailureKind.HUNG) from None
        except (OSError, ConnectionClosed) as exc:
            await self.close()
            raise ConnectFailed(f"cannot connect to the Realtime server: "
                                f"{type(exc).__name__} {exc}".strip()) from None
        self._receiver = asyncio.get_running_loop().create_task(self._receive())

    async def _handshake(self) -> None:
        self.sdk = await self.client.realtime.connect(model=self.model).enter()
        created = await self._next_event()
        if created.get("type") != "session.created":
            raise self._refusal(created)
        self._note_expiry(created.get("session") or {})
        self.wire("recv", "session.created", {"id": (created.get("session") or {}).get("id")})
        await self.sdk.session.update(session=session_config(self.instructions),
                                      event_id="draftlens_session_update")
        self.wire("send", "session.update", _logged_session(session_config(self.instructions)))
        while True:
            reply = await self._next_event()
            if reply.get("type") == "session.updated":
                self.wire("recv", "session.updated", _logged_session(reply.get("session") or {}))
                return
            if reply.get("type") == "error":
                raise self._refusal(reply)

    async def _next_event(self) -> dict:
        """Read one JSON event during the handshake (before the receive loop exists)."""
        while True:
            try:
                raw = await self.sdk.recv_bytes()
            except ConnectionClosed as exc:
                raise ConnectFailed(_closed_text(exc), FailureKind.CUT) from None
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            if isinstance(data, dict):
                return data

    def _refusal(self, data: dict) -> BackendError:
        error = data.get("error") if data.get("type") == "error" else None
        if not isinstance(error, dict):
            return ConnectFailed(f"unexpected first event {data.get('type')!r}")
        self.wire("recv", "error", error)
        return FatalSessionError(explain(error))

    def _note_expiry(self, session: dict) -> None:
        expires_at = session.get("expires_at")
        if isinstance(expires_at, int | float) and expires_at > 0:
            self.lifetime_s = max(0.0, expires_at - time.time())

    def due_for_rotation(self, margin_s: float | None) -> bool:
        """True once the session is close to its maximum duration (proactive reconnect)."""
        if margin_s is None or self.lifetime_s is None or self.lifetime_s < MIN_ROTATING_LIFETIME_S:
            return False
        rotate_after = max(self.lifetime_s - margin_s, self.lifetime_s * 0.5)
        return time.monotonic() - self.opened_at >= rotate_after

    # -- requests -----------------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        """Closed, with no close or receive task still running."""
        tasks = (self._closer, self._receiver)
        return self.closed and all(t is None or t.done() for t in tasks)

    @property
    def inflight(self) -> int:
        return len(self.by_request)

    async def execute(self, request: Request, timeout: float, cancel_grace: float) -> Outcome:
        """Send one out-of-band response.create and wait for its outcome.

        No event for the request within `no_progress` s (or no answer within `timeout` s):
        the response is cancelled. When the server does not even answer the cancel, the whole
        socket is silent: it is closed as hung, which ends every request on it at once (one
        fault, not one per request).
        """
        if self.closed:
            return Outcome("lost", self.close_reason, counts=False, kind=self.close_kind)
        self.by_request[request.id] = request
        try:
            request.sent = time.perf_counter()
            request.progressed = time.monotonic()
            await self.sdk.response.create(response=request.response_params(self.instructions),
                                           event_id=request.event_id)
            self.wire("send", "response.create", {"request_id": request.id,
                                                  "paragraphs": len(request.prompt.markers)})
            reason = await self._wait(request, timeout)
            if reason is None:
                return request.done.result()
            return await self._time_out(request, reason, cancel_grace)
        except ConnectionClosed as exc:  # the send found the socket gone: nothing more on it
            self.closed = True
            return Outcome("lost", _closed_text(exc), counts=False, kind=FailureKind.CUT)
        finally:
            self._forget(request)

    async def _wait(self, request: Request, timeout: float) -> str | None:
        """Wait for the request's outcome; None when it came, else why we stopped waiting."""
        start = time.monotonic()
        while not request.done.done():
            now = time.monotonic()
            if now - start >= timeout:
                return f"no complete answer within {timeout:g} s"
            if now - request.progressed >= self.no_progress:
                return f"nothing arrived for {self.no_progress:g} s"
            left = min(start + timeout, request.progressed + self.no_progress) - now
            await asyncio.wait([request.done], timeout=max(left, 0.0))
        return None

    def _hang(self) -> None:
        """The server sent nothing at all for `no_progress` s: give this socket up."""
        if not self.closed:
            self.hung = True
            self.close_reason = ("the Realtime server stopped sending anything (hung: nothing "
                                 f"for {self.no_progress:g} s, no answer to a cancel)")
            self.close_kind = FailureKind.HUNG
            self.wire("info", "connection hung", {"silent_s": self.no_progress})
        self._lost()       # settle every request now; a polite close would wait for the peer
        self._close_soon()

    async def _time_out(self, request: Request, reason: str, grace: float) -> Outcome:
        """Cancel a response that took too long; wait (briefly) until the server ends it.

        Nothing at all heard during that wait: the socket is hung, and is given up."""
        heard = self.heard
        await self.cancel(request)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                await asyncio.shield(request.done)
        if request.done.done() and request.done.result().status == "lost":
            return request.done.result()
        if self.heard == heard:
            self._hang()
            return Outcome("lost", self.close_reason, counts=False, kind=FailureKind.HUNG)
        return Outcome("timeout", f"{reason} (cancelled)", kind=FailureKind.HUNG)

    async def cancel(self, request: Request) -> None:
        """response.cancel by id (out-of-band responses can only be cancelled by id)."""
        if request.response_id is None or self.closed:
            return
        with contextlib.suppress(ConnectionClosed):
            await self.sdk.response.cancel(response_id=request.response_id)
            self.wire("send", "response.cancel", {"response_id": request.response_id})

    def _forget(self, request: Request) -> None:
        self.by_request.pop(request.id, None)
        if request.response_id is not None:
            self.by_response.pop(request.response_id, None)
        if self.draining and not self.by_request:
            self._close_soon()

    # -- receiving ----------------------------------------------------------------------------

    async def _receive(self) -> None:
        """The one receive loop of this connection: parse each frame and route it."""
        try:
            while True:
                raw = await self.sdk.recv_bytes()
                self.heard = time.monotonic()
                try:
                    data = json.loads(raw)
                except ValueError:
                    self.malformed += 1
                    self.wire("info", "malformed frame", {"bytes": len(raw)})
                    continue
                if isinstance(data, dict):
                    self._route(data)
        except ConnectionClosed as exc:
            if self.close_counts and not self.hung:
                self.close_reason = _closed_text(exc)
        except Exception as exc:  # never let a bad frame kill the app; the requests re-queue
            log.exception("Realtime receive loop failed")
            self.close_reason = f"the Realtime connection failed: {type(exc).__name__}"
        finally:
            self._lost()

    def _route(self, data: dict) -> None:
        kind = data.get("type")
        if kind == "response.output_text.delta":
            request = self.by_response.get(data.get("response_id"))  # type: ignore[arg-type]
            self.wire("recv", kind, {"response_id": data.get("response_id"),
                                     "delta": data.get("delta")})
            if request is not None:
                request.on_delta(data.get("delta") or "")
        elif kind == "response.created":
            self._on_created(data.get("response") or {})
        elif kind == "response.done":
            self._on_done(data.get("response") or {})
        elif kind == "error":
            self._on_error(data.get("error") or {})
        elif kind == "rate_limits.updated":
            self._on_rate_limits(data.get("rate_limits") or [])

    def _on_rate_limits(self, limits: list) -> None:
        """No requests (or tokens) left: pause every request to the server until the reset."""
        waits = [float(x.get("reset_seconds") or 0) for x in limits if isinstance(x, dict)
                 and x.get("remaining") == 0 and isinstance(x.get("reset_seconds"), int | float)]
        if waits and self.on_rate_limit is not None:
            self.wire("recv", "rate_limits.updated", {"pause_s": max(waits)})
            self.on_rate_limit(max(waits))

    def _on_created(self, response: dict) -> None:
        request_id = (response.get("metadata") or {}).get("request_id")
        request = self.by_request.get(request_id)  # type: ignore[arg-type]
        if request is not None and response.get("id"):
            request.progressed = time.monotonic()
            request.response_id = response["id"]
            self.by_response[response["id"]] = request
        self.wire("recv", "response.created", {"response_id": response.get("id"),
                                               "request_id": request_id})

    def _on_done(self, response: dict) -> None:
        request = self.by_response.get(response.get("id"))  # type: ignore[arg-type]
        self.wire("recv", "response.done", {
            "response_id": response.get("id"), "status": response.get("status"),
            "status_details": response.get("status_details"), "usage": response.get("usage"),
            "metadata": response.get("metadata")})
        if request is not None:
            request.on_done(response)

    def _on_error(self, error: dict) -> None:
        self.wire("recv", "error", {k: error.get(k) for k in ("code", "message", "event_id")})
        code, event_id = error.get("code"), error.get("event_id") or ""
        if code == "session_expired":
            self.close_reason, self.close_counts = explain(error), False
            return
        if event_id.startswith("rc_"):
            request = self.by_request.get(event_id[3:])
            if request is not None:
                limited = "rate_limit" in str(code or "")
                request.settle(Outcome("failed", explain(error), kind=(
                    FailureKind.RATE_LIMITED if limited else FailureKind.REJECTED)))

    def _lost(self) -> None:
        """The socket is gone: every request still waiting on it ends as `lost`.

        The loss is one fault of the connection, not of each request: none of them is charged
        an attempt for it (the pool counts the fault once, and caps free re-sends per job).
        """
        self.closed = True
        for request in list(self.by_request.values()):
            request.settle(Outcome("lost", self.close_reason, counts=False,
                                   kind=self.close_kind))

    # -- closing ------------------------------------------------------------------------------

    def drain(self) -> None:
        """Take no new requests; close once the in-flight ones have finished."""
        self.draining = True
        if not self.by_request:
            self._close_soon()

    def _close_soon(self) -> None:
        if self._closer is None:
            self._closer = asyncio.get_running_loop().create_task(self.close())

    async def wait_closed(self) -> None:
        """Close now, and wait for a close already under way."""
        await self.close()
        if self._closer is not None and self._closer is not asyncio.current_task():
            await asyncio.gather(self._closer, return_exceptions=True)

    async def close(self) -> None:
        """Close the socket and stop the receive loop (safe to call twice)."""
        self.closed = True
        if self.sdk is not None and self.hung:
            _abort(self.sdk)  # a silent peer would make a polite close wait for its answer
        if self.sdk is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(1.0 if self.hung else self.connect_timeout):
                    await self.sdk.close()
        if self._receiver is not None and self._receiver is not asyncio.current_task():
            self._receiver.cancel()
            await asyncio.gather(self._receiver, return_exceptions=True)


def _abort(sdk: Any) -> None:
    """Drop the socket of the SDK's connection without a closing handshake, where we can."""
    transport = getattr(getattr(sdk, "_connection", None), "transport", None)
    if transport is not None:
        with contextlib.suppress(Exception):
            transport.abort()


def _status_refusal(status: int, base_url: str, retry_after: float | None = None,
                    ) -> BackendError:
    """The upgrade got an HTTP status instead of a WebSocket."""
    if status == 404:
        return FatalSessionError(NO_REALTIME.format(url=base_url), FailureKind.NO_REALTIME)
    if status in (401, 403):
        return FatalSessionError(f"The Realtime server refused the API key (HTTP {status}). "
                                 "Check the key in Settings.")
    if status == 429:
        error = ConnectFailed("the Realtime server is rate limiting connections (HTTP 429)",
                              FailureKind.RATE_LIMITED)
        error.retry_after = retry_after
        return error
    if status >= 500:
        return ConnectFailed(f"the Realtime server failed (HTTP {status})",
                             FailureKind.SERVER_ERROR)
    return FatalSessionError(f"the Realtime server refused the connection (HTTP {status})")


def _odd_handshake(exc: InvalidHandshake, base_url: str) -> BackendError:
    """The upgrade got an answer websockets cannot read (an HTTP/1.0 status line, a bad
    header): the status it names, if any, else a refusal in words."""
    text = " ".join(str(e) for e in (exc, exc.__cause__, exc.__context__) if e is not None)
    status = re.search(r"HTTP/\d(?:\.\d)? (\d{3})", text)
    if status:
        return _status_refusal(int(status.group(1)), base_url)
    if isinstance(exc.__cause__, EOFError | OSError):  # the server went away mid-handshake
        return ConnectFailed("the Realtime server closed the connection during the WebSocket "
                             "handshake", FailureKind.CUT)
    return FatalSessionError("The Realtime server did not answer the WebSocket upgrade as a "
                             f"Realtime server does ({base_url}). Check the base URL, or use "
                             "the REST method with it.")


def _closed_text(exc: ConnectionClosed) -> str:
    close = exc.rcvd
    if close is None:
        return "the Realtime connection dropped"
    reason = f": {close.reason}" if close.reason else ""
    return f"the Realtime server closed the connection ({close.code}{reason})"

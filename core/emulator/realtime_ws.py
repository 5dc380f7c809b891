"""GET /v1/realtime: the emulated GA Realtime WebSocket (auth, beta rejection, expiry)."""

from __future__ import annotations

import asyncio

from aiohttp import WSMsgType, web

from core.emulator.realtime_events import error_event, event
from core.emulator.realtime_session import RealtimeSession
from core.emulator.state import bearer_token, emulator_of

DEFAULT_MODEL = "gpt-realtime"
BETA_MESSAGE = ("The Realtime Beta API is no longer supported. Please use /v1/realtime for the "
                "GA API.")
AUTH_MESSAGE = "Missing bearer or basic authentication in header"
CLOSE_BETA = 4000
CLOSE_AUTH = 1008
CLOSE_EXPIRED = 1001


def expiry_message(seconds: float) -> str:
    """The service's text, e.g. 'Your session hit the maximum duration of 60 minutes.'"""
    if seconds >= 60 and seconds % 60 == 0:
        span = f"{int(seconds // 60)} minutes"
    else:
        span = f"{seconds:g} seconds"
    return f"Your session hit the maximum duration of {span}."


async def _reject(ws: web.WebSocketResponse, error: dict, code: int, reason: str) -> None:
    await ws.send_json(error)
    await ws.close(code=code, message=reason.encode()[:120])


async def _expire(session: RealtimeSession, seconds: float) -> None:
    """At the session's maximum duration: `session_expired` error, then close 1001."""
    await asyncio.sleep(seconds)
    message = expiry_message(seconds)
    await session.send(error_event(message, "session_expired"))
    await session.ws.close(code=CLOSE_EXPIRED, message=message.encode()[:120])


def _drop(request: web.Request) -> None:
    """Cut the TCP connection without a close frame (a 'dropped socket')."""
    transport = request.transport
    if transport is not None:
        transport.abort()


async def handle_realtime(request: web.Request) -> web.WebSocketResponse:
    """Serve one Realtime connection until either side closes it."""
    emulator = emulator_of(request)
    emulator.stats.enter(request.path)
    emulator.stats.leave()
    if emulator.config.realtime_down:
        emulator.stats.fault("realtime_down")
        raise web.HTTPServiceUnavailable(text="The Realtime service is unavailable.")
    if emulator.config.hang:
        task = asyncio.current_task()
        if task is not None:
            emulator.track(task)
        await asyncio.Event().wait()  # accepted, never answered (stop() cancels it)
    ws = web.WebSocketResponse(max_msg_size=64 * 2**20, autoping=True)
    await ws.prepare(request)
    if "realtime=v1" in request.headers.get("OpenAI-Beta", ""):
        await _reject(ws, error_event(BETA_MESSAGE, "beta_api_shape_disabled"), CLOSE_BETA,
                      "beta_api_shape_disabled")
        return ws
    if bearer_token(request) is None:
        await _reject(ws, error_event(AUTH_MESSAGE, None), CLOSE_AUTH, AUTH_MESSAGE)
        return ws
    emulator.stats.realtime_sessions += 1
    model = request.query.get("model") or DEFAULT_MODEL
    session = RealtimeSession(ws, emulator, model, drop=lambda: _drop(request))
    await session.send(event("session.created", session=session.session))
    expiry = asyncio.get_running_loop().create_task(
        _expire(session, emulator.config.session_max_s))
    try:
        await _serve(ws, session)
    finally:
        expiry.cancel()
        await session.close()
        await asyncio.gather(expiry, return_exceptions=True)
    return ws


async def _serve(ws: web.WebSocketResponse, session: RealtimeSession) -> None:
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await session.handle_text(msg.data)
        elif msg.type == WSMsgType.BINARY:
            await session.handle_text(msg.data.decode("utf-8", "replace"))

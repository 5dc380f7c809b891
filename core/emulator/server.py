"""The local OpenAI-compatible server: HTTP (/v1/models, /v1/chat/completions) and the GA
Realtime WebSocket (/v1/realtime), on loopback only. Usable in-process (tests, demo mode,
benchmark) and from `draftlens emulator`.
"""

from __future__ import annotations

import hmac
import ipaddress
import time

from aiohttp import web

from core.emulator.chat import handle_chat
from core.emulator.http_errors import error_body, invalid_key, storm_answer
from core.emulator.realtime_ws import handle_realtime
from core.emulator.state import (
    EMULATOR_KEY,
    ServerState,
    ServerStats,
    auth_error,
    bearer_token,
    emulator_of,
)

__all__ = ["Emulator", "ServerStats", "loopback_host"]


class Emulator(ServerState):
    """Start with `await start()` (returns the base URL), stop with `await stop()`."""

    @property
    def base_url(self) -> str:
        host = self.config.host
        return f"http://{'[' + host + ']' if ':' in host else host}:{self.port}/v1"

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 2**20, middlewares=[guard])
        app[EMULATOR_KEY] = self
        app.router.add_get("/v1/models", handle_models)
        app.router.add_post("/v1/chat/completions", handle_chat)
        app.router.add_get("/v1/realtime", handle_realtime)
        return app

    async def start(self) -> str:
        self.stopping = False
        self._runner = web.AppRunner(self.build_app(), handle_signals=False,
                                     shutdown_timeout=0.5, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.config.host, self.config.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self.base_url

    async def stop(self) -> None:
        self.stopping = True
        for task in list(self._tasks):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


def loopback_host(header: str) -> bool:
    """Whether a `Host:` header names this machine's loopback (DNS-rebinding defence)."""
    name = header.strip().lower()
    if name.startswith("["):
        name = name[1:].partition("]")[0]
    elif name.count(":") == 1:
        name = name.partition(":")[0]
    name = name.rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@web.middleware
async def guard(request: web.Request, handler) -> web.StreamResponse:
    """Every route and the WebSocket upgrade: a loopback Host and, if one is set, the key."""
    if not loopback_host(request.headers.get("Host", "")):
        body = error_body("This local server answers only requests addressed to localhost.",
                          "invalid_request_error", "misdirected_request")
        return web.json_response(body, status=421)
    emulator = emulator_of(request)
    if time.monotonic() < emulator.storm_until:
        return storm_answer(emulator)
    key = emulator.config.api_key
    token = bearer_token(request)
    if key is not None and token is not None and not hmac.compare_digest(
            token.encode(), key.encode()):
        return invalid_key()
    return await handler(request)  # a missing token is answered by each route, as OpenAI does


async def handle_models(request: web.Request) -> web.Response:
    emulator = emulator_of(request)
    emulator.stats.enter(request.path)
    emulator.stats.leave()
    if bearer_token(request) is None:
        return auth_error()
    created = int(emulator.started)
    data = [{"id": m, "object": "model", "created": created, "owned_by": "system"}
            for m in emulator.config.models]
    return web.json_response({"object": "list", "data": data})

"""The local OpenAI-compatible server: HTTP (/v1/models, /v1/chat/completions) and the GA
Realtime WebSocket (/v1/realtime), on loopback only. Usable in-process (tests, demo mode,
benchmark) and from `draftlens emulator`.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import time
from collections import deque
from dataclasses import dataclass, field

from aiohttp import web

from core.emulator.config import EmulatorConfig, check_loopback
from core.emulator.http_errors import error_body, invalid_key
from core.emulator.profiles import Planner

EMULATOR_KEY = web.AppKey("emulator", object)


@dataclass
class ServerStats:
    """What the server saw; tests read it to check concurrency bounds and retries."""

    requests: dict[str, int] = field(default_factory=dict)  # path -> count
    active: int = 0
    max_active: int = 0
    realtime_sessions: int = 0
    realtime_active_responses: int = 0
    realtime_max_active_per_session: int = 0
    realtime_interleaved: int = 0     # response events sent while another response was mid-way
    realtime_responses: dict[str, int] = field(default_factory=dict)  # final status -> count
    faults: dict[str, int] = field(default_factory=dict)
    disconnects: int = 0  # requests whose client went away before the answer ended

    def enter(self, path: str) -> None:
        self.requests[path] = self.requests.get(path, 0) + 1
        self.active += 1
        self.max_active = max(self.max_active, self.active)

    def leave(self) -> None:
        self.active -= 1

    def fault(self, kind: str) -> None:
        self.faults[kind] = self.faults.get(kind, 0) + 1


class Emulator:
    """Start with `await start()` (returns the base URL), stop with `await stop()`."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        check_loopback(self.config.host)
        self.planner = Planner(self.config)
        self.stats = ServerStats()
        self.started = time.time()
        self._runner: web.AppRunner | None = None
        self._tasks: set[asyncio.Task] = set()
        self.port = 0
        self.prompts: deque[str] = deque(maxlen=10_000)  # chat user messages, in arrival order
        self.stopping = False

    @property
    def base_url(self) -> str:
        host = self.config.host
        return f"http://{'[' + host + ']' if ':' in host else host}:{self.port}/v1"

    def build_app(self) -> web.Application:
        from core.emulator.chat import handle_chat
        from core.emulator.realtime_ws import handle_realtime

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

    def client_gone(self) -> None:
        """A client closed its connection mid-request (not counted while stopping)."""
        if not self.stopping:
            self.stats.disconnects += 1

    def track(self, task: asyncio.Task) -> None:
        """Keep a background task alive until it ends or the server stops."""
        if task in self._tasks:
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

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
    key = emulator_of(request).config.api_key
    token = bearer_token(request)
    if key is not None and token is not None and not hmac.compare_digest(
            token.encode(), key.encode()):
        return invalid_key()
    return await handler(request)  # a missing token is answered by each route, as OpenAI does


def emulator_of(request: web.Request) -> Emulator:
    return request.app[EMULATOR_KEY]  # type: ignore[return-value]


def bearer_token(request: web.Request) -> str | None:
    """The non-empty bearer token of the request, else None."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def auth_error() -> web.Response:
    body = error_body(
        "You didn't provide an API key. You need to provide your API key in an Authorization "
        "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        "invalid_request_error")
    return web.json_response(body, status=401)


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

"""What the local server's request handlers share: its state (config, planner, stats, background
tasks) and the request helpers (the server of a request, its bearer token, the 401 answer).

The handlers (`chat`, `realtime_ws`, `realtime_session`) import this module, never `server`,
which assembles them into an application.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field

from aiohttp import web

from core.emulator.config import EmulatorConfig, check_loopback
from core.emulator.http_errors import error_body
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


class ServerState:
    """The server as its handlers see it; `server.Emulator` adds starting and stopping."""

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
        self.storm_until = 0.0         # monotonic time a scripted 429 storm ends
        self.storm_retry_after = 3.0   # the Retry-After its 429s carry

    def storm(self, seconds: float, retry_after: float = 3.0) -> None:
        """Answer every request (REST and the Realtime upgrade) with 429 for `seconds`."""
        self.storm_until = time.monotonic() + seconds
        self.storm_retry_after = retry_after

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


def emulator_of(request: web.Request) -> ServerState:
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

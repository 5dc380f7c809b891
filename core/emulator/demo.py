"""Demo mode: the local server in-process, so REST and Realtime work offline."""

from __future__ import annotations

import asyncio
import secrets

from core.emulator.answers import NEIGHBOURS
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.settings import Settings

DEMO_KEY = secrets.token_urlsafe(24)  # a new one each run: the demo server accepts only it
_servers: dict[int, Emulator] = {}


async def demo_base_url(profile: str = "openai-like") -> str:
    """Start (once per event loop) the in-process server and return its base URL."""
    loop_id = id(asyncio.get_running_loop())
    server = _servers.get(loop_id)
    if server is None:
        server = Emulator(EmulatorConfig(profile=profile, seed=7, api_key=DEMO_KEY))
        await server.start()
        _servers[loop_id] = server
    return server.base_url


async def stop_demo() -> None:
    """Stop this event loop's demo server, if any."""
    server = _servers.pop(id(asyncio.get_running_loop()), None)
    if server is not None:
        await server.stop()


def demo_context(settings: Settings) -> int:
    """Context paragraphs a demo client sends: enough that every prompt carries each target's
    NEIGHBOURS paragraphs on both sides, so the demo answers never depend on batching."""
    return max(settings.context_paragraphs, NEIGHBOURS)

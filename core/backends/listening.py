"""Is anything listening at a server's address? A TCP connect, nothing sent.

Hybrid uses it while a server refuses connections (killed, restarting): knocking every
KNOCK_EVERY_S costs no request, and the moment the port accepts again its breakers probe at
once instead of at the end of their cooldown.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

KNOCK_EVERY_S = 0.25
KNOCK_TIMEOUT_S = 0.5


def address(base_url: str) -> tuple[str, int] | None:
    """(host, port) of an http(s) base URL, None when it has no host."""
    try:
        parts = urlsplit(base_url)
        port = parts.port or (443 if parts.scheme in ("https", "wss") else 80)
    except ValueError:
        return None
    return (parts.hostname, port) if parts.hostname else None


async def listening(base_url: str, timeout: float = KNOCK_TIMEOUT_S) -> bool:
    """True when a TCP connection to the server's address is accepted within `timeout`."""
    where = address(base_url)
    if where is None:
        return False
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(*where), timeout)
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True

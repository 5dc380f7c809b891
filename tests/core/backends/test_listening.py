"""Knocking on a server's port (core.backends.listening), over real sockets."""

from __future__ import annotations

import asyncio
import socket

from core.backends.listening import address, listening


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_address_of_base_urls():
    assert address("https://api.openai.com/v1") == ("api.openai.com", 443)
    assert address("http://127.0.0.1:8089/v1") == ("127.0.0.1", 8089)
    assert address("http://localhost/v1") == ("localhost", 80)
    assert address("not a url") is None
    assert address("http://127.0.0.1:99999/v1") is None  # a port out of range


async def test_a_closed_port_is_not_listening_an_open_one_is():
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    assert not await listening(url)
    server = await asyncio.start_server(lambda _r, w: w.close(), "127.0.0.1", port)
    async with server:
        assert await listening(url)

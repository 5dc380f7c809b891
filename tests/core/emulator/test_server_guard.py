"""The built-in server answers only its own key and only requests addressed to loopback."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import aiohttp
import openai
import pytest
from websockets.exceptions import InvalidStatus

from core.backends.client import websocket_url
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator, loopback_host

DRAFTLENS = str(Path(sys.executable).parent / "draftlens")
KEY = "sk-emulator-right-key-0001"


def _client(url: str, key: str) -> openai.AsyncOpenAI:
    # websocket_base_url as DraftLens sets it: SDKs before 2.27 would force wss:// otherwise
    return openai.AsyncOpenAI(api_key=key, base_url=url, max_retries=0,
                              websocket_base_url=websocket_url(url))


async def test_a_wrong_token_is_refused_on_every_route() -> None:
    async with Emulator(EmulatorConfig(api_key=KEY)) as em:
        wrong = _client(em.base_url, "sk-someone-else-0000")
        with pytest.raises(openai.AuthenticationError):
            await wrong.models.list()
        with pytest.raises(openai.AuthenticationError):
            await wrong.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
        with pytest.raises(InvalidStatus) as ws:
            await wrong.realtime.connect(model="gpt-realtime").enter()
        assert ws.value.response.status_code == 401
        await wrong.close()
        right = _client(em.base_url, KEY)
        assert [m.id for m in (await right.models.list()).data]
        conn = await right.realtime.connect(model="gpt-realtime").enter()
        assert (await conn.recv()).type == "session.created"
        await conn.close()
        await right.close()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "127.0.0.1.evil.example",
                                  "localhost.evil.example", "[::2]:80", ""])
async def test_a_foreign_host_is_refused_on_http_and_the_websocket(host: str) -> None:
    async with Emulator(EmulatorConfig(api_key=KEY)) as em:
        headers = {"Host": host, "Authorization": f"Bearer {KEY}"}
        async with aiohttp.ClientSession(skip_auto_headers=["Host"]) as session:
            async with session.get(f"{em.base_url}/models", headers=headers) as resp:
                assert resp.status == 421
            async with session.post(f"{em.base_url}/chat/completions", headers=headers,
                                    json={"model": "gpt-4o", "messages": []}) as resp:
                assert resp.status == 421
            with pytest.raises(aiohttp.WSServerHandshakeError) as ws:
                await session.ws_connect(f"{em.base_url}/realtime?model=gpt-realtime",
                                         headers=headers)
            assert ws.value.status == 421
        assert em.stats.requests == {}  # no route ran


@pytest.mark.parametrize("host", ["127.0.0.1:1234", "localhost", "LOCALHOST:99", "[::1]:5",
                                  "127.0.0.2", "localhost."])
def test_loopback_names_are_allowed(host: str) -> None:
    assert loopback_host(host)


def _ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback on this machine")
async def test_ipv6_loopback_gets_a_usable_url() -> None:
    async with Emulator(EmulatorConfig(host="::1", api_key=KEY)) as em:
        assert em.base_url == f"http://[::1]:{em.port}/v1"
        client = _client(em.base_url, KEY)
        assert (await client.models.list()).data
        await client.close()


async def test_demo_mode_server_accepts_only_its_per_run_key() -> None:
    from core.emulator.demo import DEMO_KEY, demo_base_url, stop_demo

    url = await demo_base_url("instant")
    try:
        assert len(DEMO_KEY) >= 24
        with pytest.raises(openai.AuthenticationError):
            await _client(url, "demo-key-not-secret").models.list()
        assert (await _client(url, DEMO_KEY).models.list()).data
    finally:
        await stop_demo()


async def _cli_emulator(*extra: str) -> tuple[asyncio.subprocess.Process, list[str]]:
    proc = await asyncio.create_subprocess_exec(
        DRAFTLENS, "emulator", *extra, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    lines = [(await proc.stdout.readline()).decode().strip()]
    if not extra:
        lines.append((await proc.stdout.readline()).decode().strip())
    return proc, lines


async def test_cli_emulator_generates_a_key_and_prints_it_after_ready() -> None:
    proc, (ready, key_line) = await _cli_emulator()
    try:
        assert ready.startswith("READY http://127.0.0.1:") and key_line.startswith("KEY ")
        url, key = ready.split(" ", 1)[1], key_line.split(" ", 1)[1]
        with pytest.raises(openai.AuthenticationError):
            await _client(url, "anything").models.list()
        assert (await _client(url, key).models.list()).data
    finally:
        proc.terminate()
        await proc.wait()


async def test_cli_emulator_with_api_key_does_not_echo_it() -> None:
    proc, (ready,) = await _cli_emulator("--api-key", KEY)
    try:
        assert (await _client(ready.split(" ", 1)[1], KEY).models.list()).data
    finally:
        proc.terminate()
        out, _ = await proc.communicate()
    assert KEY not in out.decode()

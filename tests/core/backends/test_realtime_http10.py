"""A server that answers the Realtime upgrade with a plain HTTP/1.0 status line: the status it
names decides (401: the key was rejected), with no traceback and no internal error."""

from __future__ import annotations

import asyncio
import logging

import pytest

from core.backends.realtime import RealtimeBackend
from core.chunking import make_document
from core.emulator.fault_proxy import RawServer
from core.models import ChunkResult
from core.settings import Settings


class Http10Server(RawServer):
    """Reads the upgrade request, answers `HTTP/1.0 <status>` and closes."""

    def __init__(self, status: str) -> None:
        self.status = status

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(f"HTTP/1.0 {self.status}\r\nContent-Type: text/plain\r\n\r\nno".encode())
        await writer.drain()
        writer.close()


@pytest.mark.parametrize(("status", "kind", "words"), [
    ("401 Unauthorized", "rejected", "refused the API key"),
    ("404 Not Found", "no_realtime", "no Realtime endpoint"),
])
async def test_an_http10_refusal_of_the_upgrade_is_read_as_its_status(status, kind, words,
                                                                      caplog):
    doc = make_document("Beans.\n\nMore beans.", "coffee")
    caplog.set_level(logging.WARNING)
    async with Http10Server(status) as server:
        backend = RealtimeBackend(Settings(base_url=server.url, patience=2.0), "sk-h10-01234")
        results = [e async for e in backend.run(doc, doc.chunks) if isinstance(e, ChunkResult)]
        await backend.aclose()
    assert sorted(r.index for r in results) == [0, 1]
    assert {r.error_kind for r in results} == {kind}, {r.error for r in results}
    assert all(words in r.error for r in results)
    assert not [r for r in caplog.records if r.exc_info], "no traceback"

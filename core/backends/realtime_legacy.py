"""The original experiment's strategy, kept to measure it: ONE in-band conversation.

Per paragraph: `conversation.item.create` + `response.create`, then a fixed pause, never
waiting for `response.done`. When an answer takes longer than the pause, the service rejects
the next request with "Conversation already has an active response". Used by the benchmark
and tests only; not offered in the method switcher.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Sequence

from websockets.exceptions import ConnectionClosed

from core.backends.base import Backend, BackendError, batch_prompt
from core.backends.client import make_client
from core.backends.realtime_conn import explain, session_config
from core.backends.realtime_request import user_message
from core.models import Chunk, Document, Event, RequestRecord, Timings
from core.parser import AnswerParser
from core.prompt import instructions
from core.settings import Settings


class LegacyRealtimeBackend(Backend):
    """Sequential in-band requests on one session, paced by `pause_s` (0.5 s originally)."""

    name = "realtime-legacy"

    def __init__(self, settings: Settings, api_key: str, pause_s: float = 0.5) -> None:
        super().__init__()
        self.settings, self.model, self.pause_s = settings, settings.realtime_model, pause_s
        self._api_key = api_key

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        client = make_client(self.settings, self._api_key)
        out: asyncio.Queue[Event] = asyncio.Queue()
        try:
            async with client.realtime.connect(model=self.model) as conn:
                await _configure(conn, instructions(doc.topic))
                state = _Legacy(self, doc, list(targets), out)
                receiver = asyncio.get_running_loop().create_task(state.receive(conn))
                sender = asyncio.get_running_loop().create_task(state.send_all(conn))
                try:
                    for _ in range(2 * len(targets)):
                        async with asyncio.timeout(self.settings.request_timeout):
                            event = await out.get()
                        yield event
                        if state.finished():
                            break
                finally:
                    for task in (sender, receiver):
                        task.cancel()
                    await asyncio.gather(sender, receiver, return_exceptions=True)
                    for event in state.unfinished("no answer before the run ended"):
                        yield event
        finally:
            await client.close()


async def _configure(conn: object, text: str) -> None:
    """session.update (GA, text-only) and wait for session.updated."""
    await conn.session.update(session=session_config(text))  # type: ignore[attr-defined]
    while True:
        data = json.loads(await conn.recv_bytes())  # type: ignore[attr-defined]
        if data.get("type") == "session.updated":
            return
        if data.get("type") == "error":
            raise BackendError(explain(data.get("error") or {}))


class _Legacy:
    """Bookkeeping of one legacy run: which paragraph each response or error belongs to."""

    def __init__(self, backend: LegacyRealtimeBackend, doc: Document, targets: list[Chunk],
                 out: asyncio.Queue[Event]) -> None:
        self.backend, self.doc, self.targets, self.out = backend, doc, targets, out
        self.sent: dict[int, float] = {}
        self.first: dict[int, float] = {}
        self.parsers: dict[str, tuple[int, AnswerParser]] = {}
        self.markers: dict[int, str] = {}  # paragraph -> the marker its prompt issued
        self.open = set(range(len(targets)))

    def finished(self) -> bool:
        return not self.open

    async def send_all(self, conn: object) -> None:
        k = self.backend.settings.context_paragraphs
        for i, chunk in enumerate(self.targets):
            prompt = batch_prompt(self.doc, [chunk], k)
            self.markers[i] = next(iter(prompt.markers))
            item = user_message(prompt.user)
            await conn.conversation.item.create(item=item)  # type: ignore[attr-defined]
            self.sent[i] = time.perf_counter()
            await conn.response.create(  # type: ignore[attr-defined]
                event_id=f"legacy_{i}", response={"metadata": {"paragraph": str(i)}})
            await asyncio.sleep(self.backend.pause_s)

    async def receive(self, conn: object) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                raw = await conn.recv_bytes()  # type: ignore[attr-defined]
                with contextlib.suppress(ValueError):
                    self.route(json.loads(raw))

    def route(self, data: dict) -> None:
        kind = data.get("type")
        if kind == "response.created":
            response = data.get("response") or {}
            i = int((response.get("metadata") or {}).get("paragraph", -1))
            if i in self.open:
                self.parsers[response.get("id", "")] = (i, AnswerParser([self.markers[i]]))
        elif kind == "response.output_text.delta":
            i, parser = self.parsers.get(data.get("response_id", ""), (-1, None))
            if parser is not None:
                self.first.setdefault(i, time.perf_counter())
                for verdict in parser.feed(data.get("delta") or ""):
                    self.finish(i, verdict.roles, None)
        elif kind == "response.done":
            i, parser = self.parsers.pop((data.get("response") or {}).get("id", ""), (-1, None))
            if parser is not None:
                last, missing = parser.finish()
                roles = last[0].roles if last else ()
                reason = next(iter(missing.values()), "no answer")
                self.finish(i, roles, None if roles else reason)
        elif kind == "error":
            error = data.get("error") or {}
            event_id = error.get("event_id") or ""
            if event_id.startswith("legacy_"):
                self.finish(int(event_id[7:]), (), error.get("message") or "error")

    def finish(self, i: int, roles: tuple[str, ...], error: str | None) -> None:
        if i not in self.open:
            return
        self.open.discard(i)
        chunk = self.targets[i]
        start = self.sent.get(i, time.perf_counter())
        timings = Timings(queued=start, sent=start, first_token=self.first.get(i))
        result = self.backend.result(chunk, roles, timings, error)
        self.out.put_nowait(result)
        self.out.put_nowait(RequestRecord(
            backend=self.backend.name, request_id=f"legacy_{i}", chunk_ids=(chunk.id,),
            start=start, end=time.perf_counter(), first_token=self.first.get(i),
            ok=error is None, error=error))

    def unfinished(self, message: str) -> list[Event]:
        events: list[Event] = []
        for i in sorted(self.open):
            timings = Timings(queued=self.sent.get(i, time.perf_counter()))
            events.append(self.backend.result(self.targets[i], (), timings, message))
        self.open.clear()
        return events

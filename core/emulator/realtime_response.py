"""One Realtime response on the emulator: the §3.2 event sequence, with latency and faults."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Protocol

from core.emulator.answers import count_tokens
from core.emulator.profiles import PROFILES, Plan
from core.emulator.realtime_events import (
    event,
    message_item,
    new_id,
    rate_limits,
    response_object,
    split_text,
    usage,
)
from core.emulator.state import ServerState

_FAILED = {
    "error": ("server_error", "server_error",
              "The server had an error while processing your request. Sorry about that!"),
    "rate_limit": ("rate_limit_error", "rate_limit_exceeded",
                   "Rate limit reached for tokens per min. Please try again in 50ms."),
}
MALFORMED_FRAME = '{"type": "response.output_text.delta", "delta": "tru'


@dataclass
class ResponseSpec:
    """What a response.create asked for, resolved against the session."""

    text: str                        # the model's full answer
    input_tokens: int
    metadata: dict | None
    max_output_tokens: int | str
    in_band: bool
    previous_item_id: str | None = None
    id: str = field(default_factory=lambda: new_id("resp"))


class Session(Protocol):
    """What a response needs of its session (`realtime_session.RealtimeSession` is one)."""

    emulator: ServerState
    conversation_id: str
    items: list[dict]

    async def send(self, ev: dict) -> None: ...
    async def send_raw(self, text: str) -> None: ...
    def drop(self) -> None: ...
    def response_ended(self, run: ResponseRun, status: str) -> None: ...


class ResponseRun:
    """Streams one response on a session; `cancel()` ends it with status `cancelled`."""

    def __init__(self, session: Session, spec: ResponseSpec, plan: Plan) -> None:
        self.session = session
        self.spec = spec
        self.plan = plan
        self.cancelled = asyncio.Event()
        self.item: dict | None = None
        self.sent = ""
        self.profile = PROFILES[session.emulator.config.profile]

    @property
    def id(self) -> str:
        return self.spec.id

    def cancel(self) -> None:
        self.cancelled.set()

    async def _wait(self, seconds: float) -> bool:
        """Sleep (always yielding once); True if a cancel arrived meanwhile."""
        if seconds <= 0:
            await asyncio.sleep(0)
            return self.cancelled.is_set()
        try:
            await asyncio.wait_for(self.cancelled.wait(), seconds)
        except TimeoutError:
            return False
        return True

    def _response(self, status: str, **kw: object) -> dict:
        s = self.spec
        conv = self.session.conversation_id if s.in_band else None
        return response_object(s.id, status, conversation_id=conv, metadata=s.metadata,
                               max_output_tokens=s.max_output_tokens, **kw)  # type: ignore[arg-type]

    def _ids(self) -> dict:
        assert self.item is not None
        return {"response_id": self.id, "item_id": self.item["id"], "output_index": 0,
                "content_index": 0}

    async def run(self) -> None:
        """The whole response; any end (done, cancel, fault) is reported by response.done."""
        try:
            await self._run()
        except ConnectionError:  # the socket went away under us: nothing left to tell
            self.session.response_ended(self, "aborted")

    async def _run(self) -> None:
        send = self.session.send
        await send(event("response.created", response=self._response("in_progress")))
        if await self._wait(self.plan.ttft_s):
            return await self._finish("cancelled")
        if self.plan.fault in _FAILED:
            self.session.emulator.stats.fault(self.plan.fault)
            return await self._failed(*_FAILED[self.plan.fault])
        text, status = self._budgeted_text()
        await self._open_item()
        if not await self._stream(text):
            return
        await self._finish(status)

    def _budgeted_text(self) -> tuple[str, str]:
        limit = self.spec.max_output_tokens
        if isinstance(limit, int) and count_tokens(self.spec.text) > limit:
            return self.spec.text[:limit * 4], "incomplete"
        return self.spec.text, "completed"

    async def _open_item(self) -> None:
        send = self.session.send
        self.item = message_item("assistant", "", status="in_progress")
        await send(event("response.output_item.added", response_id=self.id, output_index=0,
                         item=self.item))
        if self.spec.in_band:
            await send(event("conversation.item.added", item=self.item,
                             previous_item_id=self.spec.previous_item_id))
        await send(event("response.content_part.added", **self._ids(),
                         part={"type": "text", "text": ""}))

    async def _stream(self, text: str) -> bool:
        """Send the deltas; False when the response already ended (cancel or fault)."""
        pieces = split_text(text)
        fault = self.plan.fault
        for i, piece in enumerate(pieces):
            if fault is not None and i == min(1, len(pieces) - 1) and not await self._fault(fault):
                return False
            if await self._wait(self.profile.token_delay(count_tokens(piece))):
                await self._finish("cancelled")
                return False
            await self.session.send(event("response.output_text.delta", **self._ids(),
                                          delta=piece))
            self.sent += piece
        return True

    async def _fault(self, fault: str) -> bool:
        """Inject a mid-stream fault; False when it ended the response."""
        stats = self.session.emulator.stats
        stats.fault(fault)
        if fault == "drop":
            self.session.drop()
            return False
        if fault == "malformed":
            await self.session.send_raw(MALFORMED_FRAME)
            return True
        if fault == "stall" and await self._wait(self.session.emulator.config.stall_s):
            await self._finish("cancelled")
            return False
        return True

    async def _failed(self, type_: str, code: str, message: str) -> None:
        details = {"type": "failed", "reason": None,
                   "error": {"type": type_, "code": code, "message": message}}
        await self._done("failed", details)

    async def _finish(self, status: str) -> None:
        """Close the open part and item (if any), then response.done with `status`."""
        send = self.session.send
        if self.item is not None:
            text = self.sent
            await send(event("response.output_text.done", **self._ids(), text=text))
            await send(event("response.content_part.done", **self._ids(),
                             part={"type": "text", "text": text}))
            item_status = "completed" if status == "completed" else "incomplete"
            self.item = {**self.item, "status": item_status,
                         "content": [{"type": "output_text", "text": text}]}
            await send(event("response.output_item.done", response_id=self.id, output_index=0,
                             item=self.item))
            if self.spec.in_band:
                self.session.items.append(self.item)
                await send(event("conversation.item.done", item=self.item,
                                 previous_item_id=self.spec.previous_item_id))
        reason = {"cancelled": "client_cancelled", "incomplete": "max_output_tokens"}.get(status)
        details = None if reason is None else {"type": status, "reason": reason, "error": None}
        await self._done(status, details)

    async def _done(self, status: str, details: dict | None) -> None:
        out_tokens = count_tokens(self.sent)
        output = [self.item] if self.item is not None else []
        response = self._response(status, output=output, status_details=details,
                                  usage=usage(self.spec.input_tokens, out_tokens))
        self.session.response_ended(self, status)
        await self.session.send(event("response.done", response=response))
        await self.session.send(rate_limits(40000 - self.spec.input_tokens - out_tokens))

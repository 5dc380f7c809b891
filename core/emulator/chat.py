"""POST /v1/chat/completions: streamed (SSE) and whole answers, with latency and faults.

Faults come from the seeded Planner: `error` (500) and `rate_limit` (429) before anything is
sent; in a stream, `drop` (connection cut), `stall` (silence for `stall_s`) and `malformed` (a
garbage data line) happen after about half of the answer.
"""

from __future__ import annotations

import asyncio
import time
import uuid

from aiohttp import web

from core.emulator import sse
from core.emulator.answers import answer, count_tokens
from core.emulator.http_errors import invalid_key, rate_limited, ratelimit_headers, server_error
from core.emulator.http_request import ChatRequest, Rejected, parse_chat
from core.emulator.profiles import Plan
from core.emulator.state import ServerState, auth_error, bearer_token, emulator_of

# aiohttp >= 3.14 wants typed request keys (and warns on strings); older ones lack RequestKey
_DROPPED = (web.RequestKey("draftlens.dropped", bool) if hasattr(web, "RequestKey")
            else "draftlens.dropped")


async def handle_chat(request: web.Request) -> web.StreamResponse:
    """Count the request as active while it runs; note when the client goes away."""
    emulator = emulator_of(request)
    emulator.stats.enter(request.path)
    task = asyncio.current_task()
    if task is not None:
        emulator.track(task)  # so that stop() ends a stalled stream at once
    try:
        return await _serve(request, emulator)
    except asyncio.CancelledError:
        if not request.get(_DROPPED):
            emulator.client_gone()
        raise
    finally:
        emulator.stats.leave()


def _check_auth(request: web.Request, emulator: ServerState) -> web.Response | None:
    token = bearer_token(request)
    if token is None:
        return auth_error()
    if emulator.config.api_key is not None and token != emulator.config.api_key:
        return invalid_key()
    return None


async def _serve(request: web.Request, emulator: ServerState) -> web.StreamResponse:
    if emulator.config.hang:
        await asyncio.Event().wait()  # accepted, never answered (stop() cancels it)
    denied = _check_auth(request, emulator)
    if denied is not None:
        return denied
    try:
        chat = parse_chat(await request.read(), emulator.config.models)
    except Rejected as rejected:
        return rejected.response
    emulator.prompts.append(chat.user_text)
    plan = emulator.planner.plan("chat")
    if plan.fault == "error":
        emulator.stats.fault("error")
        return server_error()
    if plan.fault == "rate_limit":
        emulator.stats.fault("rate_limit")
        return rate_limited(chat.model, emulator.config.retry_after_s)
    text, finish = _model_answer(chat, emulator.config.answers)
    c = sse.Completion(f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time()), chat.model,
                       chat.include_obfuscation)
    if chat.stream:
        return await _stream(request, emulator, chat, plan, c, text, finish)
    return await _whole(request, emulator, chat, plan, c, text, finish)


def _model_answer(chat: ChatRequest, fixed: dict[str, list[str]]) -> tuple[str, str]:
    """The answer text and finish reason (`length` when cut at `max_tokens`)."""
    text = answer(chat.user_text, fixed)
    if chat.max_tokens is not None:
        toks = sse.tokens(text)
        if len(toks) > chat.max_tokens:
            return "".join(toks[:chat.max_tokens]), "length"
    return text, "stop"


def _headers(streaming: bool) -> dict[str, str]:
    headers = {"x-request-id": f"req_{uuid.uuid4().hex}", "openai-processing-ms": "1",
               **ratelimit_headers()}
    if streaming:
        headers |= {"Content-Type": "text/event-stream; charset=utf-8",
                    "Cache-Control": "no-cache"}
    return headers


def _drop(request: web.Request, emulator: ServerState) -> None:
    """Cut the connection without finishing the response."""
    emulator.stats.fault("drop")
    request[_DROPPED] = True
    if request.transport is not None:
        request.transport.close()


class _Writer:
    """Buffers SSE events and flushes them before each pause, so an instant stream is one write."""

    def __init__(self, response: web.StreamResponse) -> None:
        self.response = response
        self.buffer = bytearray()

    def add(self, event: bytes) -> None:
        self.buffer += event

    async def flush(self) -> None:
        if self.buffer:
            data, self.buffer = bytes(self.buffer), bytearray()
            await self.response.write(data)

    async def pause(self, seconds: float) -> None:
        await self.flush()
        if seconds > 0:
            await asyncio.sleep(seconds)


async def _stream(request: web.Request, emulator: ServerState, chat: ChatRequest, plan: Plan,
                  c: sse.Completion, text: str, finish: str) -> web.StreamResponse:
    response = web.StreamResponse(headers=_headers(streaming=True))
    await response.prepare(request)
    out = _Writer(response)
    await out.pause(plan.ttft_s)
    out.add(sse.encode(sse.delta_chunk(c, {"role": "assistant", "content": ""})))
    parts = sse.deltas(text)
    fault_at = len(parts) // 2 if plan.fault in ("drop", "stall", "malformed") else -1
    for i, part in enumerate(parts):
        if i == fault_at and not await _mid_stream_fault(request, emulator, plan, out):
            return response
        out.add(sse.encode(sse.delta_chunk(c, {"content": part}, n=i)))
        await out.pause(emulator.planner.profile.token_delay(len(sse.tokens(part))))
    out.add(sse.encode(sse.delta_chunk(c, {}, finish, n=len(parts))))
    if chat.include_usage:
        usage = sse.usage(chat.prompt_tokens, count_tokens(text))
        out.add(sse.encode(sse.usage_chunk(c, usage)))
    out.add(sse.DONE)
    await out.flush()
    await response.write_eof()
    return response


async def _mid_stream_fault(request: web.Request, emulator: ServerState, plan: Plan,
                            out: _Writer) -> bool:
    """Inject the planned fault; False when the stream is over (connection cut)."""
    if plan.fault == "drop":
        await out.flush()
        _drop(request, emulator)
        return False
    emulator.stats.fault(plan.fault or "")
    if plan.fault == "stall":
        await out.pause(emulator.config.stall_s)
    else:
        out.add(sse.GARBAGE)
    return True


async def _whole(request: web.Request, emulator: ServerState, chat: ChatRequest, plan: Plan,
                 c: sse.Completion, text: str, finish: str) -> web.StreamResponse:
    delay = plan.ttft_s + emulator.planner.profile.token_delay(len(sse.tokens(text)))
    await asyncio.sleep(delay)
    usage = sse.usage(chat.prompt_tokens, count_tokens(text))
    body = sse.completion(c, text, finish, usage)
    if plan.fault == "drop":
        _drop(request, emulator)
        raise asyncio.CancelledError
    if plan.fault == "stall":
        emulator.stats.fault("stall")
        await asyncio.sleep(emulator.config.stall_s)
    response = web.json_response(body, headers=_headers(streaming=False))
    if plan.fault == "malformed":
        emulator.stats.fault("malformed")
        response.body = response.body[: len(response.body) // 2]  # type: ignore[index,arg-type]
    return response

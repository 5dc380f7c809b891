"""`core.backends.check` and `draftlens check` against real servers on 127.0.0.1 (the real SDK)."""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import socket
import subprocess
import sys

import pytest
from aiohttp import web

from core.backends.check import STEP_CHAT, STEP_MODELS, STEP_REALTIME, check_server, format_report
from core.emulator.server import Emulator
from core.models import Method
from core.prompt import read_prompt
from core.settings import Settings

KEY = "sk-check-SECRET-123456"


class ChatOnlyServer:
    """An independent OpenAI-compatible server with models and chat but no Realtime endpoint.

    Its error texts echo the Authorization header, as careless proxies do.
    """

    async def __aenter__(self) -> ChatOnlyServer:
        app = web.Application()
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/v1/chat/completions", self._chat)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/v1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.runner.cleanup()

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [
            {"id": "local-llama", "object": "model", "created": 0, "owned_by": "me"}]})

    async def _chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("model") != "local-llama":
            message = f"no model {body.get('model')} for {request.headers.get('Authorization')}"
            return web.json_response({"error": {"message": message, "type": "invalid_request",
                                                 "param": None, "code": None}}, status=404)
        return await stream_answer(request, body, "local-llama", "example")


async def stream_answer(request: web.Request, body: dict, model: str, role: str,
                        ) -> web.StreamResponse:
    """Stream `<marker>: role` for every paragraph of the prompt (or `role` alone if it has
    none): what DraftLens asks a chat model for."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    markers = list(read_prompt(user).paragraphs)
    text = "\n".join(f"{m}: {role}" for m in markers) if markers else role
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
    await response.prepare(request)
    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model,
             "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}
    await response.write(f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode())
    return response


def settings(url: str, **kw) -> Settings:
    return Settings(base_url=url, **kw)


async def test_healthy_emulator_passes_every_step_and_lists_models() -> None:
    async with Emulator() as em:
        report = await check_server(settings(em.base_url), KEY)
    assert [s.name for s in report.steps] == [STEP_MODELS, STEP_CHAT, STEP_REALTIME]
    assert report.ok, format_report(report, [Method.REST])
    assert Settings().model in report.models and Settings().realtime_model in report.models
    assert report.session.get("output_modalities") == ["text"]
    assert report.can_run(Method.REST) and report.can_run(Method.REALTIME)
    assert all(s.ms is not None and s.ms > 0 for s in report.steps)


async def test_nothing_listening_is_named_and_later_steps_are_skipped() -> None:
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    report = await check_server(settings(f"http://127.0.0.1:{port}/v1"), KEY)
    assert len(report.steps) == 1 and not report.steps[0].ok
    assert "connection refused" in report.steps[0].detail
    assert not report.can_run(Method.REST) and not report.can_run(Method.HYBRID)


async def test_server_without_realtime_can_run_rest_only_and_key_is_never_shown() -> None:
    async with ChatOnlyServer() as srv:
        good = await check_server(settings(srv.url, model="local-llama"), KEY)
        wrong = await check_server(settings(srv.url, model="gpt-x"), KEY,
                                   methods=[Method.REST])
    assert good.models == ["local-llama"]
    assert good.can_run(Method.REST) and good.can_run(Method.HYBRID)
    assert not good.can_run(Method.REALTIME) and not good.step(STEP_REALTIME).ok
    chat = wrong.step(STEP_CHAT)
    assert not chat.ok and "404" in chat.detail and "gpt-x" in chat.detail
    assert KEY not in chat.detail and KEY not in format_report(wrong, [Method.REST])


async def test_hung_server_fails_within_the_step_timeout() -> None:
    accepted: list[asyncio.StreamWriter] = []

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)  # accept, read nothing, answer nothing

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        report = await check_server(settings(f"http://127.0.0.1:{port}/v1"), KEY, timeout=1.0)
    finally:
        for w in accepted:
            w.close()
        server.close()
        await server.wait_closed()
    assert len(report.steps) == 1 and "no answer within 1 s" in report.steps[0].detail


def run_cli(*args: str) -> tuple[int, str]:
    draftlens = pathlib.Path(sys.executable).with_name("draftlens")
    proc = subprocess.run([str(draftlens), "check", *args],
                          capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.slow
def test_cli_exit_code_follows_the_methods_asked_for() -> None:
    code, out = run_cli("--demo")
    assert code == 0, out
    assert "rest: can run" in out and "realtime: can run" in out
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out = run_cli("--base-url", f"http://127.0.0.1:{port}/v1", "--methods", "rest")
    assert code == 1 and "connection refused" in out
    code, out = run_cli("--methods", "rest,nonsense")
    assert code == 2 and "--methods" in out


class OddServer:
    """Answers every path with 200: an HTML page, or (`text`) chat text not in our format."""

    def __init__(self, text: str | None = None) -> None:
        self.text = text

    async def __aenter__(self) -> OddServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._any)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/v1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.runner.cleanup()

    async def _any(self, request: web.Request) -> web.StreamResponse:
        if self.text is not None and request.path.endswith("/chat/completions"):
            return await stream_answer(request, {"messages": [
                {"role": "user", "content": ""}]}, "mock", self.text)
        if self.text is not None and request.path.endswith("/models"):
            return web.json_response({"object": "list", "data": [
                {"id": "gpt-5.4-mini", "object": "model", "created": 0, "owned_by": "me"}]})
        return web.Response(text="<html><body>Welcome</body></html>", content_type="text/html")


async def test_a_mock_that_answers_text_not_in_our_format_cannot_run_rest() -> None:
    async with OddServer("This is a mock response.") as server:
        report = await check_server(settings(server.url), KEY, methods=[Method.REST])
    chat = report.step(STEP_CHAT)
    assert not chat.ok and "not in the form DraftLens asks for" in chat.detail, chat.detail
    assert not report.can_run(Method.REST)


async def test_html_on_every_path_is_described_without_python_internals() -> None:
    async with OddServer() as server:
        report = await check_server(settings(server.url), KEY, methods=[Method.REST])
    assert not report.can_run(Method.REST)
    details = " ".join(s.detail for s in report.steps)
    assert "attribute" not in details and "'str'" not in details, details
    assert "not an OpenAI-compatible response" in report.step(STEP_MODELS).detail


async def test_cli_fails_when_one_of_two_methods_asked_for_cannot_run() -> None:
    draftlens = pathlib.Path(sys.executable).with_name("draftlens")
    async with ChatOnlyServer() as server:
        proc = await asyncio.create_subprocess_exec(
            str(draftlens), "check", "--base-url", server.url, "--model", "local-llama",
            "--methods", "rest,realtime", stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT, env={**os.environ, "OPENAI_API_KEY": KEY})
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
    text = out.decode()
    assert "rest: can run" in text and "realtime: cannot run" in text, text
    assert proc.returncode == 1, "every method asked for must be able to run"

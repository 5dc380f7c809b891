"""Check a server before a run: its models, a one-paragraph classification, a Realtime session.

The three steps run with the settings DraftLens itself uses, each bounded in time, and report
what the server accepted or exactly what it refused, with round-trip times. Shared by
`draftlens check` and the GUI's "Test connection".
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field, replace

import openai

from core.backends.client import make_client
from core.models import Method
from core.redact import redact
from core.settings import Settings

STEP_MODELS, STEP_CHAT, STEP_REALTIME = "models", "chat", "realtime"
_TEST_PARAGRAPH = "For example, my neighbour Anna roasts her own coffee beans every Sunday."
NOT_OPENAI = ("the server's answer is not an OpenAI-compatible response (it sent something "
              "else, such as a web page)")


@dataclass
class CheckStep:
    """One probe: its name, whether it passed, what the server said, the round trip."""

    name: str
    ok: bool
    detail: str
    ms: float | None = None


@dataclass
class CheckReport:
    """Everything a check learned about one server."""

    base_url: str
    steps: list[CheckStep] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    session: dict = field(default_factory=dict)   # the Realtime session the server confirmed

    def step(self, name: str) -> CheckStep | None:
        return next((s for s in self.steps if s.name == name), None)

    def can_run(self, method: Method | str) -> bool:
        """Whether `method` can run against this server, by what the steps found."""
        method = Method(method)
        chat, realtime = self.step(STEP_CHAT), self.step(STEP_REALTIME)
        chat_ok, rt_ok = bool(chat and chat.ok), bool(realtime and realtime.ok)
        return {Method.LOCAL: True, Method.REST: chat_ok, Method.REALTIME: rt_ok,
                Method.HYBRID: chat_ok or rt_ok}[method]

    @property
    def ok(self) -> bool:
        """Every step that ran passed."""
        return bool(self.steps) and all(s.ok for s in self.steps)


async def check_server(settings: Settings, api_key: str | None = None, *,
                       methods: Sequence[Method | str] = (Method.REST, Method.REALTIME),
                       timeout: float = 8.0) -> CheckReport:
    """Probe the server in `settings` for what `methods` need; never raises for server faults."""
    from core.settings import get_api_key

    key = api_key or get_api_key() or "none"
    quick = replace(settings, connect_timeout=min(settings.connect_timeout, timeout))
    report = CheckReport(base_url=quick.effective_base_url())
    wanted = {Method(m) for m in methods}
    client = make_client(quick, key)
    try:
        report.steps.append(await _timed(STEP_MODELS, _models(client, report), timeout))
        if report.steps[0].ok or not _unreachable(report.steps[0]):
            if wanted & {Method.REST, Method.HYBRID}:
                report.steps.append(await _timed(STEP_CHAT, _classify(quick, key), timeout))
            if wanted & {Method.REALTIME, Method.HYBRID}:
                report.steps.append(await _timed(
                    STEP_REALTIME, _realtime(client, quick, report), timeout))
    finally:
        await client.close()
    return report


async def _timed(name: str, probe: Awaitable[str], timeout: float) -> CheckStep:
    """Run one probe; any failure becomes a failed step with a plain, redacted reason."""
    start = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            detail = await probe
        ok = True
    except TimeoutError:
        detail, ok = f"no answer within {timeout:g} s (the server may be hung)", False
    except Exception as exc:  # report every server fault as a failed step, never raise
        detail, ok = _describe(exc), False
    return CheckStep(name, ok, redact(detail), (time.perf_counter() - start) * 1000.0)


def _unreachable(step: CheckStep) -> bool:
    """Nothing answered: the later steps would only wait for the same silence."""
    return step.detail.startswith(("cannot reach", "no answer within"))


async def _models(client: openai.AsyncOpenAI, report: CheckReport) -> str:
    page = await client.models.list()
    report.models = sorted(m.id for m in page.data)
    shown = ", ".join(report.models[:12]) + (" …" if len(report.models) > 12 else "")
    return f"{len(report.models)} models: {shown}"


async def _classify(settings: Settings, key: str) -> str:
    """What analysis needs: one paragraph, streamed, answered in lines DraftLens can parse."""
    from core.backends.rest import RestBackend
    from core.chunking import make_document
    from core.models import ChunkResult, FailureKind

    once = replace(settings, max_retries=0, batch_size=1)
    backend = RestBackend(once, key)
    backend.patient = False
    doc = make_document(_TEST_PARAGRAPH, "coffee")
    try:
        results = [e async for e in backend.run(doc, doc.chunks) if isinstance(e, ChunkResult)]
    finally:
        await backend.aclose()
    result = results[0]
    if result.ok:
        return f"{settings.model} classified a test paragraph as {', '.join(result.roles)}"
    if result.error_kind == FailureKind.MALFORMED:
        raise CheckFailed(f"{settings.model} answers, but not in the form DraftLens asks for "
                          "(one '<marker>: <role>' line per paragraph): it is not a chat model "
                          "that follows instructions, or the server only imitates one")
    raise CheckFailed(result.error or "no answer")


class CheckFailed(Exception):
    """A probe failed for a reason already put in plain words."""


async def _realtime(client: openai.AsyncOpenAI, settings: Settings,
                    report: CheckReport) -> str:
    from core.backends.realtime_conn import Connection
    from core.prompt import instructions

    seen: dict[str, dict] = {}
    conn = Connection(client, settings.realtime_model, instructions("connection check"),
                      lambda _direction, type_, payload: seen.__setitem__(type_, payload),
                      settings.connect_timeout)
    try:
        await conn.open()
    finally:
        await conn.close()
    report.session = seen.get("session.updated", {})
    modalities = report.session.get("output_modalities")
    return (f"{settings.realtime_model}: session accepted (type "
            f"{report.session.get('type', '?')}, output {modalities or '?'})")


def _describe(exc: BaseException) -> str:
    """What went wrong, in words a user can act on."""
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot reach the server: {_root_cause(exc)}"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}: {_api_message(exc)}"
    if isinstance(exc, CheckFailed):
        return str(exc)
    if isinstance(exc, AttributeError | TypeError | KeyError | ValueError | IndexError):
        return NOT_OPENAI  # the SDK met a body of another shape (HTML, plain text)
    return str(exc) or type(exc).__name__


def _root_cause(exc: BaseException) -> str:
    """The innermost cause of a connection failure, named plainly."""
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        if isinstance(exc, ConnectionRefusedError):
            return "connection refused (nothing listens at that address and port)"
        if isinstance(exc, socket.gaierror):
            return "unknown host name"
        exc = exc.__cause__ or exc.__context__
    return str(seen[-1]) or type(seen[-1]).__name__


def _api_message(exc: openai.APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else body
    return str(error.get("message") or exc.message)


def format_report(report: CheckReport, methods: Sequence[Method | str]) -> str:
    """The check as readable lines, ending with which methods can run."""
    lines = [f"server: {report.base_url}"]
    for s in report.steps:
        ms = "" if s.ms is None else f" ({s.ms:.0f} ms)"
        lines.append(f"  {'ok  ' if s.ok else 'FAIL'} {s.name}{ms}: {s.detail}")
    for m in methods:
        verdict = "can run" if report.can_run(m) else "cannot run"
        lines.append(f"{Method(m).value}: {verdict}")
    return "\n".join(lines)


"""POST /v1/chat/completions and GET /v1/models, checked against the real openai SDK's types.

Raw SSE lines are read with a plain aiohttp client and validated with pydantic
(`ChatCompletionChunk.model_validate`); the SDK itself drives the same server over sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import re
from collections.abc import AsyncIterator

import aiohttp
import openai
import pytest
from openai.types import Model
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from core.backends.retry import TRANSPORT_ERRORS
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.prompt import build_prompt, read_prompt

TEXT = ("Learning to code at 40 is entirely possible.\n\n"
        "For example, my neighbour Anna wrote her first app at 43.\n\n"
        "Code is like a garden: it grows when you tend it.\n\n"
        "Anyway, the weather was lovely yesterday.")
FIXED = {"For example, my neighbour Anna wrote her first app at 43.": ["example", "humor"]}


def starts_with_marker(text: str) -> bool:
    """The answer line of a marked paragraph: `P7f3a: role`."""
    return re.match(r"P[a-z0-9]{4}: ", text) is not None


def last_marker() -> str:
    """The marker of the prompt's last paragraph: its answer line never comes in a cut stream
    (a random marker may end in any digit, so '4:' alone proves nothing)."""
    user = next(m["content"] for m in _messages() if m["role"] == "user")
    return list(read_prompt(user).paragraphs)[-1]


@functools.cache  # one prompt (its markers are random per prompt) for every request here
def _messages() -> list[dict]:
    doc = make_document(TEXT, "learning to code at 40")
    prompt = build_prompt(doc.topic, doc.chunks)
    return [{"role": "system", "content": prompt.instructions},
            {"role": "user", "content": prompt.user}]


@pytest.fixture
async def server() -> AsyncIterator[Emulator]:
    async with Emulator(EmulatorConfig(answers=FIXED)) as em:
        yield em


def _client(em: Emulator, **kw) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key=kw.pop("key", "test-key"), base_url=em.base_url,
                              max_retries=0, **kw)


async def _raw(em: Emulator, body: dict | bytes, key: str | None = "test-key"):
    """POST with a plain aiohttp client: (status, headers, data lines)."""
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers["Content-Type"] = "application/json"
    async with aiohttp.ClientSession() as session, session.post(
            f"{em.base_url}/chat/completions", data=data, headers=headers) as resp:
        raw = await resp.read()
    return resp.status, resp.headers, raw


def _data_lines(raw: bytes) -> list[str]:
    events = raw.decode().split("\n\n")
    assert events[-1] == "", "the stream must end with a blank line"
    assert all(e.startswith("data: ") for e in events[:-1])
    return [e[len("data: "):] for e in events[:-1]]


async def test_stream_chunks_validate_as_sdk_types(server: Emulator) -> None:
    body = {"model": "gpt-4o-mini", "messages": _messages(), "stream": True,
            "stream_options": {"include_usage": True}}
    status, headers, raw = await _raw(server, body)
    assert status == 200 and headers["Content-Type"].startswith("text/event-stream")
    lines = _data_lines(raw)
    assert lines[-1] == "[DONE]"
    chunks = [ChatCompletionChunk.model_validate(json.loads(line)) for line in lines[:-1]]
    assert len({(c.id, c.created, c.model) for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    content = [c.choices[0].delta.content for c in chunks[1:] if c.choices]
    text = "".join(x for x in content if x)
    assert len([x for x in content if x]) >= 3, "the answer comes in several deltas"
    assert max(len(x) for x in content if x) > 1, "a delta carries several characters"
    assert text.splitlines()[1].split(": ")[1] == "example, humor"
    assert len(text.splitlines()) == 4 and all(starts_with_marker(x) for x in text.splitlines())
    assert chunks[-2].choices[0].finish_reason == "stop"
    usage = chunks[-1].usage
    assert chunks[-1].choices == [] and usage is not None
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens > 0
    assert all(c.usage is None for c in chunks[:-1])


async def test_stream_without_usage_or_obfuscation(server: Emulator) -> None:
    body = {"model": "gpt-4o-mini", "messages": _messages(), "stream": True,
            "stream_options": {"include_obfuscation": False}}
    _, _, raw = await _raw(server, body)
    payloads = [json.loads(line) for line in _data_lines(raw)[:-1]]
    assert all(p["usage"] is None and p["choices"] for p in payloads)
    assert all("obfuscation" not in p for p in payloads)


async def test_sdk_stream_and_whole_answer_agree(server: Emulator) -> None:
    client = _client(server)
    stream = await client.chat.completions.create(
        model="gpt-4o", messages=_messages(), stream=True,
        stream_options={"include_usage": True})
    parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
    whole = await client.chat.completions.create(model="gpt-4o", messages=_messages())
    await client.close()
    assert isinstance(whole, ChatCompletion)
    ChatCompletion.model_validate(whole.model_dump())
    assert whole.choices[0].message.content == "".join(parts)
    assert whole.choices[0].finish_reason == "stop" and whole.usage.completion_tokens > 0


async def test_max_tokens_cuts_with_length(server: Emulator) -> None:
    client = _client(server)
    whole = await client.chat.completions.create(model="gpt-4o", messages=_messages(),
                                                 max_tokens=2)
    await client.close()
    assert whole.choices[0].finish_reason == "length"


async def test_models_list_parses(server: Emulator) -> None:
    client = _client(server)
    models = [m async for m in client.models.list()]
    await client.close()
    assert all(isinstance(m, Model) for m in models)
    assert "gpt-4o-mini" in {m.id for m in models}


@pytest.mark.parametrize(("body", "param"), [
    (b"{not json", None),
    ({"model": "gpt-4o-mini"}, "messages"),
    ({"model": "gpt-4o-mini", "messages": []}, "messages"),
    ({"messages": [{"role": "user", "content": "hi"}]}, "model"),
    ({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x"}], "stream": "yes"},
     "stream"),
])
async def test_bad_requests_are_400(server: Emulator, body, param) -> None:
    status, _, raw = await _raw(server, body)
    error = json.loads(raw)["error"]
    assert status == 400 and error["type"] == "invalid_request_error"
    assert error["param"] == param and error["message"]


async def test_sdk_maps_errors(server: Emulator) -> None:
    client = _client(server)
    with pytest.raises(openai.NotFoundError) as nf:
        await client.chat.completions.create(model="gpt-fake", messages=_messages())
    assert nf.value.code == "model_not_found" and "gpt-fake" in nf.value.message
    with pytest.raises(openai.BadRequestError):
        await client.chat.completions.create(model="gpt-4o", messages=[])
    await client.close()


async def test_auth_required() -> None:
    async with Emulator(EmulatorConfig(api_key="right")) as em:
        status, _, raw = await _raw(em, {"model": "gpt-4o", "messages": _messages()}, key=None)
        assert status == 401 and "API key" in json.loads(raw)["error"]["message"]
        client = _client(em, key="wrong")
        with pytest.raises(openai.AuthenticationError) as exc:
            await client.chat.completions.create(model="gpt-4o", messages=_messages())
        assert exc.value.code == "invalid_api_key" and "wrong" not in str(exc.value)
        await client.close()


async def test_rate_limit_and_server_error() -> None:
    async with Emulator(EmulatorConfig(fault_script=("rate_limit", "error"),
                                       retry_after_s=1.5)) as em:
        body = {"model": "gpt-4o-mini", "messages": _messages(), "stream": True}
        status, headers, raw = await _raw(em, body)
        assert status == 429 and headers["retry-after"] == "2"
        assert headers["retry-after-ms"] == "1500"
        assert headers["x-ratelimit-remaining-requests"] == "0"
        assert {"x-ratelimit-limit-tokens", "x-ratelimit-reset-requests"} <= set(headers)
        assert json.loads(raw)["error"]["code"] == "rate_limit_exceeded"
        client = _client(em)
        with pytest.raises(openai.InternalServerError):
            await client.chat.completions.create(model="gpt-4o", messages=_messages())
        ok = await client.chat.completions.create(model="gpt-4o", messages=_messages())
        await client.close()
        assert ok.choices[0].message.content
        assert em.stats.faults == {"rate_limit": 1, "error": 1}


async def _partial(em: Emulator, **client_kw) -> tuple[str, BaseException]:
    """Stream with the SDK until it fails; the text received before, and the error."""
    client = _client(em, **client_kw)
    received = []
    try:
        stream = await client.chat.completions.create(model="gpt-4o", messages=_messages(),
                                                      stream=True)
        with pytest.raises(Exception) as exc:  # noqa: B017 - the kind is checked by callers
            async for chunk in stream:
                received.append(chunk.choices[0].delta.content or "")
        await stream.close()
    finally:
        await client.close()
    return "".join(received), exc.value


async def test_drop_cuts_the_stream_mid_answer() -> None:
    async with Emulator(EmulatorConfig(fault_script=("drop",))) as em:
        text, error = await _partial(em)
    # openai < 3.14 lets the HTTP library's own error out unwrapped (our backend handles both)
    assert isinstance(error, (openai.APIConnectionError, *TRANSPORT_ERRORS))
    assert starts_with_marker(text) and f"{last_marker()}:" not in text
    assert em.stats.faults == {"drop": 1}


async def test_malformed_line_mid_stream() -> None:
    async with Emulator(EmulatorConfig(fault_script=("malformed",))) as em:
        text, error = await _partial(em)
    assert isinstance(error, json.JSONDecodeError)
    assert starts_with_marker(text) and f"{last_marker()}:" not in text


async def test_stall_trips_the_client_read_timeout() -> None:
    async with Emulator(EmulatorConfig(fault_script=("stall",), stall_s=5.0)) as em:
        text, error = await _partial(em, timeout=openai.Timeout(0.3, connect=2.0))
        assert isinstance(error, (openai.APITimeoutError, *TRANSPORT_ERRORS))
        assert starts_with_marker(text)
        await _wait_for(lambda: em.stats.disconnects == 1)
    assert em.stats.faults == {"stall": 1}


async def _wait_for(condition, timeout: float = 3.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_stall_then_the_stream_resumes() -> None:
    async with Emulator(EmulatorConfig(fault_script=("stall",), stall_s=0.05)) as em:
        client = _client(em)
        stream = await client.chat.completions.create(model="gpt-4o", messages=_messages(),
                                                      stream=True)
        text = "".join([c.choices[0].delta.content or "" async for c in stream])
        await client.close()
    assert len(text.splitlines()) == 4


async def test_stats_count_paths_and_concurrency() -> None:
    async with Emulator(EmulatorConfig(profile="fixed")) as em:
        client = _client(em)
        calls = [client.chat.completions.create(model="gpt-4o", messages=_messages())
                 for _ in range(3)]
        await asyncio.gather(*calls)
        [m async for m in client.models.list()]
        await client.close()
    assert em.stats.requests == {"/v1/chat/completions": 3, "/v1/models": 1}
    assert em.stats.max_active == 3 and em.stats.active == 0


def _fault_sequence(seed: int) -> list[str | None]:
    from core.emulator.profiles import Planner

    planner = Planner(EmulatorConfig(seed=seed, fail_rate=0.3, drop_rate=0.2,
                                     profile="openai-like"))
    return [planner.plan() for _ in range(50)]


def test_plans_are_seeded() -> None:
    assert _fault_sequence(5) == _fault_sequence(5)
    assert _fault_sequence(5) != _fault_sequence(6)
    assert {p.fault for p in _fault_sequence(5)} == {None, "error", "drop"}


async def test_stop_leaves_no_tasks_behind() -> None:
    em = Emulator(EmulatorConfig(fault_script=("stall",), stall_s=30.0))
    await em.start()
    client = _client(em)
    stream = await client.chat.completions.create(model="gpt-4o", messages=_messages(),
                                                  stream=True)
    await stream.__anext__()
    await em.stop()
    with contextlib.suppress(Exception):  # the server is gone: the stream ends in an error
        await stream.close()
    await client.close()
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert others == []


async def test_reasoning_models_refuse_a_non_default_temperature_like_openai() -> None:
    import openai

    from core.emulator.server import Emulator

    async with Emulator() as em:
        client = openai.AsyncOpenAI(api_key="k", base_url=em.base_url, max_retries=0)
        messages = [{"role": "user", "content": "1. hello"}]
        with pytest.raises(openai.BadRequestError) as caught:
            await client.chat.completions.create(model="o4-mini", messages=messages,
                                                 temperature=0)
        assert (caught.value.param, caught.value.code) == ("temperature", "unsupported_value")
        ok = await client.chat.completions.create(model="o4-mini", messages=messages,
                                                  temperature=1)
        assert ok.choices[0].message.content
        await client.close()

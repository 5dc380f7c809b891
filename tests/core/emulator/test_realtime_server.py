"""The emulator's GA Realtime WebSocket, driven by the real `openai` SDK over real sockets.

Every frame the server sends is validated against the SDK's own server-event classes.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import get_args

import pytest
from openai import AsyncOpenAI
from openai.types.realtime.realtime_server_event import RealtimeServerEvent
from websockets.exceptions import ConnectionClosed

from core.backends.client import websocket_url
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.prompt import build_prompt, instructions

_MEMBERS = get_args(get_args(RealtimeServerEvent)[0])
SDK_CLASSES = {get_args(cls.model_fields["type"].annotation)[0]: cls for cls in _MEMBERS}
TEXT_SESSION = {"type": "realtime", "output_modalities": ["text"],
                "instructions": instructions("cats"), "audio": {"input": {"turn_detection": None}}}


def starts_with_marker(text: str) -> bool:
    """The answer line of a marked paragraph: `P7f3a: role`."""
    return re.match(r"P[a-z0-9]{4}: ", text) is not None


def validate(raw: bytes | str) -> dict:
    """Parse a raw frame strictly: a known GA `type` literal and the SDK class accepts it."""
    data = json.loads(raw)
    assert data["type"] in SDK_CLASSES, f"unknown event type {data['type']!r}"
    SDK_CLASSES[data["type"]].model_validate(data)
    assert data["event_id"].startswith("event_")
    return data


class Probe:
    """A strict GA client over the SDK connection, reading and validating every frame."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.seen: list[dict] = []

    async def next(self, timeout: float = 5.0) -> dict:
        data = validate(await asyncio.wait_for(self.conn.recv_bytes(), timeout))
        self.seen.append(data)
        return data

    async def until(self, type_: str, **match: object) -> dict:
        while True:
            data = await self.next()
            if data["type"] == type_ and all(_get(data, k) == v for k, v in match.items()):
                return data

    async def collect_done(self, count: int) -> list[dict]:
        done = []
        while len(done) < count:
            data = await self.next()
            if data["type"] == "response.done":
                done.append(data)
        return done


def _get(data: dict, path: str) -> object:
    for part in path.split("__"):
        data = data.get(part) if isinstance(data, dict) else None  # type: ignore[assignment]
    return data


@pytest.fixture
async def emulator():
    async with Emulator(EmulatorConfig(profile="instant")) as em:
        yield em


def client_for(em: Emulator, key: str = "test-key", **kw) -> AsyncOpenAI:
    return AsyncOpenAI(api_key=key, base_url=em.base_url, max_retries=0,
                       websocket_base_url=websocket_url(em.base_url), **kw)


async def open_probe(em: Emulator, **kw) -> tuple[Probe, object]:
    conn = await client_for(em).realtime.connect(model="gpt-realtime", **kw).enter()
    probe = Probe(conn)
    return probe, conn


async def text_session(em: Emulator) -> tuple[Probe, object]:
    """A connection whose text-only session is configured and acknowledged."""
    probe, conn = await open_probe(em)
    await probe.until("session.created")
    await conn.session.update(session=TEXT_SESSION)
    await probe.until("session.updated")
    return probe, conn


async def start_out_of_band(em: Emulator) -> tuple[Probe, object]:
    """A connection that configured its session and asked one out-of-band response."""
    probe, conn = await open_probe(em)
    await probe.until("session.created")
    await conn.session.update(session=TEXT_SESSION)
    await conn.response.create(response={"conversation": "none",
                                         "input": [user_item(prompt_text(2)[0])]})
    return probe, conn


def user_item(text: str) -> dict:
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


def prompt_text(n: int = 3) -> tuple[str, dict]:
    doc = make_document("\n\n".join(f"Cats, paragraph {i}, purr on keyboards." for i in range(n)),
                        "cats")
    prompt = build_prompt("cats", doc.chunks)
    return prompt.user, prompt.numbers


async def test_session_created_first_then_text_only_update(emulator):
    probe, conn = await open_probe(emulator)
    created = await probe.next()
    assert created["type"] == "session.created"
    session = created["session"]
    assert session["type"] == "realtime" and session["output_modalities"] == ["audio"]
    assert isinstance(session["expires_at"], int) and session["id"].startswith("sess_")
    await conn.session.update(session=TEXT_SESSION, event_id="cli_1")
    updated = await probe.next()
    assert updated["type"] == "session.updated"
    assert updated["session"]["output_modalities"] == ["text"]
    assert updated["session"]["audio"]["input"]["turn_detection"] is None
    assert updated["session"]["audio"]["output"]["voice"] == "alloy"  # full session, merged
    assert updated["session"]["instructions"] == TEXT_SESSION["instructions"]
    await conn.session.update(session={"type": "realtime", "max_output_tokens": 300})
    partial = await probe.next()
    assert partial["session"]["output_modalities"] == ["text"]  # untouched by a partial update
    assert partial["session"]["max_output_tokens"] == 300
    await conn.close()


@pytest.mark.parametrize("key", ["temperature", "modalities", "max_response_output_tokens"])
async def test_beta_session_keys_are_rejected_with_the_event_id(emulator, key):
    probe, conn = await open_probe(emulator)
    await probe.until("session.created")
    await conn.session.update(session={"type": "realtime", key: 0.8}, event_id="evt_bad")
    error = (await probe.next())["error"]
    assert error["code"] == "unknown_parameter"
    assert error["param"] == f"session.{key}"
    assert error["message"] == f"Unknown parameter: 'session.{key}'."
    assert error["event_id"] == "evt_bad"
    await conn.session.update(session=TEXT_SESSION)  # the socket stays usable
    assert (await probe.next())["type"] == "session.updated"
    await conn.close()


async def test_session_type_is_required(emulator):
    probe, conn = await open_probe(emulator)
    await probe.until("session.created")
    await conn.session.update(session={"output_modalities": ["text"]}, event_id="e2")
    error = (await probe.next())["error"]
    assert (error["code"], error["param"], error["event_id"]) == (
        "missing_required_parameter", "session.type", "e2")
    await conn.close()


async def test_in_band_item_and_response_sequence(emulator):
    probe, conn = await text_session(emulator)
    text, _ = prompt_text(2)
    await conn.conversation.item.create(item=user_item(text))
    added, done = await probe.next(), await probe.next()
    assert (added["type"], done["type"]) == ("conversation.item.added", "conversation.item.done")
    user_id = added["item"]["id"]
    assert user_id.startswith("item_") and added["item"]["content"][0]["text"] == text
    await conn.response.create()
    final = await probe.until("response.done")
    types = [e["type"] for e in probe.seen[4:]]
    assert types[:4] == ["response.created", "response.output_item.added",
                         "conversation.item.added", "response.content_part.added"]
    deltas = [e for e in probe.seen if e["type"] == "response.output_text.delta"]
    assert len(deltas) >= 2  # the text is split into several deltas
    assert types[-5:] == ["response.output_text.done", "response.content_part.done",
                          "response.output_item.done", "conversation.item.done",
                          "response.done"]
    response = final["response"]
    rid, item = response["id"], response["output"][0]
    assert rid.startswith("resp_") and response["conversation_id"].startswith("conv_")
    assert response["status"] == "completed" and response["usage"]["output_tokens"] > 0
    for e in probe.seen[4:]:
        if e["type"].startswith("response.") and e["type"] not in ("response.created",
                                                                   "response.done"):
            assert e["response_id"] == rid and e["output_index"] == 0
        if "item_id" in e:
            assert e["item_id"] == item["id"] and e["content_index"] == 0
    full = "".join(d["delta"] for d in deltas)
    assert item["content"][0] == {"type": "output_text", "text": full}
    assert starts_with_marker(full) and full.count("\n") == 2
    assert (await probe.next())["type"] == "rate_limits.updated"
    await conn.close()


async def test_second_in_band_response_is_rejected_like_the_service():
    config = EmulatorConfig(profile="fixed")  # 200 ms per response: the first is still active
    async with Emulator(config) as em:
        probe, conn = await text_session(em)
        await conn.conversation.item.create(item=user_item(prompt_text(1)[0]))
        await conn.response.create(event_id="first")
        await conn.response.create(event_id="second")
        await probe.until("response.done")
        created = [e for e in probe.seen if e["type"] == "response.created"]
        errors = [e["error"] for e in probe.seen if e["type"] == "error"]
        assert len(created) == 1 and len(errors) == 1
        error = errors[0]
        assert error["code"] == "conversation_already_has_active_response"
        assert error["event_id"] == "second" and error["param"] is None
        assert error["message"] == (
            "Conversation already has an active response in progress: "
            f"{created[0]['response']['id']}. Wait until the response is finished before "
            "creating a new one.")
        await conn.close()


async def test_out_of_band_responses_run_concurrently_and_interleave(emulator):
    probe, conn = await text_session(emulator)
    texts = {f"r{i}": prompt_text(i + 2)[0] for i in range(4)}
    for rid, text in texts.items():
        await conn.response.create(event_id=f"cli_{rid}", response={
            "conversation": "none", "output_modalities": ["text"], "metadata": {"request_id": rid},
            "input": [user_item(text)]})
    done = await probe.collect_done(4)
    assert not [e for e in probe.seen if e["type"].startswith("conversation.item")]
    by_id = {}
    for e in probe.seen:
        if e["type"] == "response.created":
            assert e["response"]["conversation_id"] is None
            by_id[e["response"]["id"]] = e["response"]["metadata"]["request_id"]
    assert sorted(by_id.values()) == sorted(texts)
    for d in done:
        assert d["response"]["metadata"] == {"request_id": by_id[d["response"]["id"]]}
        assert d["response"]["conversation_id"] is None
    # interleaving: the delta stream switches between responses before they end
    order = [e["response_id"] for e in probe.seen if e["type"] == "response.output_text.delta"]
    switches = sum(a != b for a, b in zip(order, order[1:], strict=False))
    assert switches > len(by_id)
    assert emulator.stats.realtime_max_active_per_session == 4
    # each response's text answers its own input
    for rid, req in by_id.items():
        text = "".join(e["delta"] for e in probe.seen
                       if e["type"] == "response.output_text.delta" and e["response_id"] == rid)
        n = int(req[1:]) + 2
        assert text.count("\n") == n and starts_with_marker(text)
    await conn.close()


async def test_instructions_and_max_output_tokens_are_honoured(emulator):
    probe, conn = await open_probe(emulator)
    await probe.until("session.created")  # default instructions: no answer format known
    text, _ = prompt_text(3)
    await conn.response.create(response={"conversation": "none", "input": [user_item(text)]})
    plain = (await probe.until("response.done"))["response"]
    assert not starts_with_marker(plain["output"][0]["content"][0]["text"])
    await conn.response.create(response={"conversation": "none", "input": [user_item(text)],
                                         "instructions": instructions("cats")})
    answered = (await probe.until("response.done"))["response"]
    assert starts_with_marker(answered["output"][0]["content"][0]["text"])
    await conn.response.create(response={"conversation": "none", "input": [user_item(text)],
                                         "instructions": instructions("cats"),
                                         "max_output_tokens": 2})
    cut = (await probe.until("response.done"))["response"]
    assert cut["status"] == "incomplete"
    assert cut["status_details"]["reason"] == "max_output_tokens"
    assert cut["max_output_tokens"] == 2
    await conn.close()


async def test_cancel_by_id_and_nothing_to_cancel():
    async with Emulator(EmulatorConfig(profile="slow", seed=1)) as em:
        probe, conn = await open_probe(em)
        await probe.until("session.created")
        await conn.response.cancel(event_id="c0")
        error = (await probe.next())["error"]
        assert error["code"] == "response_cancel_not_active" and error["event_id"] == "c0"
        await conn.response.create(response={"conversation": "none", "metadata": {"k": "v"},
                                             "input": [user_item("hello")]})
        created = await probe.until("response.created")
        await conn.response.cancel(response_id=created["response"]["id"])
        done = (await probe.until("response.done"))["response"]
        assert done["status"] == "cancelled"
        assert done["status_details"] == {"type": "cancelled", "reason": "client_cancelled",
                                          "error": None}
        assert done["metadata"] == {"k": "v"}
        await conn.close()


async def test_bad_frames_get_errors_and_the_socket_stays_open(emulator):
    probe, conn = await open_probe(emulator)
    if not hasattr(conn, "send_raw"):
        await conn.close()
        pytest.skip("this openai SDK has no send_raw to send malformed frames with")
    await probe.until("session.created")
    await conn.send_raw("this is not json")
    assert (await probe.next())["error"]["code"] == "invalid_event"
    await conn.send_raw(json.dumps({"type": "session.fly", "event_id": "u1"}))
    error = (await probe.next())["error"]
    assert (error["code"], error["param"], error["event_id"]) == ("invalid_value", "type", "u1")
    assert "'session.update'" in error["message"]
    await conn.send_raw(json.dumps({"event_id": "u2"}))
    assert (await probe.next())["error"]["message"] == "The 'type' field is missing."
    await conn.response.create(response={"conversation": "none", "temperature": 0.8},
                               event_id="u3")
    error = (await probe.next())["error"]
    assert (error["code"], error["param"]) == ("unknown_parameter", "response.temperature")
    await conn.session.update(session=TEXT_SESSION)
    assert (await probe.next())["type"] == "session.updated"
    await conn.close()


async def test_missing_bearer_gets_an_error_then_close(emulator):
    import websockets

    url = emulator.base_url.replace("http", "ws") + "/realtime?model=gpt-realtime"
    async with websockets.connect(url) as ws:
        error = validate(await ws.recv())["error"]
        assert error["message"] == "Missing bearer or basic authentication in header"
        assert error["code"] is None
        with pytest.raises(ConnectionClosed):
            await ws.recv()
    assert emulator.stats.realtime_sessions == 0


async def test_beta_header_is_refused_with_close_4000(emulator):
    client = client_for(emulator, default_headers={"OpenAI-Beta": "realtime=v1"})
    conn = await client.realtime.connect(model="gpt-realtime").enter()
    first = validate(await conn.recv_bytes())
    if first["type"] == "session.created":
        await conn.close()
        pytest.skip("this openai SDK does not send default_headers on the WebSocket")
    error = first["error"]
    assert error["code"] == "beta_api_shape_disabled"
    with pytest.raises(ConnectionClosed) as info:
        await conn.recv_bytes()
    assert info.value.rcvd.code == 4000 and "beta_api_shape_disabled" in info.value.rcvd.reason


async def test_session_expiry_sends_error_then_closes_1001():
    async with Emulator(EmulatorConfig(session_max_s=0.3)) as em:
        probe, conn = await open_probe(em)
        await probe.until("session.created")
        error = (await probe.until("error"))["error"]
        assert error["code"] == "session_expired"
        with pytest.raises(ConnectionClosed) as info:
            await conn.recv_bytes()
        assert info.value.rcvd.code == 1001
        assert info.value.rcvd.reason == error["message"]
        assert "maximum duration" in error["message"]


@pytest.mark.parametrize("fault", ["error", "rate_limit"])
async def test_failed_response_reports_status_details(fault):
    config = EmulatorConfig(fail_rate=1.0 if fault == "error" else 0.0,
                            rate_limit_rate=1.0 if fault == "rate_limit" else 0.0)
    async with Emulator(config) as em:
        probe, conn = await open_probe(em)
        await probe.until("session.created")
        await conn.response.create(response={"conversation": "none", "input": [user_item("x")]})
        done = (await probe.until("response.done"))["response"]
        assert done["status"] == "failed"
        assert done["status_details"]["error"]["code"] in ("server_error", "rate_limit_exceeded")
        await conn.close()


async def test_malformed_frame_and_dropped_socket_faults():
    async with Emulator(EmulatorConfig(malformed_rate=1.0)) as em:
        probe, conn = await start_out_of_band(em)
        raws = []
        while not raws or b"response.done" not in raws[-1]:
            raws.append(await asyncio.wait_for(conn.recv_bytes(), 5))
        bad = [r for r in raws if not r.startswith(b"{") or not r.endswith(b"}")]
        assert len(bad) == 1
        await conn.close()
    async with Emulator(EmulatorConfig(drop_rate=1.0)) as em:
        probe, conn = await start_out_of_band(em)
        with pytest.raises(ConnectionClosed) as info:
            while True:
                await probe.next()
        assert info.value.rcvd is None  # no close frame: the socket was dropped
        assert not [e for e in probe.seen if e["type"] == "response.done"]

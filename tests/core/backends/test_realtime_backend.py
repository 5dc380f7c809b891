"""RealtimeBackend against the local server: real SDK, real sockets, out-of-band responses."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from core.backends import create_backend
from core.backends.realtime import RealtimeBackend
from core.backends.realtime_conn import explain
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.models import ChunkResult, Document, RequestRecord
from core.roles import ROLE_IDS
from core.settings import Settings


def draft(n: int, topic: str = "cats"):
    text = "\n\n".join(
        f"Paragraph {i}: cats sit on keyboards and writers love them, note {i}." for i in range(n))
    return make_document(text, topic)


def settings_for(em: Emulator, **kw) -> Settings:
    return Settings(base_url=em.base_url, **kw)


async def run_all(backend, doc, targets=None):
    results: list[ChunkResult] = []
    records: list[RequestRecord] = []
    async for event in backend.run(doc, list(targets or doc.chunks)):
        (results if isinstance(event, ChunkResult) else records).append(event)
    return results, records


async def run_on(config: EmulatorConfig, n: int, expiry_margin_s: float | None = 60.0,
                 **settings) -> tuple[Emulator, Document, list[ChunkResult], list[RequestRecord]]:
    """Analyse draft(n) with a RealtimeBackend against an emulator made from `config`."""
    async with Emulator(config) as em:
        backend = RealtimeBackend(settings_for(em, **settings), "k",
                                  expiry_margin_s=expiry_margin_s)
        doc = draft(n)
        results, records = await run_all(backend, doc)
        await backend.aclose()
    return em, doc, results, records


async def until(condition, limit_s: float = 60.0) -> None:
    """Wait until `condition()` holds (polled; the limit only stops a broken test)."""
    async with asyncio.timeout(limit_s):
        while not condition():
            await asyncio.sleep(0.01)


def assert_exactly_once(doc, results, allow_errors: bool = False):
    ids = [r.chunk_id for r in results]
    assert len(ids) == len(set(ids)), "duplicate results"
    assert set(ids) == {c.id for c in doc.chunks}, "lost chunks"
    if not allow_errors:
        errors = [r.error for r in results if r.error]
        assert not errors, errors[:3]
        assert all(r.roles and set(r.roles) <= set(ROLE_IDS) for r in results)


@pytest.mark.parametrize("n", [30, 300, 3000])
async def test_every_paragraph_resolved_once(n):
    async with Emulator(EmulatorConfig(profile="instant")) as em:
        backend = RealtimeBackend(settings_for(em), "k")
        doc = draft(n)
        results, records = await run_all(backend, doc)
        await backend.aclose()
    assert_exactly_once(doc, results)
    assert all(r.backend == "realtime" and r.model == Settings().realtime_model for r in results)
    assert len(records) == -(-n // Settings().batch_size), [r for r in records if r.attempt > 1]
    assert all(r.ok and r.output_tokens and r.input_tokens for r in records)
    assert em.stats.realtime_responses == {"completed": len(records)}


async def test_answers_match_the_server_model_per_paragraph():
    doc = draft(40)
    fixed = {c.text: ["humor"] if c.index % 3 else ["metaphor", "example"] for c in doc.chunks}
    async with Emulator(EmulatorConfig(profile="instant", answers=fixed)) as em:
        backend = RealtimeBackend(settings_for(em, batch_size=5), "k")
        results, _ = await run_all(backend, doc)
        await backend.aclose()
    by_index = {r.index: r.roles for r in results}
    assert by_index == {c.index: tuple(fixed[c.text]) for c in doc.chunks}


async def test_inflight_cap_is_honoured_at_the_server_and_events_interleave():
    em, doc, results, _ = await run_on(
        EmulatorConfig(profile="fixed"), 60, pool_size=2, inflight_per_session=3, batch_size=2)
    assert_exactly_once(doc, results)
    assert em.stats.realtime_max_active_per_session == 3
    assert em.stats.realtime_sessions == 2
    assert em.stats.realtime_interleaved > 0


async def test_results_stream_before_the_run_ends():
    async with Emulator(EmulatorConfig(profile="openai-like", seed=1)) as em:  # paced tokens
        backend = RealtimeBackend(settings_for(em, pool_size=1, inflight_per_session=1,
                                               batch_size=4), "k")
        doc = draft(12)
        first_seen = None
        async for event in backend.run(doc, doc.chunks):
            if isinstance(event, ChunkResult) and first_seen is None:
                first_seen = em.stats.realtime_responses.get("completed", 0)
        await backend.aclose()
    assert first_seen == 0  # a paragraph arrived while its response was still streaming


async def test_session_handshake_comes_first_in_the_wire_log_without_errors():
    async with Emulator(EmulatorConfig(profile="instant")) as em:
        backend = RealtimeBackend(settings_for(em), "k")
        wire = []
        backend.wire = wire.append
        await run_all(backend, draft(10))
        await backend.aclose()
    kinds = [w.type for w in wire]
    assert kinds[:3] == ["session.created", "session.update", "session.updated"]
    assert "response.create" in kinds and "response.done" in kinds
    assert not any(k == "error" for k in kinds)


async def test_dropped_sockets_reconnect_and_resend():
    em, doc, results, records = await run_on(
        EmulatorConfig(profile="instant", drop_rate=0.3, seed=3), 200, max_retries=6)
    assert_exactly_once(doc, results)
    assert em.stats.faults.get("drop", 0) >= 2
    assert em.stats.realtime_sessions > 2  # reconnected
    assert any(not r.ok and "dropped" in (r.error or "") for r in records)


async def test_session_expiry_mid_run_loses_nothing():
    # sessions of 1 s in a run of ~2 s (150 answers of 200 ms, 16 at a time): each expires
    # mid-run, yet a session always outlives a slow connect on a loaded machine
    config = EmulatorConfig(profile="fixed", session_max_s=1.0)
    em, doc, results, records = await run_on(config, 600, batch_size=4, expiry_margin_s=None)
    assert_exactly_once(doc, results)
    assert em.stats.realtime_sessions > 2
    lost = [r for r in records if not r.ok]
    assert lost and all("maximum duration" in (r.error or "") for r in lost)


async def test_proactive_reconnect_before_expiry_loses_nothing():
    # rotate after 2 s of a 4 s session, in a run of ~4.5 s: the old session's last answers
    # (200 ms each) have 2 s to finish before the server would cut them
    config = EmulatorConfig(profile="fixed", session_max_s=4.0)
    em, doc, results, records = await run_on(
        config, 180, pool_size=1, batch_size=1, expiry_margin_s=3.0)
    assert_exactly_once(doc, results)
    assert em.stats.realtime_sessions >= 2  # rotated at least once
    assert all(r.ok for r in records)  # nothing was cut by the server's expiry


async def test_stalled_response_times_out_is_cancelled_and_retried():
    # a stalled response sends nothing more; the others on the socket keep streaming
    config = EmulatorConfig(profile="instant", stall_rate=0.3, stall_s=3600.0, seed=5)
    em, doc, results, records = await run_on(config, 80, no_progress_timeout=2.0,
                                             request_timeout=3600.0)
    assert_exactly_once(doc, results)
    assert em.stats.faults.get("stall", 0) >= 1
    assert em.stats.realtime_responses.get("cancelled", 0) == em.stats.faults["stall"]
    stalled = [r for r in records if not r.ok]
    assert len(stalled) == em.stats.faults["stall"]
    assert all(r.error == "nothing arrived for 2 s (cancelled)" and r.error_kind == "hung"
               for r in stalled)


async def test_failed_responses_are_retried():
    config = EmulatorConfig(profile="instant", fail_rate=0.2, rate_limit_rate=0.1, seed=2)
    em, doc, results, records = await run_on(config, 150, max_retries=6)
    assert_exactly_once(doc, results)
    assert em.stats.realtime_responses.get("failed", 0) >= 2
    assert any(r.attempt > 1 and r.ok for r in records)


async def test_malformed_frames_are_skipped():
    em, doc, results, _ = await run_on(EmulatorConfig(profile="instant", malformed_rate=0.5), 80)
    assert_exactly_once(doc, results)
    assert em.stats.faults.get("malformed", 0) >= 1


async def test_retries_are_bounded_then_explicit_errors():
    em, doc, results, records = await run_on(
        EmulatorConfig(profile="instant", fail_rate=1.0), 8, max_retries=2, batch_size=4,
        patience=0.5)
    assert_exactly_once(doc, results, allow_errors=True)
    assert all(r.error and "gave no answer for 0.5 s" in r.error and "server_error" in r.error
               for r in results), {r.error for r in results}
    assert len(records) > 2 * 3, "5xx are retried for the patience window, not max_retries"


async def test_cancel_from_the_caller_cancels_responses_and_closes_cleanly():
    async with Emulator(EmulatorConfig(profile="slow", seed=4)) as em:
        backend = RealtimeBackend(settings_for(em, batch_size=2), "k")
        doc = draft(40)

        async def consume():
            async for _event in backend.run(doc, doc.chunks):
                pass

        task = asyncio.create_task(consume())
        await until(lambda: em.stats.realtime_active_responses >= 4)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await backend.aclose()
        await until(lambda: em.stats.realtime_active_responses == 0)
        assert em.stats.realtime_responses.get("cancelled", 0) + \
            em.stats.realtime_responses.get("aborted", 0) >= 4
    leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert not leftover, leftover


async def test_backend_is_reusable_across_runs_and_topics():
    async with Emulator(EmulatorConfig(profile="instant")) as em:
        backend = RealtimeBackend(settings_for(em), "k")
        for topic in ("cats", "dogs"):
            doc = draft(20, topic)
            results, _ = await run_all(backend, doc)
            assert_exactly_once(doc, results)
        await backend.aclose()
        await backend.aclose()  # safe twice
    assert em.stats.realtime_sessions == 1 or em.stats.realtime_sessions == 2


async def test_unreachable_server_fails_every_chunk_with_a_message():
    backend = RealtimeBackend(Settings(base_url="http://127.0.0.1:9/v1", max_retries=1,
                                       connect_timeout=1.0), "k")
    doc = draft(5)
    results, _ = await run_all(backend, doc)
    await backend.aclose()
    assert_exactly_once(doc, results, allow_errors=True)
    assert all("cannot be reached" in r.error and r.error_kind == "unreachable"
               for r in results)


def test_explain_gives_clear_messages():
    assert "GA Realtime API" in explain({"code": "unknown_parameter",
                                         "param": "session.temperature",
                                         "message": "Unknown parameter: 'session.temperature'."})
    assert "beta API" in explain({"code": "beta_api_shape_disabled", "message": "x"})
    assert "API key" in explain({"code": None, "message": "Missing bearer or basic "
                                 "authentication in header"})
    assert "maximum duration" in explain({"code": "session_expired",
                                          "message": "Your session hit the maximum duration"})


async def test_registry_and_demo_mode_build_a_working_realtime_backend():
    from core.backends import open_backend
    from core.emulator.demo import stop_demo

    backend = create_backend("realtime", Settings(), api_key="k")
    assert isinstance(backend, RealtimeBackend) and backend.name == "realtime"
    settings = dataclasses.replace(Settings(), demo=True)
    demo = await open_backend("realtime", settings)
    try:
        doc = draft(6)
        results, _ = await run_all(demo, doc)
        assert_exactly_once(doc, results)
    finally:
        await demo.aclose()
        await stop_demo()


async def test_a_bug_in_a_request_becomes_explicit_errors_not_a_hang(monkeypatch):
    from core.backends.realtime_conn import Connection

    real = Connection.execute
    calls = {"n": 0}

    async def flaky(self, request, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("simulated bug")
        return await real(self, request, *args, **kwargs)

    monkeypatch.setattr(Connection, "execute", flaky)
    async with Emulator(EmulatorConfig(profile="instant")) as em:
        backend = RealtimeBackend(settings_for(em, batch_size=2), "k")
        doc = draft(10)
        results, _ = await asyncio.wait_for(run_all(backend, doc), timeout=20)
        await backend.aclose()
    assert_exactly_once(doc, results, allow_errors=True)
    errors = [r for r in results if r.error]
    assert len(errors) == 2 and all("simulated bug" in r.error for r in errors)


async def test_event_log_sees_session_config_deltas_and_usage_but_never_the_key():
    events = []
    async with Emulator(EmulatorConfig(profile="instant")) as em:
        backend = RealtimeBackend(settings_for(em, batch_size=4), "sk-secret-key-123456")
        backend.wire = events.append
        doc = draft(8)
        results, _ = await run_all(backend, doc)
        await backend.aclose()
    assert_exactly_once(doc, results)
    by_type = {}
    for e in events:
        by_type.setdefault(e.type, []).append(e.payload)
    sent = by_type["session.update"][0]
    assert sent["output_modalities"] == ["text"] and "temperature" not in sent
    assert by_type["session.updated"][0]["output_modalities"] == ["text"]
    assert len(by_type["response.output_text.delta"]) >= 2
    done = by_type["response.done"]
    assert len(done) == 2 and all(d["status"] == "completed" and d["usage"] for d in done)
    assert "sk-secret-key-123456" not in repr([e.payload for e in events])


async def test_a_dropped_socket_is_one_fault_not_one_per_request_on_it():
    # one session carrying 8 single-paragraph responses; the first one drops the socket
    em, doc, results, records = await run_on(
        EmulatorConfig(profile="fixed", fault_script=("drop",)), 8, pool_size=1,
        inflight_per_session=8, batch_size=1, max_retries=0)
    assert_exactly_once(doc, results)  # with no retries allowed, nothing failed
    lost = [r for r in records if not r.ok]
    assert len(lost) >= 2 and {r.error_kind for r in lost} == {"cut"}
    assert em.stats.faults == {"drop": 1}


async def test_a_fifth_of_sockets_dropped_loses_nothing():
    em, doc, results, _ = await run_on(
        EmulatorConfig(profile="instant", drop_rate=0.2, seed=7), 400)
    assert_exactly_once(doc, results)
    assert em.stats.faults["drop"] >= 5


@pytest.mark.parametrize(("status", "kind", "final"), [
    (404, "no_realtime", True), (401, "rejected", True), (403, "rejected", True),
    (400, "rejected", True), (429, "rate_limited", False), (503, "server_error", False),
])
def test_an_http_status_on_the_upgrade_is_classified(status, kind, final):
    from core.backends.realtime_conn import FatalSessionError, _status_refusal

    error = _status_refusal(status, "http://127.0.0.1:9/v1", retry_after=1.5)
    assert error.kind == kind and isinstance(error, FatalSessionError) is final
    assert error.retry_after == (1.5 if status == 429 else None)

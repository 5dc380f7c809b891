"""The patience budget and the rate gate, on an injected clock; the CLI's words for them."""

from __future__ import annotations

import asyncio

from core.backends.patience import Patience, describe, patience_for, report_changes
from core.models import FailureKind

SERVER = "http://127.0.0.1:1/v1"


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def test_the_window_counts_from_the_silence_and_an_answer_refills_it():
    clock = Clock()
    p = Patience(10.0, clock)
    p.heard()
    clock.now += 100  # idle between runs is not silence
    p.failed(FailureKind.HUNG, waited=4.0)  # the request had waited 4 s for nothing
    assert p.silent_for() == 4.0 and p.may_retry(FailureKind.HUNG)
    clock.now += 5.9
    assert not p.exhausted()
    clock.now += 0.1
    assert p.exhausted() and not p.may_retry(FailureKind.HUNG)
    p.heard()
    assert not p.exhausted() and p.state().state == "ok"


def test_refusals_fail_fast_only_from_a_server_never_heard():
    p = Patience(60.0, Clock())
    for _ in range(3):
        p.failed(FailureKind.UNREACHABLE)
    assert p.refuses_outright() and not p.may_retry(FailureKind.UNREACHABLE)
    q = Patience(60.0, Clock())
    q.heard()
    for _ in range(3):
        q.failed(FailureKind.UNREACHABLE)
    assert not q.refuses_outright() and q.may_retry(FailureKind.UNREACHABLE)


def test_only_faults_waiting_can_fix_are_retried():
    p = Patience(60.0, Clock())
    assert not p.may_retry(FailureKind.REJECTED) and not p.may_retry(FailureKind.MALFORMED)
    assert p.may_retry(FailureKind.SERVER_ERROR) and p.may_retry(FailureKind.RATE_LIMITED)


def test_a_rate_limit_pauses_the_whole_server_and_says_so():
    clock = Clock()
    rest, realtime = patience_for(SERVER, "rest"), patience_for(SERVER, "realtime")
    assert rest.gate is realtime.gate, "one gate per server"
    rest.gate.clock = rest.clock = realtime.clock = clock
    rest.failed(FailureKind.RATE_LIMITED, retry_after=3.0)
    assert describe(realtime.state()) == "rate limited, resuming in 3 s"
    clock.now += 3
    assert realtime.state().state == "ok"


async def test_the_command_line_is_told_when_the_state_changes():
    said: list[str] = []
    changed = asyncio.Event()

    def say(words: str) -> None:
        said.append(words)
        changed.set()

    p = patience_for(SERVER, "rest", 45.0)
    p.rate_limit(3.0)
    task = asyncio.create_task(report_changes(SERVER, ("rest",), say, every=0))
    try:
        await changed.wait()
        changed.clear()
        p.gate.paused_until = 0.0
        await changed.wait()
    finally:
        task.cancel()
    assert said == ["rest: rate limited, resuming in 3 s", "rest: answering again"]

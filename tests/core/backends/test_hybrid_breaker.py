"""The circuit breaker, driven by an injected clock (no sleeps)."""

from __future__ import annotations

from core.backends.breaker import (
    BreakerConfig,
    BreakerState,
    CircuitBreaker,
    breaker_for,
    reset_breakers,
)
from core.models import FailureKind


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(**kw) -> tuple[CircuitBreaker, Clock]:
    clock = Clock()
    config = BreakerConfig(**{"consecutive": 3, "failure_rate": 0.5, "window": 10,
                              "min_samples": 6, "cooldown": 15.0, **kw})
    return CircuitBreaker(config, clock), clock


def test_opens_after_consecutive_failures_and_blocks():
    b, _ = make()
    for kind in (FailureKind.CUT, FailureKind.UNREACHABLE):
        assert b.allow()
        b.record_failure(kind)
    assert b.state is BreakerState.CLOSED
    b.record_failure(FailureKind.HUNG)
    assert b.state is BreakerState.OPEN
    assert not b.allow()
    assert b.seconds_to_probe() == 15.0


def test_a_success_resets_the_consecutive_count():
    b, _ = make(min_samples=100)
    for _ in range(5):
        b.record_failure(FailureKind.CUT)
        b.record_failure(FailureKind.CUT)
        b.record_success()
    assert b.state is BreakerState.CLOSED


def test_opens_on_failure_rate_over_the_window_once_enough_samples():
    b, _ = make(consecutive=100, min_samples=6, failure_rate=0.5)
    for failed in (True, True, False, True, False):  # 3 of 5 failed: too few samples yet
        if failed:
            b.record_failure(FailureKind.SERVER_ERROR)
        else:
            b.record_success()
    assert b.state is BreakerState.CLOSED
    b.record_failure(FailureKind.SERVER_ERROR)  # 4 of 6
    assert b.state is BreakerState.OPEN


def test_window_slides_old_failures_out():
    b, _ = make(consecutive=100, window=4, min_samples=4, failure_rate=0.75)
    b.record_failure(FailureKind.SERVER_ERROR)
    b.record_failure(FailureKind.SERVER_ERROR)
    for _ in range(4):
        b.record_success()
    b.record_failure(FailureKind.SERVER_ERROR)  # 1 of the last 4
    b.record_failure(FailureKind.SERVER_ERROR)  # 2 of the last 4
    assert b.state is BreakerState.CLOSED


def test_half_open_lets_exactly_one_probe_and_success_closes():
    b, clock = make()
    for _ in range(3):
        b.record_failure(FailureKind.UNREACHABLE)
    clock.now += 14.9
    assert b.state is BreakerState.OPEN and not b.allow()
    clock.now += 0.2
    assert b.state is BreakerState.HALF_OPEN
    assert b.allow()
    assert not b.allow()  # only one probe at a time
    b.record_success()
    assert b.state is BreakerState.CLOSED
    assert b.allow() and b.allow()


def test_failed_probe_opens_again_for_a_full_cooldown():
    b, clock = make()
    for _ in range(3):
        b.record_failure(FailureKind.UNREACHABLE)
    clock.now += 15
    assert b.allow()
    b.record_failure(FailureKind.UNREACHABLE)
    assert b.state is BreakerState.OPEN
    assert b.seconds_to_probe() == 15.0
    assert b.opened == 2


def test_released_probe_can_be_taken_again():
    b, clock = make()
    for _ in range(3):
        b.record_failure(FailureKind.UNREACHABLE)
    clock.now += 15
    assert b.allow()
    b.release()  # cancelled without an outcome
    assert b.allow()


def test_retry_after_opens_for_that_long():
    b, clock = make()
    b.record_failure(FailureKind.RATE_LIMITED, retry_after=40.0)
    assert b.state is BreakerState.OPEN
    assert b.seconds_to_probe() == 40.0
    clock.now += 39
    assert not b.allow()
    clock.now += 1
    assert b.allow()


def test_errors_retrying_cannot_fix_do_not_trip():
    b, _ = make(consecutive=1, min_samples=1)
    for kind in (FailureKind.REJECTED, FailureKind.MALFORMED):
        for _ in range(10):
            b.record_failure(kind)
    assert b.state is BreakerState.CLOSED


def test_no_realtime_endpoint_opens_at_once():
    b, _ = make(consecutive=10)
    b.record_failure(FailureKind.NO_REALTIME)
    assert b.state is BreakerState.OPEN


def test_late_success_while_open_does_not_close():
    b, _ = make()
    for _ in range(3):
        b.record_failure(FailureKind.HUNG)
    b.record_success()
    assert b.state is BreakerState.OPEN


def test_registry_keeps_one_breaker_per_server_and_backend():
    reset_breakers()
    a = breaker_for("http://127.0.0.1:9/v1/", "realtime")
    assert breaker_for("HTTP://127.0.0.1:9/v1", "realtime") is a
    assert breaker_for("http://127.0.0.1:9/v1", "rest") is not a
    assert breaker_for("http://127.0.0.1:8/v1", "realtime") is not a
    reset_breakers()


def test_opens_at_exactly_its_failure_rate():
    b, _ = make(consecutive=100, min_samples=6, failure_rate=0.5)
    for failed in (True, False, True, False, True):
        if failed:
            b.record_failure(FailureKind.SERVER_ERROR)
        else:
            b.record_success()
    assert b.state is BreakerState.CLOSED
    b.record_success()  # 3 of 6: exactly the rate
    assert b.state is BreakerState.CLOSED, "a success never opens it"
    b2, _ = make(consecutive=100, min_samples=6, failure_rate=0.5)
    for failed in (False, True, False, True, False, True):  # the 6th outcome makes 3 of 6
        if failed:
            b2.record_failure(FailureKind.SERVER_ERROR)
        else:
            b2.record_success()
    assert b2.state is BreakerState.OPEN


def test_a_5xx_counts_only_through_the_failure_share():
    """The server answered: scattered 5xx (the issue's 30 %) must not open it by a lucky run of
    three, but a server failing most requests still opens by the share."""
    b, _ = make()
    for _ in range(5):
        b.record_failure(FailureKind.SERVER_ERROR)
    assert b.state is BreakerState.CLOSED, "5 answered 5xx in a row, share not yet sampled"
    b.record_failure(FailureKind.SERVER_ERROR)
    assert b.state is BreakerState.OPEN, "6 of 6 failed: the share opens it"


def test_escalating_cooldown_starts_short_and_doubles_until_an_answer():
    b, clock = make(consecutive=1, first_cooldown=1.0, cooldown=6.0)
    waits = []
    for _ in range(5):
        b.record_failure(FailureKind.HUNG)
        waits.append(b.seconds_to_probe())
        clock.now += waits[-1]
        assert b.allow()  # the probe
    assert waits == [1.0, 2.0, 4.0, 6.0, 6.0]
    b.record_success()
    b.record_failure(FailureKind.HUNG)
    assert b.seconds_to_probe() == 1.0, "an answer starts the escalation again"

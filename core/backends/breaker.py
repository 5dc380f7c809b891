"""A circuit breaker per (server, backend), long-lived across runs and backend instances.

Closed: requests flow. It opens on `consecutive` failures in a row (a 5xx, which the server
answered, counts only in the share), or when the failure share
over the last `window` outcomes reaches `failure_rate` (once `min_samples` are in). A 429 that
names a wait opens it for that long. Open: nothing is sent until the cooldown ends; then it is
half-open and lets exactly one probe through; the probe's success closes it, its failure opens
it again. With `first_cooldown` set, the first opening is that short and each re-opening
without an answer in between doubles it, up to `cooldown` (from settings: at most
PROBE_EVERY_MAX, so a server back from a restart is found within a second; the patience
window, not the breaker, decides when work fails). Failures that retrying cannot fix (a
rejected or malformed request) do not count.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from core.models import FailureKind
from core.settings import Settings

Clock = Callable[[], float]
FIRST_COOLDOWN = 0.5  # seconds the first opening lasts (settings' breakers escalate from it)
PROBE_EVERY_MAX = 1.0  # settings' breakers probe a silent server at least this often

# Errors of one request that say nothing about the backend's health.
NOT_TRIPPING = frozenset({FailureKind.REJECTED, FailureKind.MALFORMED, FailureKind.UNAVAILABLE})
# Errors the server answered with (it is alive): they count through the failure rate only, not
# the in-a-row count, so scattered 5xx (30 % in the test) do not keep opening it.
RATE_ONLY = frozenset({FailureKind.SERVER_ERROR})
# Errors that say the backend cannot serve at all: open at once.
OPENS_AT_ONCE = frozenset({FailureKind.NO_REALTIME})


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


@dataclass(frozen=True)
class BreakerConfig:
    consecutive: int = 3
    failure_rate: float = 0.5
    window: int = 20
    min_samples: int = 6
    cooldown: float = 15.0
    first_cooldown: float | None = None  # None: every opening lasts `cooldown`

    @classmethod
    def from_settings(cls, s: Settings) -> BreakerConfig:
        cooldown = min(PROBE_EVERY_MAX, max(0.0, s.breaker_cooldown))
        return cls(max(1, s.breaker_consecutive), s.breaker_failure_rate, max(1, s.breaker_window),
                   max(1, s.breaker_min_samples), cooldown, min(FIRST_COOLDOWN, cooldown))


@dataclass(frozen=True)
class BreakerSnapshot:
    """What the UI and the benchmark show."""

    state: BreakerState
    seconds_to_probe: float | None  # when open: time until the half-open probe
    opened: int                      # how many times it has opened
    last_failure: str | None


def trips(kind: FailureKind | str | None) -> bool:
    """Does a failure of this kind count against the backend's health?"""
    try:
        return FailureKind(kind or FailureKind.INTERNAL) not in NOT_TRIPPING
    except ValueError:
        return True


class CircuitBreaker:
    """Decides whether a backend may get the next request. Time comes from `clock`."""

    def __init__(self, config: BreakerConfig | None = None, clock: Clock = time.monotonic) -> None:
        self.config = config or BreakerConfig()
        self.clock = clock
        self._outcomes: deque[bool] = deque(maxlen=self.config.window)  # True = failure
        self._consecutive = 0
        self._open_until: float | None = None   # set while open (or half-open after it)
        self._probe_out = False
        self.opened = 0
        self._streak = 0  # openings since the last close
        self.last_failure: str | None = None

    def configure(self, config: BreakerConfig) -> None:
        """New knobs (settings changed); keeps the history that fits the new window."""
        if config != self.config:
            self.config = config
            self._outcomes = deque(self._outcomes, maxlen=config.window)

    @property
    def state(self) -> BreakerState:
        if self._open_until is None:
            return BreakerState.CLOSED
        if self.clock() < self._open_until:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN

    @property
    def failing(self) -> bool:
        """Closed, but the last outcome was a failure (not yet answered again)."""
        return self._consecutive > 0

    def seconds_to_probe(self) -> float | None:
        if self.state is not BreakerState.OPEN:
            return None
        assert self._open_until is not None
        return max(0.0, self._open_until - self.clock())

    def would_allow(self) -> bool:
        """Would `allow()` say yes now (without taking the probe)?"""
        state = self.state
        return state is BreakerState.CLOSED or (state is BreakerState.HALF_OPEN
                                                and not self._probe_out)

    def allow(self) -> bool:
        """May a request go now? In half-open state only one (the probe) until it settles."""
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.HALF_OPEN and not self._probe_out:
            self._probe_out = True
            return True
        return False

    def probe_now(self) -> None:
        """Open: end the cooldown now (the server answered on another endpoint)."""
        if self.state is BreakerState.OPEN:
            self._open_until = self.clock()

    def release(self) -> None:
        """An allowed request ended without an outcome (cancelled): free the probe."""
        self._probe_out = False

    def record_success(self) -> None:
        state = self.state
        if state is BreakerState.OPEN:
            return  # a late answer of a request sent before it opened proves nothing now
        if state is BreakerState.HALF_OPEN:
            self._close()
            return
        self._consecutive = 0
        self._outcomes.append(False)

    def record_failure(self, kind: FailureKind | str | None = None,
                       retry_after: float | None = None, message: str | None = None) -> None:
        if not trips(kind):
            if self.state is BreakerState.HALF_OPEN:
                self._probe_out = False  # the probe proved nothing either way
            return
        self.last_failure = message or str(kind or FailureKind.INTERNAL)
        state = self.state
        if state is BreakerState.OPEN:
            return
        if state is BreakerState.HALF_OPEN:
            self._open(retry_after)
            return
        if kind not in RATE_ONLY:
            self._consecutive += 1
        self._outcomes.append(True)
        if (kind in OPENS_AT_ONCE or retry_after is not None
                or self._consecutive >= self.config.consecutive or self._rate_exceeded()):
            self._open(retry_after)

    def snapshot(self) -> BreakerSnapshot:
        return BreakerSnapshot(self.state, self.seconds_to_probe(), self.opened,
                               self.last_failure)

    # -- internals ------------------------------------------------------------------------------

    def _rate_exceeded(self) -> bool:
        n = len(self._outcomes)
        return n >= self.config.min_samples and sum(self._outcomes) / n >= self.config.failure_rate

    def _open(self, retry_after: float | None) -> None:
        wait = self._cooldown() if retry_after is None else retry_after
        self._open_until = self.clock() + max(0.0, wait)
        self._probe_out = False
        self.opened += 1
        self._streak += 1

    def _cooldown(self) -> float:
        first = self.config.first_cooldown
        if first is None:
            return self.config.cooldown
        return min(self.config.cooldown, first * 2 ** self._streak)

    def _close(self) -> None:
        self._open_until = None
        self._probe_out = False
        self._streak = 0
        self._consecutive = 0
        self._outcomes.clear()


_registry: dict[tuple[str, str], CircuitBreaker] = {}


def normalise_server(base_url: str) -> str:
    """One spelling per server: lower-case, no trailing slash."""
    return base_url.strip().rstrip("/").lower()


def breaker_for(server: str, backend: str, config: BreakerConfig | None = None) -> CircuitBreaker:
    """The breaker of `backend` on `server`, created once and kept for the process."""
    key = (normalise_server(server), backend)
    breaker = _registry.get(key)
    if breaker is None:
        breaker = _registry[key] = CircuitBreaker(config)
    elif config is not None:
        breaker.configure(config)
    return breaker


def reset_breakers() -> None:
    """Forget every breaker (tests; a user's 'retry now')."""
    _registry.clear()

"""Per-backend health for the UI and the benchmark: counts, failures by kind, latencies, tokens.

`HealthTracker` is fed with RequestRecords (and Hybrid's fallbacks and hedges); `snapshot()`
gives a plain `BackendHealth`. Trackers live per (server, backend) for the whole process, beside
the circuit breakers, so the status bar can show them between runs.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from core.backends.breaker import BreakerSnapshot, BreakerState, breaker_for, normalise_server
from core.backends.patience import PatienceState, patience_for
from core.models import FailureKind, RequestRecord

SAMPLES = 500  # latest latencies kept per backend for the percentiles


@dataclass(frozen=True)
class BackendHealth:
    """One backend's state at a moment (all plain values)."""

    backend: str
    requests: int
    successes: int
    failures: dict[str, int]           # FailureKind value -> count
    breaker: BreakerState
    seconds_to_probe: float | None
    p50_latency_ms: float | None
    p95_latency_ms: float | None
    p50_ttft_ms: float | None
    p95_ttft_ms: float | None
    input_tokens: int
    output_tokens: int
    fallbacks: int                     # requests this backend took over from the other
    hedges: int                        # requests sent here as a hedge
    last_failure: str | None = None
    patience: PatienceState = PatienceState("ok")  # the writer's view: ok, retrying, ...


def percentile(values: list[float] | deque[float], q: float) -> float | None:
    """The q-quantile (0..1) by linear interpolation; None without values."""
    data = sorted(values)
    if not data:
        return None
    pos = (len(data) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


@dataclass
class HealthTracker:
    """Mutable counters of one backend on one server."""

    backend: str
    server: str = ""
    requests: int = 0
    successes: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    latencies: deque[float] = field(default_factory=lambda: deque(maxlen=SAMPLES))
    ttfts: deque[float] = field(default_factory=lambda: deque(maxlen=SAMPLES))
    first_results: deque[float] = field(default_factory=lambda: deque(maxlen=SAMPLES))
    input_tokens: int = 0
    output_tokens: int = 0
    fallbacks: int = 0
    hedges: int = 0

    def observe(self, record: RequestRecord) -> None:
        """Count one finished request."""
        self.requests += 1
        if record.ok:
            self.successes += 1
            self.latencies.append(record.latency_ms)
            if record.ttft_ms is not None:
                self.ttfts.append(record.ttft_ms)
        else:
            kind = record.error_kind or FailureKind.INTERNAL.value
            self.failures[kind] = self.failures.get(kind, 0) + 1
        self.input_tokens += record.input_tokens or 0
        self.output_tokens += record.output_tokens or 0
        if record.route == "fallback":
            self.fallbacks += 1
        elif record.route == "hedge":
            self.hedges += 1

    def observe_first_result(self, seconds: float) -> None:
        """Time from sending a batch to its first parsed answer (what hedging waits on)."""
        self.first_results.append(seconds)

    def snapshot(self, breaker: BreakerSnapshot | None = None) -> BackendHealth:
        breaker = breaker or breaker_for(self.server, self.backend).snapshot()
        lat, ttft = list(self.latencies), list(self.ttfts)
        return BackendHealth(
            backend=self.backend, requests=self.requests, successes=self.successes,
            failures=dict(self.failures), breaker=breaker.state,
            seconds_to_probe=breaker.seconds_to_probe,
            p50_latency_ms=percentile(lat, 0.5), p95_latency_ms=percentile(lat, 0.95),
            p50_ttft_ms=percentile(ttft, 0.5), p95_ttft_ms=percentile(ttft, 0.95),
            input_tokens=self.input_tokens, output_tokens=self.output_tokens,
            fallbacks=self.fallbacks, hedges=self.hedges, last_failure=breaker.last_failure,
            patience=patience_for(self.server, self.backend).state())


_trackers: dict[tuple[str, str], HealthTracker] = {}
_last_server: list[str] = []  # the server a Hybrid backend used last


def tracker_for(server: str, backend: str) -> HealthTracker:
    """The tracker of `backend` on `server`, created once and kept for the process."""
    key = (normalise_server(server), backend)
    tracker = _trackers.get(key)
    if tracker is None:
        tracker = _trackers[key] = HealthTracker(backend, key[0])
    return tracker


def note_server(server: str) -> None:
    """Remember the server in use, for `current()`."""
    _last_server[:] = [normalise_server(server)]


def current(backends: tuple[str, ...] = ("realtime", "rest")) -> dict[str, BackendHealth]:
    """Health of `backends` on the server used last (empty before any Hybrid run)."""
    if not _last_server:
        return {}
    server = _last_server[0]
    return {b: tracker_for(server, b).snapshot() for b in backends}


def reset_health() -> None:
    """Forget every tracker (tests)."""
    _trackers.clear()
    _last_server.clear()

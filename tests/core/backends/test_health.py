"""Health trackers count failures per kind, and what a request was routed as."""

from __future__ import annotations

from core.backends.health import HealthTracker
from core.models import RequestRecord


def record(ok: bool, kind: str | None = None, route: str = "") -> RequestRecord:
    return RequestRecord("rest", "r", ("c",), 0.0, 0.25, ok=ok, error_kind=kind, route=route,
                         error=None if ok else "failed")


def test_failures_are_counted_per_kind():
    tracker = HealthTracker("rest")
    for r in (record(False, "hung"), record(True), record(False, "server_error"),
              record(False, "hung"), record(False, None), record(True, route="fallback")):
        tracker.observe(r)
    snap = tracker.snapshot()
    assert snap.requests == 6 and snap.successes == 2
    assert snap.failures == {"hung": 2, "server_error": 1, "internal": 1}
    assert snap.fallbacks == 1

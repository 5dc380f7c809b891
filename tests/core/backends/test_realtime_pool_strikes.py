"""One silent socket is one fault, however many requests it carried (without patience, two
faults in a row end the run: four requests on one hung socket must not)."""

from __future__ import annotations

from types import SimpleNamespace

from core.backends.realtime_pool import DEAD_AFTER, Pool, PoolConfig, Slot
from core.backends.realtime_request import Outcome
from core.models import FailureKind


def pool() -> Pool:
    config = PoolConfig(model="m", instructions_for=lambda topic: topic, pool_size=1,
                        inflight=4, request_timeout=10, connect_timeout=1,
                        no_progress_timeout=1, max_retries=0, context=1,
                        expiry_margin_s=None, cancel_grace_s=0.1)
    return Pool(SimpleNamespace(base_url="http://127.0.0.1:9/v1"), config,
                lambda *a: None, lambda *a, **k: None, "realtime")


def hung_socket() -> SimpleNamespace:
    return SimpleNamespace(closed=True, hung=True, struck=False, close_counts=True,
                           close_reason="nothing for 1 s")


async def test_four_requests_on_one_hung_socket_are_one_strike():
    p = pool()
    try:
        slot = Slot(p)
        conn = hung_socket()
        lost = Outcome("lost", "nothing for 1 s", counts=False, kind=FailureKind.HUNG)
        for _ in range(4):
            p._adapt(slot, conn, lost)
        assert p.strikes == 1
        assert p.fatal is None, "one socket's silence does not end the run"
        assert DEAD_AFTER == 2
        p._adapt(slot, hung_socket(), lost)  # a second silent socket: now it does
        assert p.fatal is not None
    finally:
        await p.aclose()

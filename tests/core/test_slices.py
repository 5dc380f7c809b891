"""A loop in slices lets the event loop run only when its slice of time is used up."""

from __future__ import annotations

import asyncio
import time

from core.slices import Slice


async def _ran_meanwhile(turn: Slice, spin_s: float) -> tuple[bool, bool]:
    """(pause() yielded, another task ran during it) after spinning for `spin_s` seconds."""
    ran = asyncio.Event()
    other = asyncio.get_running_loop().call_soon(ran.set)
    end = time.perf_counter() + spin_s
    while time.perf_counter() < end:
        pass
    yielded = await turn.pause()
    other.cancel()
    return yielded, ran.is_set()


async def test_a_slice_that_is_not_used_up_keeps_the_loop_waiting():
    assert await _ran_meanwhile(Slice(3600.0), 0.0) == (False, False)


async def test_a_used_up_slice_lets_the_loop_run_and_starts_again():
    turn = Slice(0.01)
    first = turn.deadline
    assert await _ran_meanwhile(turn, 0.02) == (True, True)
    assert turn.deadline > first + 0.01  # a new slice began after the pause

"""Long loops on the event loop, in slices: they let the loop run when a slice of time is up."""

from __future__ import annotations

import asyncio
import time


class Slice:
    """Call `await s.pause()` between steps of a loop: the event loop runs whenever
    `seconds` have passed since the slice began or last yielded."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.perf_counter() + seconds

    async def pause(self) -> bool:
        """Yield to the event loop if the slice is used up; True when it did."""
        if time.perf_counter() <= self.deadline:
            return False
        await asyncio.sleep(0)
        self.deadline = time.perf_counter() + self.seconds
        return True

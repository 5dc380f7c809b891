"""Scripted fault runs (tests and `bench --faults`): the emulator behind a FaultProxy, over
real sockets, with a fault fired when the first answers arrive (an event, not a sleep)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import asynccontextmanager

from core.emulator.config import EmulatorConfig
from core.emulator.fault_proxy import FaultProxy
from core.emulator.server import Emulator
from core.models import ChunkResult, Document, RequestRecord


@asynccontextmanager
async def faulty(config: EmulatorConfig | None = None):
    """An emulator behind a proxy that can pause, die and come back on the same port. By
    default every answer takes 200 ms, so work is still waiting when a fault fires after the
    first answers (an instant server may have answered everything by then)."""
    async with Emulator(config or EmulatorConfig(profile="fixed")) as em:
        proxy = FaultProxy("127.0.0.1", em.port)
        await proxy.start()
        try:
            yield em, proxy
        finally:
            proxy.resume()
            await proxy.kill()


async def run_with_fault(backend, doc: Document, fault: Callable[[], object] | None,
                         after: int = 1) -> tuple[list[ChunkResult], list[RequestRecord]]:
    """Run `backend` over `doc`; fire `fault` (sync, or a coroutine) after `after` answers."""
    results: list[ChunkResult] = []
    records: list[RequestRecord] = []
    fired = False
    try:
        async for event in backend.run(doc, doc.chunks):
            if isinstance(event, ChunkResult):
                results.append(event)
                if not fired and fault is not None and len(results) >= after:
                    fired = True
                    step = fault()
                    if asyncio.iscoroutine(step):
                        await step
            else:
                records.append(event)
    finally:
        await backend.aclose()
    return results, records


def later(delay: float, action: Callable[[], object]) -> None:
    """The server's script: do `action` `delay` s from now (a coroutine is run as a task)."""
    loop = asyncio.get_running_loop()

    def fire() -> None:
        step = action()
        if asyncio.iscoroutine(step):
            task = loop.create_task(step)
            _keep.add(task)
            task.add_done_callback(_keep.discard)

    loop.call_later(delay, fire)


_keep: set[asyncio.Task] = set()

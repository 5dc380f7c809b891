"""Asyncio helpers of the GUI on the real qasync loop."""

from __future__ import annotations

import asyncio
import gc

from gui.common.aio import async_generators_closed_in_tasks
from tests.gui.conftest import run_async


def test_a_dropped_async_generator_is_closed_in_a_task_of_the_loop(qtbot, qloop):
    """An SDK stream cut short and dropped from a Qt callback (no task running) is closed in a
    task, where httpcore can tell which async library runs it."""
    closed_in: list[asyncio.Task | None] = []
    kept: list = []

    async def stream():
        try:
            yield 1
            yield 2
        finally:
            closed_in.append(asyncio.current_task())

    async def start() -> None:
        agen = stream()
        await agen.__anext__()
        kept.append(agen)

    def drop() -> None:  # a plain loop callback, like Qt's: no task is running here
        kept.clear()
        gc.collect()

    with async_generators_closed_in_tasks(qloop):
        run_async(qtbot, qloop, start())
        qloop.call_soon(drop)
        qtbot.waitUntil(lambda: bool(closed_in), timeout=5000)
    assert closed_in[0] is not None

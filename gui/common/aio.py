"""Asyncio helpers for the GUI: a task set that keeps references (qasync 0.28 does not)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)


@contextlib.contextmanager
def plain_default_executor(loop: asyncio.AbstractEventLoop) -> Iterator[None]:
    """Run the loop's executor work (host-name lookups: getaddrinfo) on plain threads.

    qasync's default executor is a QThread pool whose threads can outlive the loop and abort
    the process at exit; a plain pool is shut down here.
    """
    executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="resolver")
    loop.set_default_executor(executor)
    try:
        yield
    finally:
        with contextlib.suppress(TypeError):
            loop.set_default_executor(None)
        executor.shutdown(wait=False, cancel_futures=True)


@contextlib.contextmanager
def async_generators_closed_in_tasks(loop: asyncio.AbstractEventLoop) -> Iterator[None]:
    """Close a dropped async generator (an SDK response stream cut short) in a task of `loop`,
    as asyncio's own loop does. qasync's loop installs no such hook, so Python closed them
    wherever the garbage collector ran, outside any task, and httpcore printed a traceback
    ("unknown async library") on the terminal."""
    old = sys.get_asyncgen_hooks()

    def close_later(agen) -> None:
        if not loop.is_closed():
            loop.call_soon_threadsafe(_close_in_a_task, loop, agen)

    sys.set_asyncgen_hooks(firstiter=old.firstiter, finalizer=close_later)
    try:
        yield
    finally:
        sys.set_asyncgen_hooks(*old)


def _close_in_a_task(loop: asyncio.AbstractEventLoop, agen) -> None:
    if not loop.is_closed():
        loop.create_task(agen.aclose())


class TaskSet:
    """Owns the asyncio tasks the GUI starts; cancels and awaits them on shutdown."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str = "") -> asyncio.Task:
        """Schedule `coro` on the current (qasync) loop and keep a reference until it ends."""
        loop = asyncio.get_event_loop()
        task = loop.create_task(coro, name=name or None)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("task %s failed", task.get_name(), exc_info=task.exception())

    def __len__(self) -> int:
        return len(self._tasks)

    def cancel_all(self) -> list[asyncio.Task]:
        """Request cancellation of every task; return them for awaiting."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        return tasks

    async def aclose(self) -> None:
        """Cancel every task and wait until all have finished."""
        tasks = self.cancel_all()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

"""Faults `draftlens bench --faults` plays on the built-in server's process mid-run, once a
tenth of the paragraphs are answered: `restart` (killed, back on the same port 3 s later),
`pause` (SIGSTOP for 20 s, then SIGCONT), `storm` (every request answered 429 with
Retry-After 3 for 10 s) and `gone` (killed, never back)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator, Callable
from typing import Protocol


class Server(Protocol):
    """The built-in server process the benchmark started (core.bench.methods.Server)."""

    url: str
    proc: asyncio.subprocess.Process | None
    command: list[str]

SCRIPTED = ("restart", "pause", "storm", "gone")
RESTART_S = 3.0
PAUSE_S = 20.0
FIRE_AT = 0.1  # share of the paragraphs answered before the fault


class FaultScript:
    """Fires `fault` on `server` once `FIRE_AT` of `size` paragraphs are answered."""

    def __init__(self, fault: str, server: Server, size: int) -> None:
        self.fault, self.server = fault, server
        self.threshold = max(1, int(size * FIRE_AT))
        self.task: asyncio.Task | None = None
        self.paused = False

    def wrap(self, progress: Callable[[int], None]) -> Callable[[int], None]:
        """`progress`, which also fires the fault at the threshold."""
        def both(n: int) -> None:
            progress(n)
            if self.fault in SCRIPTED and self.task is None and n >= self.threshold:
                self.task = asyncio.get_running_loop().create_task(self._fire())
        return both

    async def _fire(self) -> None:
        proc = self.server.proc
        if proc is None:
            return
        if self.fault == "storm":
            proc.send_signal(signal.SIGUSR1)
        elif self.fault == "pause":
            os.kill(proc.pid, signal.SIGSTOP)
            self.paused = True
            await asyncio.sleep(PAUSE_S)
            self._resume()
        elif self.fault in ("restart", "gone"):
            proc.kill()
            await proc.wait()
            if self.fault == "restart":
                await asyncio.sleep(RESTART_S)
                await self._restart()

    def _resume(self) -> None:
        if self.paused and self.server.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.server.proc.pid, signal.SIGCONT)
            self.paused = False

    async def _restart(self) -> None:
        """The same command on the same port (its stats then count from the restart)."""
        port = self.server.url.rsplit(":", 1)[1].split("/", 1)[0]
        proc = await asyncio.create_subprocess_exec(
            *self.server.command, "--port", port, stdout=asyncio.subprocess.PIPE)
        assert proc.stdout is not None
        await proc.stdout.readline()  # READY
        self.server.proc = proc

    async def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        self._resume()


@contextlib.asynccontextmanager
async def scripted(fault: str, server: Server, size: int) -> AsyncIterator[FaultScript]:
    script = FaultScript(fault, server, size)
    try:
        yield script
    finally:
        await script.close()

"""Runs the core Analyzer on the qasync loop and reports events as Qt signals.

One run at a time: starting a run cancels the previous one and waits until it has finished,
so a backend is never used by two runs. Results are queued and handed to the GUI once a frame,
for at most ~10 ms (coalesced, so the editor repaints once per batch, not per result), and the
run itself yields to the event loop every ~12 ms, so painting and input stay responsive however
the backend delivers. Everything received is delivered before the run's sig_finished.
Every backend runs on this loop: the Local classifier itself yields every few milliseconds
(`DocScorer`), which keeps the window smoother than a worker thread contending for the GIL;
a backend that answers faster than the GUI paints waits while BACKLOG_MAX events are queued.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import asdict

from PySide6.QtCore import QObject, QTimer, Signal

from core.analyzer import Analyzer
from core.backends import Backend, BackendError, open_backend
from core.cache import ResultCache
from core.models import Chunk, ChunkResult, Document, Event, RequestRecord, WireEvent
from core.settings import Settings
from gui.common import gc_pause
from gui.common.aio import TaskSet

log = logging.getLogger(__name__)
SLICE_S = 0.012  # run the analysis for at most this long before letting the loop breathe
BACKLOG_MAX = 400  # queued events beyond which the stream waits for the GUI to catch up
FRAME_MS = 16  # queued results go to the GUI at most once a frame...
DELIVER_BUDGET_S = 0.010  # ...for at most this long (the rest in the next frame)

Opener = Callable[[str, Settings], Awaitable[Backend]]


class AnalysisRunner(QObject):
    """Owns the backend, the cache and the running analysis task."""

    sig_started = Signal(int, int)
    """A run began: run id, number of target chunks."""
    sig_result = Signal(int, object)
    """A ChunkResult arrived: run id, result."""
    sig_request = Signal(int, object)
    """A RequestRecord arrived (for the latency chart): run id, record."""
    sig_wire = Signal(object)
    """A redacted protocol WireEvent from the backend, for the event log."""
    sig_finished = Signal(int, str, str)
    """A run ended: run id, status ('ok' | 'stopped' | 'failed'), message."""

    def __init__(self, opener: Opener | None = None, use_cache: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = TaskSet()
        self.run_id = 0
        self._opener = opener or open_backend
        self._use_cache = use_cache
        self._cache: ResultCache | None = None
        self._backend: Backend | None = None
        self._backend_key: tuple | None = None
        self._task: asyncio.Task | None = None
        self._pending: deque[tuple[int, Event]] = deque()
        self._frame = QTimer(self)
        self._frame.setSingleShot(True)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(lambda: self.deliver(DELIVER_BUDGET_S))

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, method: str, settings: Settings, doc: Document,
              targets: Sequence[Chunk] | None = None, fresh: bool = False) -> int:
        """Cancel any current run and start a new one; return its run id. `fresh`: ask the
        server again for every paragraph (the cache is not read, its answers are replaced)."""
        previous = self._task
        if previous is not None:
            previous.cancel()
        self.run_id += 1
        targets = list(doc.chunks if targets is None else targets)
        self._task = self.tasks.spawn(
            self._run(self.run_id, previous, method, settings, doc, targets, fresh), "analysis")
        return self.run_id

    def stop(self) -> None:
        """Cancel the current run (its sig_finished reports 'stopped')."""
        if self._task is not None:
            self._task.cancel()

    async def aclose(self) -> None:
        """Cancel and await everything, then close the backend and the cache."""
        await self.tasks.aclose()
        await self._close_backend()
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    async def reset_backend(self) -> None:
        """Close the open backend (settings changed); the next run opens a new one."""
        if not self.running:
            await self._close_backend()

    # ---- internals ---------------------------------------------------------------------
    async def _run(self, run_id: int, previous: asyncio.Task | None, method: str,
                   settings: Settings, doc: Document, targets: list[Chunk],
                   fresh: bool = False) -> None:
        try:
            if previous is not None and not previous.done():
                await asyncio.wait([previous])
            self.sig_started.emit(run_id, len(targets))
            backend = await self._get_backend(method, settings)
            analyzer = Analyzer(backend, self._get_cache(), fresh)
            await self._consume(run_id, analyzer.run(doc, targets))
        except asyncio.CancelledError:
            self.sig_finished.emit(run_id, "stopped", "Stopped.")
            raise
        except BackendError as exc:
            self.sig_finished.emit(run_id, "failed", str(exc))
        except Exception as exc:  # never let a run crash the app
            log.exception("analysis failed")
            self.sig_finished.emit(run_id, "failed", f"{type(exc).__name__}: {exc}")
        else:
            self.sig_finished.emit(run_id, "ok", "")
        finally:
            gc_pause.settle()  # the results are long-lived now

    async def _consume(self, run_id: int, stream: AsyncIterator[Event]) -> None:
        """Queue the stream's events; the frame timer hands them to the GUI in batches.

        A backend that answers faster than the GUI paints (Local, once its pass over the draft
        is done) waits while BACKLOG_MAX events are queued, and the queue is drained a frame's
        budget at a time: handing a backlog of thousands to the GUI at once stalled it.
        """
        slice_start = time.perf_counter()
        try:
            async for event in stream:
                self._pending.append((run_id, event))
                if not self._frame.isActive():
                    self._frame.start()
                if len(self._pending) > BACKLOG_MAX:
                    await self._drain(BACKLOG_MAX // 2)
                    slice_start = time.perf_counter()
                elif time.perf_counter() - slice_start > SLICE_S:
                    await asyncio.sleep(0)
                    slice_start = time.perf_counter()
            await self._drain(0)
        finally:
            self.deliver()  # everything received reaches the GUI before the run ends
            await stream.aclose()

    async def _drain(self, keep: int) -> None:
        """Deliver queued events a frame's budget per frame until at most `keep` are left."""
        while len(self._pending) > keep:
            self.deliver(DELIVER_BUDGET_S)
            await asyncio.sleep(FRAME_MS / 1000)

    def deliver(self, budget_s: float | None = None) -> None:
        """Emit queued events, for at most `budget_s` seconds (None: all of them).

        Network answers arrive one socket read at a time; handing each to the GUI in its own
        event-loop turn repainted the editor for every result. Once a frame is enough.
        """
        deadline = None if budget_s is None else time.perf_counter() + budget_s
        pending = self._pending
        while pending:
            run_id, event = pending.popleft()
            if isinstance(event, ChunkResult):
                self.sig_result.emit(run_id, event)
            elif isinstance(event, RequestRecord):
                self.sig_request.emit(run_id, event)
            if deadline is not None and time.perf_counter() > deadline:
                break
        if pending and not self._frame.isActive():
            self._frame.start()

    async def _get_backend(self, method: str, settings: Settings) -> Backend:
        key = (method, tuple(sorted(asdict(settings).items())))
        if self._backend is not None and self._backend_key == key:
            return self._backend
        await self._close_backend()
        backend = await self._opener(method, settings)
        backend.wire = self._on_wire
        self._backend, self._backend_key = backend, key
        return backend

    async def _close_backend(self) -> None:
        backend, self._backend, self._backend_key = self._backend, None, None
        if backend is not None:
            try:
                await backend.aclose()
            except Exception:  # closing must never fail the app
                log.exception("closing backend %s", backend.name)

    def _get_cache(self) -> ResultCache | None:
        if self._use_cache and self._cache is None:
            try:
                self._cache = ResultCache()
            except Exception as exc:  # an unwritable cache dir must not stop analysis
                log.warning("cache unavailable: %s", exc)
                self._use_cache = False
        return self._cache

    def _on_wire(self, event: WireEvent) -> None:
        self.sig_wire.emit(event)


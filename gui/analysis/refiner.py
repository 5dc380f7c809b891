"""Refine Local's first verdicts once the encoder's embeddings exist, off the GUI thread.

The Local method answers first from its fast features, so colours appear at once; then the
encoder embeds the draft (seconds, in a worker thread) and `refine` gives better verdicts with
calibrated confidences, using the writer's corrections. Refined results come back to the GUI a
few milliseconds' worth per event-loop turn, each for the same chunk as its first verdict, so
a paragraph's colour changes at most once (from first to refined) and only where it differs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from core.models import ChunkResult, Document, Timings
from core.slices import Slice
from gui.common.aio import TaskSet
from gui.common.gil import in_a_worker

log = logging.getLogger(__name__)
SLICE_S = 0.006  # hand refined results to the GUI for at most this long per event-loop turn
DELAY_MS = 1500  # refine once the writer has paused this long after a Local run

Pairs = Sequence[tuple[str, Sequence[str]]]
RefineFn = Callable[[Document, Pairs], "list[ChunkResult] | None"]
"""Blocking: refined results for every chunk of the document (None: no encoder here)."""


def encoder_refine(doc: Document, corrections: Pairs) -> list[ChunkResult] | None:
    """The Local model's second stage (core.local.embed + classifier.refine) as results for
    the same chunks; None when the encoder is not available."""
    from core.backends.local import scored
    from core.local import embed
    from core.local.classifier import refine

    if not embed.available():
        return None
    emb = embed.embed_document([c.text for c in doc.chunks], doc.topic)
    now = time.perf_counter()
    out = []
    for chunk, v in zip(doc.chunks, refine(doc, emb, corrections), strict=True):
        r = ChunkResult(chunk.id, chunk.index, chunk.hash, tuple(v.roles), "local", "local-v1",
                        timings=Timings(now, now, now, now))
        out.append(scored(r, v))
    return out


class Refiner(QObject):
    """One refinement at a time, started when the writer pauses: `schedule()` waits DELAY_MS
    (an edit or a new run calls `cancel()`), so the encoder's thread does not compete with
    typing; a refinement whose thread is still busy is waited for, never run beside it."""

    sig_refined = Signal(object)
    """A refined ChunkResult (for a chunk that already had its first verdict)."""
    sig_done = Signal(int)
    """A refinement finished: how many refined results it handed over."""

    def __init__(self, refine_fn: RefineFn = encoder_refine, tasks: TaskSet | None = None,
                 parent: QObject | None = None):
        """`tasks`: where the refinement runs (the window's, so its shutdown awaits it)."""
        super().__init__(parent)
        self.refine_fn = refine_fn
        self.tasks = tasks or TaskSet()
        self.task: asyncio.Task | None = None
        self._generation = 0
        self._encoding: asyncio.Task | None = None  # the worker thread's job, done when it ends
        self._next: Callable[[], tuple[Document, Pairs]] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self._due)

    @property
    def busy(self) -> bool:
        """A refinement is scheduled or running."""
        return self.timer.isActive() or (self.task is not None and not self.task.done())

    def schedule(self, what: Callable[[], tuple[Document, Pairs]]) -> None:
        """Refine `what()` (the document and the corrections, read when due) after DELAY_MS."""
        self.cancel()
        self._next = what
        self.timer.start()

    def _due(self) -> None:
        if self._next is not None:
            self.start(*self._next())

    def start(self, doc: Document, corrections: Pairs = ()) -> asyncio.Task:
        """Refine `doc` now in a worker thread; results arrive as sig_refined, then sig_done."""
        self.cancel()
        self.task = self.tasks.spawn(self._run(self._generation, doc, list(corrections)),
                                     "refine")
        return self.task

    def cancel(self) -> None:
        """Drop the scheduled or running refinement (its thread's answer is ignored)."""
        self._generation += 1
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()

    async def _run(self, generation: int, doc: Document, corrections: list) -> None:
        if self._encoding is not None:  # one encoder thread: a cancelled run's may still work
            await asyncio.wait({self._encoding})
        fn = self.refine_fn
        self._encoding = self.tasks.spawn(
            in_a_worker(lambda: _quietly(fn, doc, corrections), "refine"), "refine-thread")
        results = await asyncio.shield(self._encoding)  # a cancel leaves the thread its job
        if results is None or generation != self._generation:
            return
        turn = Slice(SLICE_S)
        for r in results:
            if await turn.pause() and generation != self._generation:
                return
            self.sig_refined.emit(r)
        self.sig_done.emit(len(results))


def _quietly(fn: RefineFn, doc: Document, corrections: list) -> list | None:
    """`fn`'s refined results, or None when it failed (the first verdicts stay)."""
    try:
        return fn(doc, corrections)
    except Exception:
        log.exception("refinement failed")
        return None

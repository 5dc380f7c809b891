"""Refine Local's first verdicts once the encoder's embeddings exist, off the GUI thread.

The Local method answers first from its fast features, so colours appear at once; then the
encoder embeds the draft (seconds, in a worker thread) and `refine` gives better verdicts with
calibrated confidences, using the writer's corrections. Refined results come back to the GUI a
few milliseconds' worth per event-loop turn, each for the same chunk as its first verdict, so
a paragraph's colour changes at most once (from first to refined) and only where it differs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal

from core.models import ChunkResult, Document, Timings
from gui.common.aio import TaskSet

log = logging.getLogger(__name__)
SLICE_S = 0.006  # hand refined results to the GUI for at most this long per event-loop turn

Pairs = Sequence[tuple[str, Sequence[str]]]
RefineFn = Callable[[Document, Pairs], "list[ChunkResult] | None"]
"""Blocking: refined results for every chunk of the document (None: no encoder here)."""


def encoder_refine(doc: Document, corrections: Pairs) -> list[ChunkResult] | None:
    """The Local model's second stage (core.local.embed + classifier.refine) as results for
    the same chunks; None when this version of the model has no encoder."""
    from core.local import classifier
    try:
        from core.local import embed
    except ImportError:
        return None
    refine = getattr(classifier, "refine", None)
    if refine is None or not getattr(embed, "available", lambda: True)():
        return None
    emb = embed.embed_document([c.text for c in doc.chunks], doc.topic)
    now = time.perf_counter()
    out = []
    for chunk, v in zip(doc.chunks, refine(doc, emb, corrections), strict=True):
        r = ChunkResult(chunk.id, chunk.index, chunk.hash, tuple(v.roles), "local", "local-v1",
                        timings=Timings(now, now, now, now))
        r.confidence = getattr(v, "confidence", None)
        r.relevance, r.complexity = v.relevance, v.complexity
        out.append(r)
    return out


class Refiner(QObject):
    """One refinement at a time; a new run or `cancel()` drops the one in progress."""

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

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self, doc: Document, corrections: Pairs = ()) -> asyncio.Task:
        """Refine `doc` in a worker thread; results arrive as sig_refined, then sig_done."""
        self.cancel()
        self.task = self.tasks.spawn(self._run(self._generation, doc, list(corrections)),
                                     "refine")
        return self.task

    def cancel(self) -> None:
        self._generation += 1
        if self.task is not None:
            self.task.cancel()

    async def _run(self, generation: int, doc: Document, corrections: list) -> None:
        results = await _in_thread(self.refine_fn, doc, corrections)
        if results is None or generation != self._generation:
            return
        deadline = time.perf_counter() + SLICE_S
        for r in results:
            if time.perf_counter() > deadline:
                await asyncio.sleep(0)
                if generation != self._generation:
                    return
                deadline = time.perf_counter() + SLICE_S
            self.sig_refined.emit(r)
        self.sig_done.emit(len(results))


async def _in_thread(fn: RefineFn, doc: Document, corrections: list) -> list | None:
    """Run `fn` in a daemon thread (never blocks the loop nor the application's exit)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()

    def settle(value=None, error: BaseException | None = None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)

    def work() -> None:
        value, error = None, None
        try:
            value = fn(doc, corrections)
        except Exception as exc:  # a failed refinement keeps the first verdicts
            log.exception("refinement failed")
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile (app exit)
            loop.call_soon_threadsafe(settle, value, error)

    threading.Thread(target=work, name="refine", daemon=True).start()
    try:
        return await future
    except asyncio.CancelledError:
        raise
    except Exception:
        return None

"""Idle warm-up of the Local analyzer (no Qt in core; this is the timer).

The learned Local model needs a pass over the whole draft before its first verdict (see
core.local.classifier.DocScorer). After a draft loads (or its topic changes) the pass runs in
short idle slices on the scorer `DocScorer.of` keeps for that draft, so Analyze finds it done;
then every paragraph's full text work (cached by text) is warmed, visible ones first, so later
blocks score sooner. Edited paragraphs are warmed too.
"""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QObject, QTimer

from core.local.classifier import DocScorer
from core.local.encode import warm
from core.models import Document

SLICE_S = 0.004  # at most this long per event-loop turn


class LocalWarmer(QObject):
    """Passes over the loaded draft, then warms queued paragraph texts, a few ms per turn."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: deque[str] = deque()
        self._scorer: DocScorer | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def add(self, texts: list[str]) -> None:
        """Queue `texts` (the first ones are warmed first)."""
        self._queue.extend(texts)
        self._wake()

    def prepare(self, doc: Document, order: list[int]) -> None:
        """A new draft or topic: forget what is queued, pass over `doc`, then warm its
        paragraphs in `order`."""
        self._scorer = DocScorer.of(doc)
        self._queue.clear()
        self.add([doc.chunks[i].text for i in order])

    @property
    def pending(self) -> int:
        """Paragraphs still to warm (the pass over the draft counts as one)."""
        return len(self._queue) + (self._scorer is not None)

    def _wake(self) -> None:
        if self.pending and not self._timer.isActive():
            self._timer.start()

    def _step(self) -> None:
        deadline = time.perf_counter() + SLICE_S
        if self._scorer is not None:
            if not self._scorer.advance(deadline):
                return
            self._scorer = None
        queue = self._queue
        while queue and time.perf_counter() < deadline:
            warm(queue.popleft())
        if not queue:
            self._timer.stop()

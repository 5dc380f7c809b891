"""Idle warm-up of the Local analyzer's per-paragraph work (no Qt in core; this is the timer).

The learned Local model needs every paragraph's text features before its first verdict (see
core.local.classifier.DocScorer). They are cached by text, so computing them in short idle
slices after a draft loads or a paragraph changes makes Analyze answer far sooner.
"""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QObject, QTimer

from core.local.encode import warm

SLICE_S = 0.004  # at most this long per event-loop turn


class LocalWarmer(QObject):
    """Warms queued paragraph texts a few milliseconds per event-loop turn."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: deque[str] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def add(self, texts: list[str]) -> None:
        """Queue `texts` (the first ones are warmed first)."""
        self._queue.extend(texts)
        if self._queue and not self._timer.isActive():
            self._timer.start()

    def replace(self, texts: list[str]) -> None:
        """Forget what is queued (a new draft) and queue `texts`."""
        self._queue.clear()
        self.add(texts)

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _step(self) -> None:
        deadline = time.perf_counter() + SLICE_S
        queue = self._queue
        while queue and time.perf_counter() < deadline:
            warm(queue.popleft())
        if not queue:
            self._timer.stop()

"""Re-highlight many blocks a few milliseconds at a time, visible blocks first.

A full `rehighlight()` of a large draft calls the Python `highlightBlock` for every block in
one go (100+ ms at 1,000 paragraphs): a visible stall. This spreads the work over event-loop
turns instead, so the window keeps painting and results keep landing.
"""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QSyntaxHighlighter
from PySide6.QtWidgets import QPlainTextEdit

SLICE_S = 0.004


class SlicedRehighlight(QObject):
    """Queue of block numbers to re-highlight, drained in short slices by a 0 ms timer."""

    def __init__(self, editor: QPlainTextEdit, highlighter: QSyntaxHighlighter) -> None:
        super().__init__(editor)
        self.editor = editor
        self.highlighter = highlighter
        self.queue: deque[int] = deque()
        self._queued: set[int] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.step)

    def add(self, blocks: list[int]) -> None:
        """Queue `blocks`; those from the first visible block on go first."""
        first = self.editor.firstVisibleBlock().blockNumber()
        fresh = sorted(set(blocks) - self._queued, key=lambda b: (b < first, b))
        self.queue.extend(fresh)
        self._queued.update(fresh)
        if self.queue:
            self.timer.start()

    def add_all(self) -> None:
        self.add(list(range(self.editor.document().blockCount())))

    @property
    def busy(self) -> bool:
        return bool(self.queue)

    def step(self) -> None:
        """Re-highlight queued blocks for up to SLICE_S seconds (at least one block)."""
        deadline = time.perf_counter() + SLICE_S
        doc = self.editor.document()
        while self.queue:
            number = self.queue.popleft()
            self._queued.discard(number)
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.highlighter.rehighlightBlock(block)
            if time.perf_counter() >= deadline:
                break
        if not self.queue:
            self.timer.stop()

    def flush(self) -> None:
        """Finish all queued work now (tests, screenshots)."""
        while self.queue:
            self.step()

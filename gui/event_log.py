"""Event log (Realtime console style): protocol events, newest last, expandable JSON."""

from __future__ import annotations

import json
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from core.models import WireEvent
from core.redact import redact, redact_obj

MAX_ROWS = 2000
TRIM_ROWS = 200  # rows beyond MAX_ROWS are removed in batches of at least this many
FLUSH_BUDGET_S = 0.006  # appending events per timer tick stops after this long
ARROWS = {"send": "→", "recv": "←", "info": "·"}


def _is_delta(event_type: str) -> bool:
    return event_type.endswith(".delta")


class EventLog(QWidget):
    """Buffers events and appends them in batches from a timer; deltas are collapsed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["time", "backend", "dir", "event"])
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 110)
        self.tree.setColumnWidth(1, 70)
        self.tree.setColumnWidth(2, 30)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self._buffer: list[WireEvent] = []
        self._last_delta: tuple[QTreeWidgetItem, str, str, int] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.flush)
        self.timer.start()

    def add(self, event: WireEvent) -> None:
        """Queue an event; it shows on the next flush."""
        self._buffer.append(event)

    def flush(self) -> None:
        """Append buffered events for at most FLUSH_BUDGET_S (the rest wait for the next tick).

        A busy Realtime run queues hundreds of events per tick; appending them all at once
        stalled the window. Events that would scroll out of the log at once are skipped.
        """
        if not self._buffer:
            return
        if len(self._buffer) > MAX_ROWS:
            self._buffer = self._buffer[-MAX_ROWS:]
        deadline = time.perf_counter() + FLUSH_BUDGET_S
        done = 0
        for event in self._buffer:
            self._append(event)
            done += 1
            if time.perf_counter() > deadline:
                break
        del self._buffer[:done]
        overflow = self.tree.topLevelItemCount() - MAX_ROWS
        if overflow >= TRIM_ROWS:  # one range removal now and then, not one row per event
            if self._last_delta is not None and \
                    self.tree.indexOfTopLevelItem(self._last_delta[0]) < overflow:
                self._last_delta = None
            self.tree.model().removeRows(0, overflow)
        if self.isVisible():
            self.tree.scrollToBottom()

    def showEvent(self, ev) -> None:  # noqa: N802 - Qt override
        super().showEvent(ev)
        self.tree.scrollToBottom()

    def _append(self, event: WireEvent) -> None:
        etype = redact(str(event.type))
        payload = redact_obj(event.payload)
        last = self._last_delta
        if _is_delta(etype) and last and last[1] == event.backend and last[2] == etype:
            item, _, _, n = last
            item.setText(3, f"{etype} ×{n + 1}")
            self._last_delta = (item, event.backend, etype, n + 1)
            return
        millis = int(event.t * 1000) % 1000
        stamp = time.strftime("%H:%M:%S", time.localtime(event.t)) + f".{millis:03d}"
        item = QTreeWidgetItem([stamp, event.backend, ARROWS.get(event.direction, "?"), etype])
        child = QTreeWidgetItem([json.dumps(payload, ensure_ascii=False, indent=2, default=str)])
        child.setFirstColumnSpanned(True)
        item.addChild(child)
        self.tree.addTopLevelItem(item)
        child.setFirstColumnSpanned(True)
        self._last_delta = (item, event.backend, etype, 1) if _is_delta(etype) else None

    def clear(self) -> None:
        self.tree.clear()
        self._last_delta = None

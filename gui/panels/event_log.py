"""Event log (Realtime console style): protocol events, newest last, expandable JSON."""

from __future__ import annotations

import json
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from core.models import WireEvent
from core.redact import redact, redact_obj

MAX_ROWS = 2000
MAX_VALUE_CHARS = 300  # longer strings are cut in the row; the tooltip has the whole JSON
TRIM_ROWS = 200  # rows beyond MAX_ROWS are removed in batches of at least this many
FLUSH_BUDGET_S = 0.006  # appending events per timer tick stops after this long
ARROWS = {"send": "→", "recv": "←", "info": "·"}
PAYLOAD = Qt.ItemDataRole.UserRole + 1


def _is_delta(event_type: str) -> bool:
    return event_type.endswith(".delta")


def _scalar(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def _summary(value: object) -> str:
    """One line for a value: scalars as JSON, containers as a short count."""
    if isinstance(value, dict):
        n = len(value)
        return "{" + f"{n} key{'s' if n != 1 else ''}" + "}" if value else "{}"
    if isinstance(value, list | tuple):
        n = len(value)
        return f"[{n} item{'s' if n != 1 else ''}]" if value else "[]"
    return _scalar(value)


def fill_json(parent: QTreeWidgetItem, value: object) -> None:
    """Add one child row per key/item of `value`; containers get their own expandable rows."""
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list | tuple) else ()
    for key, sub in items:
        row = QTreeWidgetItem([f"{key}: {_summary(sub)}"])
        parent.addChild(row)
        row.setFirstColumnSpanned(True)
        if isinstance(sub, dict | list | tuple) and sub:
            fill_json(row, sub)


class EventLog(QWidget):
    """Buffers events and appends them in batches from a timer; deltas are collapsed.

    An event row expands into its payload as a JSON tree (one row per key, nested objects
    expandable); the rows are built when the event is first expanded.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("time"), self.tr("backend"), self.tr("dir"),
                                   self.tr("event")])
        self.tree.setColumnWidth(0, 110)
        self.tree.setColumnWidth(1, 70)
        self.tree.setColumnWidth(2, 30)
        self.tree.setToolTip(self.tr("Protocol events of the network backends (the API key "
                                     "never shows). Expand an event to read its JSON."))
        self.tree.itemExpanded.connect(self._expand)
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
        item.setData(0, PAYLOAD, payload)
        pretty = json.dumps(payload, ensure_ascii=False, indent=2, default=str)
        item.setToolTip(3, pretty if len(pretty) < 4000 else pretty[:4000] + "\n…")
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        self.tree.addTopLevelItem(item)
        self._last_delta = (item, event.backend, etype, 1) if _is_delta(etype) else None

    def _expand(self, item: QTreeWidgetItem) -> None:
        if item.parent() is None and item.childCount() == 0:
            payload = item.data(0, PAYLOAD)
            if isinstance(payload, dict | list) and payload:
                fill_json(item, payload)
            else:
                child = QTreeWidgetItem([_summary(payload)])
                item.addChild(child)
                child.setFirstColumnSpanned(True)
            item.setChildIndicatorPolicy(
                QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)

    def payload_text(self, row: int) -> str:
        """The pretty JSON of the event in top-level `row` (what its tooltip shows)."""
        item = self.tree.topLevelItem(row)
        return json.dumps(item.data(0, PAYLOAD), ensure_ascii=False, indent=2, default=str)

    def clear(self) -> None:
        self.tree.clear()
        self._last_delta = None

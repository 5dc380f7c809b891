"""The runner's wire events land in the event log in bounded batches; the newest stay."""

from __future__ import annotations

import time

from core.models import WireEvent
from gui.panels import event_log
from gui.panels.event_log import MAX_ROWS, TRIM_ROWS, EventLog


def test_a_flood_of_events_is_appended_in_bounded_batches_and_trimmed(qtbot, monkeypatch):
    log = EventLog()
    qtbot.addWidget(log)
    log.timer.stop()
    monkeypatch.setattr(event_log, "FLUSH_BUDGET_S", 0.0)  # one event per flush at least
    for i in range(MAX_ROWS + TRIM_ROWS + 50):
        log.add(WireEvent(time.time(), "realtime", "recv", f"response.created.{i}", {"n": i}))
    log.flush()
    assert log.tree.topLevelItemCount() == 1  # the rest waits: no stall
    assert len(log._buffer) == MAX_ROWS - 1  # older ones would scroll out at once
    monkeypatch.setattr(event_log, "FLUSH_BUDGET_S", 10.0)
    log.flush()
    rows = log.tree.topLevelItemCount()
    assert rows == MAX_ROWS
    last = MAX_ROWS + TRIM_ROWS + 49
    assert log.tree.topLevelItem(rows - 1).text(3) == f"response.created.{last}"
    for i in range(TRIM_ROWS):
        log.add(WireEvent(time.time(), "rest", "info", f"more.{i}", {}))
    log.flush()
    assert log.tree.topLevelItemCount() == MAX_ROWS  # trimmed in one range removal
    assert log.tree.topLevelItem(MAX_ROWS - 1).text(3) == f"more.{TRIM_ROWS - 1}"

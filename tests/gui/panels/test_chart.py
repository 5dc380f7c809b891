"""The latency chart redraws from its timer, only when something changed."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QTimer

from core.models import RequestRecord
from gui.panels.chart import LatencyChart, Ring


def record(i: int, backend: str = "rest", ok: bool = True) -> RequestRecord:
    return RequestRecord(backend, f"r{i}", (), start=100.0 + i, end=100.0 + i + 0.05 * (i % 7 + 1),
                         first_token=100.0 + i + 0.01, ok=ok)


def test_ring_buffer_keeps_the_latest_rows_in_order():
    ring = Ring(capacity=4)
    for i in range(6):
        ring.append(float(i), 10.0 * i, None, True)
    rows = ring.rows()
    assert rows[:, 0].tolist() == [2.0, 3.0, 4.0, 5.0]
    assert np.isnan(rows[:, 2]).all()


def test_adding_points_does_not_redraw_until_the_timer_ticks(qtbot):
    chart = LatencyChart()
    qtbot.addWidget(chart)
    chart.timer.stop()  # drive the timer by hand: no timing in this test
    for i in range(50):
        chart.add(record(i))
    chart.add(record(99, ok=False))
    chart.add(record(100, backend="realtime"))
    assert chart.redraws == 0 and chart.dirty
    assert chart.series["rest"].total.getData()[0] is None or len(
        chart.series["rest"].total.getData()[0]) == 0
    chart.timer.timeout.emit()
    assert chart.redraws == 1 and not chart.dirty
    xs, ys = chart.series["rest"].total.getData()
    assert len(xs) == 50
    assert len(chart.series["rest"].fail.getData()[0]) == 1
    assert len(chart.series["rest"].ttft.getData()[0]) == 50
    assert "p95" in chart.stats.text() and "1 failed" in chart.stats.text()
    assert set(chart.series) == {"rest", "realtime"}
    chart.timer.timeout.emit()
    chart.timer.timeout.emit()
    assert chart.redraws == 1  # nothing changed: no redraw


def test_timer_is_a_real_periodic_qtimer(qtbot):
    chart = LatencyChart()
    qtbot.addWidget(chart)
    assert isinstance(chart.timer, QTimer) and chart.timer.isActive()
    assert 50 <= chart.timer.interval() <= 100  # 10-20 Hz
    chart.add(record(1))
    qtbot.waitUntil(lambda: chart.redraws == 1)
    assert not chart.dirty


def test_a_refused_request_answered_on_retry_is_not_counted_as_failed(qtbot):
    chart = LatencyChart()
    qtbot.addWidget(chart)
    chart.timer.stop()
    chart.add(RequestRecord("rest", "a", ("c1", "c2"), start=1.0, end=1.2, ok=False))
    chart.add(RequestRecord("rest", "b", ("c3",), start=1.0, end=1.3, ok=False))
    chart.add(RequestRecord("rest", "a2", ("c1", "c2"), start=1.5, end=1.9, ok=True))
    chart.redraw()
    series = chart.series["rest"]
    assert len(series.fail.getData()[0]) == 1        # c3 was never answered
    assert len(series.retried.getData()[0]) == 1     # c1, c2: refused, then answered
    text = chart.stats.text()
    assert "1 failed" in text and "1 refused, answered on retry" in text

"""Live latency chart: one series per backend, redrawn from a timer, never per event."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.models import RequestRecord
from gui.common.i18n import fill, method_label
from gui.common.locale_axis import LocaleAxis, locale_number

BACKEND_COLORS = {  # Okabe-Ito, distinct from each other under colour-vision deficiencies
    "local": "#0072B2", "rest": "#E69F00", "realtime": "#009E73", "hybrid": "#CC79A7",
}
FAIL_COLOR = "#D55E00"
REDRAW_HZ = 15


ROUTE_CODE = {"": 0.0, "fallback": 1.0, "hedge": 2.0}
FAILED, OK, RETRIED = 0.0, 1.0, 2.0  # outcome; RETRIED: refused, then re-asked and answered
translate = QCoreApplication.translate


class Ring:
    """Fixed-capacity ring buffer of (t, total_ms, ttft_ms, outcome, route) rows in numpy arrays."""

    def __init__(self, capacity: int = 1000) -> None:
        self.data = np.full((capacity, 5), np.nan)
        self.capacity = capacity
        self.count = 0
        self._next = 0

    def append(self, t: float, total: float, ttft: float | None, ok: bool,
               route: str = "") -> int:
        """Add a row; return its slot (valid until the ring wraps around to it)."""
        slot = self._next
        self.data[slot] = (t, total, np.nan if ttft is None else ttft, OK if ok else FAILED,
                           ROUTE_CODE.get(route, 0.0))
        self._next = (self._next + 1) % self.capacity
        self.count = min(self.count + 1, self.capacity)
        return slot

    def mark_retried(self, slot: int, t: float) -> None:
        """The failed row at `slot` (added at time `t`) was re-asked and answered."""
        if self.data[slot, 0] == t and self.data[slot, 3] == FAILED:
            self.data[slot, 3] = RETRIED

    def rows(self) -> np.ndarray:
        """Rows in arrival order (oldest first)."""
        if self.count < self.capacity:
            return self.data[: self.count]
        return np.roll(self.data, -self._next, axis=0)


class _Series:
    """Persistent plot items of one backend."""

    def __init__(self, plot: pg.PlotItem, name: str) -> None:
        color = BACKEND_COLORS.get(name, "#777777")
        self.ring = Ring()
        self.total = plot.plot([], [], pen=None, symbol="o", symbolSize=6, symbolPen=None,
                               symbolBrush=color, name=f"{name} total", antialias=False)
        self.ttft = plot.plot([], [], pen=None, symbol="t1", symbolSize=7,
                              symbolPen=pg.mkPen(color), symbolBrush=None,
                              name=f"{name} first token", antialias=False)
        self.fail = plot.plot([], [], pen=None, symbol="x", symbolSize=9,
                              symbolPen=pg.mkPen(FAIL_COLOR, width=2), symbolBrush=FAIL_COLOR,
                              name=f"{name} failed", antialias=False)
        self.retried = plot.plot([], [], pen=None, symbol="+", symbolSize=9,
                                 symbolPen=pg.mkPen(color, width=1.5), symbolBrush=color,
                                 name=f"{name} retried", antialias=False)
        self.rerouted = plot.plot([], [], pen=None, symbol="s", symbolSize=11,
                                  symbolPen=pg.mkPen(color, width=1.5), symbolBrush=None,
                                  name=f"{name} fallback/hedge", antialias=False)
        dash = pg.mkPen(color, style=Qt.PenStyle.DashLine)
        self.p95 = pg.InfiniteLine(angle=0, pen=dash)
        self.p95.setVisible(False)
        plot.addItem(self.p95, ignoreBounds=True)

    def redraw(self) -> str:
        rows = self.ring.rows()
        ok, failed, retried = (rows[:, 3] == code for code in (OK, FAILED, RETRIED))
        self.total.setData(rows[ok, 0], rows[ok, 1], skipFiniteCheck=True)
        has_ttft = ok & ~np.isnan(rows[:, 2])
        self.ttft.setData(rows[has_ttft, 0], rows[has_ttft, 2], skipFiniteCheck=True)
        self.fail.setData(rows[failed, 0], rows[failed, 1], skipFiniteCheck=True)
        self.retried.setData(rows[retried, 0], rows[retried, 1], skipFiniteCheck=True)
        rerouted = rows[:, 4] > 0
        self.rerouted.setData(rows[rerouted, 0], rows[rerouted, 1], skipFiniteCheck=True)
        if not ok.any():
            self.p95.setVisible(False)
            return fill(translate("LatencyChart", "%1 requests, none answered"), len(rows)) \
                + _counts(int(failed.sum()), int(retried.sum()))
        p50, p95 = np.percentile(rows[ok, 1], [50, 95])
        self.p95.setValue(p95)
        self.p95.setVisible(True)
        return fill(translate("LatencyChart", "%1 requests · p50 %2 ms · p95 %3 ms"), len(rows),
                    locale_number(p50), locale_number(p95)) \
            + _counts(int(failed.sum()), int(retried.sum()))


def _counts(failed: int, retried: int) -> str:
    """' · 2 failed · 1 refused, answered on retry' (only the parts that are not zero)."""
    out = ""
    if failed:
        out += f" · <span style='color:{FAIL_COLOR}'>" \
            + fill(translate("LatencyChart", "%1 failed"), failed) + "</span>"
    if retried:
        out += " · " + fill(translate("LatencyChart", "%1 refused, answered on retry"), retried)
    return out


KEY = QT_TRANSLATE_NOOP("LatencyChart", "● total · △ first token · × failed · + refused, then "
                        "answered on retry · □ Hybrid fallback or hedge · dashed line: p95")


class LatencyChart(QWidget):
    """Scatter of request latency against time since the first run started."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=False)
        self.plot_widget = pg.PlotWidget(
            background=None, axisItems={"left": LocaleAxis("left"), "bottom": LocaleAxis("bottom")})
        self.plot = self.plot_widget.getPlotItem()
        for side in ("left", "bottom"):  # else 1,000 ms reads "1 kms"; and prefixes are English
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.setLabel("left", self.tr("latency"), units=self.tr("ms"))
        self.plot.setLabel("bottom", self.tr("time since start"), units=self.tr("s"))
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        # The symbol key lives in the stats line: an in-plot legend hides the newest points.
        self.plot.setMouseEnabled(x=True, y=False)
        self._adopt_menus()
        self.stats = QLabel(self.tr("No requests yet.") + " " + self.tr(KEY))
        self.stats.setWordWrap(True)
        self.stats.setStyleSheet("font-size: 11px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stats)
        layout.addWidget(self.plot_widget, 1)
        self.series: dict[str, _Series] = {}
        self.t0: float | None = None
        self._refused: dict[str, list[tuple[_Series, int, float]]] = {}  # chunk id -> rows
        self.dirty = False
        self.redraws = 0
        self._ranges: tuple[float, float] | None = None  # the axes' current x and y maxima
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // REDRAW_HZ)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _adopt_menus(self) -> None:
        """pyqtgraph's context menus have no Qt parent; tie them to this widget's lifetime."""
        for menu in (self.plot.ctrlMenu, self.plot.getViewBox().menu):
            if menu is not None:
                menu.setParent(self, menu.windowFlags())

    def mark_start(self) -> None:
        """A run starts: times are measured from the first start of the session."""
        if self.t0 is None:
            self.t0 = time.perf_counter()

    def add(self, record: RequestRecord) -> None:
        """Append one request (cheap; the plot redraws on the next timer tick)."""
        if self.t0 is None:
            self.t0 = record.start
        series = self.series.get(record.backend)
        if series is None:
            series = self.series[record.backend] = _Series(self.plot, record.backend)
        t = record.end - self.t0
        slot = series.ring.append(t, record.latency_ms, record.ttft_ms, record.ok, record.route)
        for chunk_id in record.chunk_ids:
            if not record.ok:
                self._refused.setdefault(chunk_id, []).append((series, slot, t))
            else:
                for old_series, old_slot, old_t in self._refused.pop(chunk_id, ()):
                    old_series.ring.mark_retried(old_slot, old_t)
        self.dirty = True

    def clear(self) -> None:
        for s in self.series.values():
            s.ring = Ring()
        self._refused.clear()
        self.t0 = None
        self._ranges = None
        self.dirty = True

    def _tick(self) -> None:
        if self.dirty:
            self.redraw()

    def redraw(self) -> None:
        """Push ring buffers into the persistent plot items and refresh p50/p95."""
        self.dirty = False
        self.redraws += 1
        lines = []
        top, right = 0.0, 0.0
        for name, series in self.series.items():
            rows = series.ring.rows()
            if len(rows):
                top = max(top, float(np.nanmax(rows[:, 1])))
                right = max(right, float(np.nanmax(rows[:, 0])))
            color = BACKEND_COLORS.get(name, "#777777")
            lines.append(f"<b style='color:{color}'>{method_label(name)}</b>: {series.redraw()}")
        if lines:
            self.stats.setText(" \u00a0 ".join(lines) + f"<br><small>{self.tr(KEY)}</small>")
            # Grow the axes in steps, not on every redraw: a new range re-lays out the axis
            # ticks and labels, 20-40 ms of painting on the GUI thread at 15 Hz.
            want = (right * 1.05 + 0.5, top * 1.15 + 1)
            if self._ranges is None or want[0] > self._ranges[0] or want[1] > self._ranges[1] \
                    or want[1] < self._ranges[1] / 4:
                self._ranges = (want[0] * 1.5, want[1] * 1.5)
                self.plot.setXRange(0, self._ranges[0], padding=0)
                self.plot.setYRange(0, self._ranges[1], padding=0)

    def save_png(self, path: str) -> bool:
        """Save the chart (with its stats line) as a PNG."""
        self.redraw()
        return self.grab().save(path, "PNG")

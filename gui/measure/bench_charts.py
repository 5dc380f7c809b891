"""PNG charts of `draftlens bench` results, drawn with QPainter offscreen (no display needed).

latency.png: per method (and size) the distribution of per-paragraph latency (box: p25-p75,
whiskers: p5-p95, tick: median). time_per_size.png: total time against draft size, one line per
method (and fault setting).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

from gui.panels.chart import BACKEND_COLORS

EXTRA_COLORS = {"legacy-rest": "#999999", "legacy-realtime": "#56B4E9", "hybrid": "#CC79A7"}
W, H, MARGIN = 960, 540, 70
TOP = 64     # the plot's top edge: below the title and the axis label, so no tick collides
DODGE = 9.0  # px between series drawn at the same x


def _color(method: str) -> QColor:
    return QColor(EXTRA_COLORS.get(method) or BACKEND_COLORS.get(method, "#555555"))


def _app() -> QGuiApplication:
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["draftlens-bench"])
    return app  # type: ignore[return-value]


def _quantile(values: list[float], q: float) -> float:
    data = sorted(values)
    pos = (len(data) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def _canvas(title: str) -> tuple[QImage, QPainter]:
    image = QImage(W, H, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPointSize(11)
    p.setFont(font)
    p.drawText(QRectF(0, 8, W, 24), Qt.AlignmentFlag.AlignHCenter, title)
    font.setPointSize(8)
    p.setFont(font)
    return image, p


def nice_ticks(highest: float, most: int = 6) -> list[float]:
    """Round tick values from 0 up to at least `highest`: steps of 1, 2 or 5 × 10^k."""
    highest = max(highest, 1e-9)
    raw = highest / max(1, most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    count = math.ceil(highest / step - 1e-9)
    return [round(k * step, 10) for k in range(count + 1)]


def _tick_text(value: float, step: float) -> str:
    decimals = 0 if step >= 1 else min(6, math.ceil(-math.log10(step)))
    return f"{value:,.{decimals}f}"


def _y_axis(p: QPainter, ticks: list[float], label: str) -> None:
    """Axes, grid lines at `ticks` (the last is the top) and the axis label above the plot."""
    top, step = ticks[-1], ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    p.setPen(QPen(QColor("#444444")))
    p.drawLine(MARGIN, H - MARGIN, W - 20, H - MARGIN)
    p.drawLine(MARGIN, TOP, MARGIN, H - MARGIN)
    for value in ticks:
        y = _y(value, top)
        p.setPen(QPen(QColor("#dddddd")))
        p.drawLine(MARGIN, int(y), W - 20, int(y))
        p.setPen(QPen(QColor("#444444")))
        p.drawText(QRectF(0, y - 8, MARGIN - 6, 16), Qt.AlignmentFlag.AlignRight,
                   _tick_text(value, step))
    p.drawText(QRectF(6, 34, 300, 16), Qt.AlignmentFlag.AlignLeft, label)


def _y(value: float, top: float) -> float:
    return H - MARGIN - (H - MARGIN - TOP) * value / max(top, 1e-9)


def dodge(k: int, count: int) -> float:
    """The x offset of series `k` of `count` drawn at the same x, so points never stack."""
    return (k - (count - 1) / 2) * DODGE


def latency_chart(runs: list[dict], path: Path) -> None:
    groups = [r for r in runs if r.get("latencies_ms")]
    image, p = _canvas("Per-paragraph latency by method (box p25–p75, whiskers p5–p95)")
    ticks = nice_ticks(max((_quantile(r["latencies_ms"], 0.95) for r in groups), default=1.0))
    top = ticks[-1]
    _y_axis(p, ticks, "latency, ms")
    step = (W - MARGIN - 40) / max(1, len(groups))
    for i, r in enumerate(groups):
        lat = r["latencies_ms"]
        x = MARGIN + step * (i + 0.5)
        half = min(18.0, step / 3)
        color = _color(r["method"])
        p.setPen(QPen(color, 2))
        p.drawLine(QPointF(x, _y(_quantile(lat, 0.05), top)),
                   QPointF(x, _y(_quantile(lat, 0.95), top)))
        box = QRectF(x - half, _y(_quantile(lat, 0.75), top), 2 * half,
                     _y(_quantile(lat, 0.25), top) - _y(_quantile(lat, 0.75), top))
        p.fillRect(box, color.lighter(150))
        p.drawRect(box)
        median = _y(_quantile(lat, 0.5), top)
        p.drawLine(QPointF(x - half, median), QPointF(x + half, median))
        p.setPen(QPen(QColor("#222222")))
        fault = "" if r["faults"] == "none" else f"\n{r['faults']}"
        label = f"{r['method']}\n{r['size']}{fault}"
        p.drawText(QRectF(x - step / 2, H - MARGIN + 4, step, 48),
                   Qt.AlignmentFlag.AlignHCenter, label)
    p.end()
    image.save(str(path), "PNG")


def time_chart(runs: list[dict], path: Path) -> None:
    series: dict[str, list[tuple[int, float]]] = {}
    for r in runs:
        key = r["method"] + ("" if r["faults"] == "none" else f" ({r['faults']})")
        series.setdefault(key, []).append((r["size"], r["total_time"]))
    sizes = sorted({r["size"] for r in runs})
    image, p = _canvas("Total time by draft size")
    ticks = nice_ticks(max((r["total_time"] for r in runs), default=1.0))
    top = ticks[-1]
    _y_axis(p, ticks, "seconds")
    step = (W - MARGIN - 40) / max(1, len(sizes))
    xs = {s: MARGIN + step * (i + 0.5) for i, s in enumerate(sizes)}
    for s, x in xs.items():
        p.drawText(QRectF(x - 80, H - MARGIN + 4, 160, 16), Qt.AlignmentFlag.AlignHCenter,
                   f"{s} paragraphs")
    for k, (key, points) in enumerate(series.items()):
        color = _color(key.split(" ")[0])
        p.setPen(QPen(color, 2, Qt.PenStyle.SolidLine if "(" not in key else Qt.PenStyle.DashLine))
        shift = dodge(k, len(series))
        pts = [QPointF(xs[s] + shift, _y(t, top)) for s, t in sorted(points)]
        for a, b in zip(pts, pts[1:], strict=False):
            p.drawLine(a, b)
        for pt in pts:
            p.drawEllipse(pt, 3, 3)
        p.drawLine(QPointF(MARGIN + 12, 52 + 16 * k), QPointF(MARGIN + 36, 52 + 16 * k))
        p.drawText(QRectF(MARGIN + 42, 44 + 16 * k, 300, 16), Qt.AlignmentFlag.AlignLeft, key)
    p.end()
    image.save(str(path), "PNG")


def write_charts(out_dir: str | Path) -> list[Path]:
    """Read DIR/results.json, write DIR/latency.png and DIR/time_per_size.png."""
    out = Path(out_dir)
    runs = json.loads((out / "results.json").read_text(encoding="utf-8"))["runs"]
    _app()
    paths = [out / "latency.png", out / "time_per_size.png"]
    latency_chart(runs, paths[0])
    time_chart(runs, paths[1])
    return paths

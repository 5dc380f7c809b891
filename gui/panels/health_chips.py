"""Status-bar chips, one per network backend: circuit breaker closed / half-open / open (with
the seconds to the next probe), from core's long-lived health trackers (Hybrid fills them)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from core.backends import health
from core.backends.breaker import BreakerState
from core.backends.health import BackendHealth
from core.redact import redact
from gui.common.i18n import fill

LABELS = {"realtime": "Realtime", "rest": "REST"}
STATES = {BreakerState.CLOSED: QT_TRANSLATE_NOOP("HealthChips", "closed"),
          BreakerState.HALF_OPEN: QT_TRANSLATE_NOOP("HealthChips", "half-open"),
          BreakerState.OPEN: QT_TRANSLATE_NOOP("HealthChips", "open")}
COLORS = {BreakerState.CLOSED: "#009E73", BreakerState.HALF_OPEN: "#E69F00",
          BreakerState.OPEN: "#D55E00"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("HealthChips", text)


def _state(h: BackendHealth) -> str:
    return _tr(STATES.get(h.breaker, h.breaker.value))


def chip_text(h: BackendHealth) -> str:
    """e.g. 'Realtime: open · 12 s' or 'REST: closed'."""
    text = f"{LABELS.get(h.backend, h.backend)}: {_state(h)}"
    if h.breaker is BreakerState.OPEN and h.seconds_to_probe is not None:
        text += f" · {h.seconds_to_probe:.0f} s"
    return text


TIP_BREAKER = QT_TRANSLATE_NOOP("HealthChips", "%1 circuit breaker: %2")
TIP_REQUESTS = QT_TRANSLATE_NOOP("HealthChips", "Requests %1, succeeded %2; failures: %3")
TIP_LATENCY = QT_TRANSLATE_NOOP("HealthChips", "Latency %1; first token %2")
TIP_ROUTES = QT_TRANSLATE_NOOP("HealthChips", "Fallbacks taken %1, hedges %2; tokens in %3, out %4")
TIP_NONE = QT_TRANSLATE_NOOP("HealthChips", "none")
TIP_LAST = QT_TRANSLATE_NOOP("HealthChips", "Last failure: %1")


def chip_tooltip(h: BackendHealth) -> str:
    fails = ", ".join(f"{k} {v}" for k, v in sorted(h.failures.items()))
    lat = "—" if h.p50_latency_ms is None else (
        f"p50 {h.p50_latency_ms:.0f} ms, p95 {h.p95_latency_ms:.0f} ms")
    ttft = "—" if h.p50_ttft_ms is None else (
        f"p50 {h.p50_ttft_ms:.0f} ms, p95 {h.p95_ttft_ms:.0f} ms")
    lines = [
        fill(_tr(TIP_BREAKER), LABELS.get(h.backend, h.backend), _state(h)),
        fill(_tr(TIP_REQUESTS), h.requests, h.successes, fails or _tr(TIP_NONE)),
        fill(_tr(TIP_LATENCY), lat, ttft),
        fill(_tr(TIP_ROUTES), h.fallbacks, h.hedges, h.input_tokens, h.output_tokens)]
    if h.last_failure:
        lines.append(fill(_tr(TIP_LAST), redact(h.last_failure)))
    return "\n".join(lines)


class HealthChips(QWidget):
    """Refreshes once a second; hidden until Hybrid has run against a server."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chips = {b: QLabel() for b in LABELS}
        for chip in self.chips.values():
            layout.addWidget(chip)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        states = health.current(tuple(self.chips))
        self.setVisible(bool(states))
        for backend, h in states.items():
            chip = self.chips[backend]
            chip.setText(chip_text(h))
            chip.setToolTip(chip_tooltip(h))
            chip.setStyleSheet(f"color: {COLORS[h.breaker]}; padding: 0 4px;")

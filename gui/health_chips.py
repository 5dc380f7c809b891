"""Status-bar chips, one per network backend: circuit breaker closed / half-open / open (with
the seconds to the next probe), from core's long-lived health trackers (Hybrid fills them)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from core.backends import health
from core.backends.breaker import BreakerState
from core.backends.health import BackendHealth
from core.redact import redact

LABELS = {"realtime": "Realtime", "rest": "REST"}
COLORS = {BreakerState.CLOSED: "#009E73", BreakerState.HALF_OPEN: "#E69F00",
          BreakerState.OPEN: "#D55E00"}


def chip_text(h: BackendHealth) -> str:
    """e.g. 'Realtime: open · 12 s' or 'REST: closed'."""
    text = f"{LABELS.get(h.backend, h.backend)}: {h.breaker.value}"
    if h.breaker is BreakerState.OPEN and h.seconds_to_probe is not None:
        text += f" · {h.seconds_to_probe:.0f} s"
    return text


def chip_tooltip(h: BackendHealth) -> str:
    fails = ", ".join(f"{k} {v}" for k, v in sorted(h.failures.items())) or "none"
    lat = "—" if h.p50_latency_ms is None else (
        f"p50 {h.p50_latency_ms:.0f} ms, p95 {h.p95_latency_ms:.0f} ms")
    ttft = "—" if h.p50_ttft_ms is None else (
        f"p50 {h.p50_ttft_ms:.0f} ms, p95 {h.p95_ttft_ms:.0f} ms")
    lines = [f"{LABELS.get(h.backend, h.backend)} circuit breaker: {h.breaker.value}",
             f"Requests {h.requests}, succeeded {h.successes}; failures: {fails}",
             f"Latency {lat}; first token {ttft}",
             f"Fallbacks taken {h.fallbacks}, hedges {h.hedges}; "
             f"tokens in {h.input_tokens}, out {h.output_tokens}"]
    if h.last_failure:
        lines.append(f"Last failure: {redact(h.last_failure)}")
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

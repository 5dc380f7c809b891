"""Status-bar chips, one per network backend, in the writer's words: ok, retrying in 12 s,
server not answering — retrying (12 s of 45), rate limited — resuming in 3 s, down. The
circuit breaker's terms (closed / half-open / open) are kept for the tooltip. Fed by core's
long-lived health trackers, breakers and patience of the server used last."""

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
WORD_OK = QT_TRANSLATE_NOOP("HealthChips", "ok")
WORD_DOWN = QT_TRANSLATE_NOOP("HealthChips", "down")
WORD_RETRY_IN = QT_TRANSLATE_NOOP("HealthChips", "retrying in %1 s")
WORD_SILENT = QT_TRANSLATE_NOOP("HealthChips", "server not answering — retrying (%1 s of %2)")
WORD_LIMITED = QT_TRANSLATE_NOOP("HealthChips", "rate limited, resuming in %1 s")
GREEN, AMBER, RED = "#009E73", "#E69F00", "#D55E00"


def _tr(text: str) -> str:
    return QCoreApplication.translate("HealthChips", text)


def _state(h: BackendHealth) -> str:
    return _tr(STATES.get(h.breaker, h.breaker.value))


def writer_words(h: BackendHealth) -> tuple[str, str]:
    """What the backend is doing, in plain words, and its colour."""
    p = h.patience
    if p.state == "rate_limited":
        return fill(_tr(WORD_LIMITED), f"{p.resume_in_s:.0f}"), AMBER
    if p.state == "down":
        return _tr(WORD_DOWN), RED
    if h.breaker is BreakerState.OPEN and h.seconds_to_probe is not None:
        return fill(_tr(WORD_RETRY_IN), f"{h.seconds_to_probe:.0f}"), AMBER
    if p.state == "retrying":
        return fill(_tr(WORD_SILENT), f"{p.silent_s:.0f}", f"{p.window_s:g}"), AMBER
    return _tr(WORD_OK), GREEN


def chip_text(h: BackendHealth) -> str:
    """e.g. 'Realtime: retrying in 12 s' or 'REST: ok'."""
    return f"{LABELS.get(h.backend, h.backend)}: {writer_words(h)[0]}"


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
    """Refreshes once a second; hidden until a network method has run against a server."""

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
            text, color = writer_words(h)
            chip.setText(f"{LABELS.get(backend, backend)}: {text}")
            chip.setToolTip(chip_tooltip(h))
            chip.setStyleSheet(f"color: {color}; padding: 0 4px;")

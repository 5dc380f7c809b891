"""The method switcher: a segmented control built from core's Method list and statuses."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from core.backends import method_status
from core.models import Method
from core.settings import Settings
from gui.common.i18n import method_label as label

HINTS = {
    Method.LOCAL: QT_TRANSLATE_NOOP("MethodSwitcher",
                                    "Offline classifier on this computer: instant, no key needed."),
    Method.REST: QT_TRANSLATE_NOOP("MethodSwitcher",
                                   "OpenAI-compatible Chat Completions, streamed."),
    Method.REALTIME: QT_TRANSLATE_NOOP("MethodSwitcher", "OpenAI Realtime API over a WebSocket."),
    Method.HYBRID: QT_TRANSLATE_NOOP(
        "MethodSwitcher", "Realtime first; what it cannot answer goes to REST (also mid-answer). "
                          "The status bar shows each backend's circuit breaker."),
}

StatusFn = Callable[[str, Settings], str | None]


class MethodSwitcher(QWidget):
    """Exclusive buttons, one per method; unavailable ones are disabled with the reason."""

    sig_method_changed = Signal(str)
    """The user picked another method (its value, e.g. 'local')."""

    def __init__(self, status: StatusFn = method_status, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._status = status
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        self.reasons: dict[str, str | None] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        methods = list(Method)
        for k, method in enumerate(methods):
            button = QToolButton(self)
            button.setText(label(method))
            button.setCheckable(True)
            button.setAutoRaise(False)
            pos = "first" if k == 0 else "last" if k == len(methods) - 1 else "middle"
            button.setProperty("segment", pos)
            button.setObjectName(f"method_{method.value}")
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[method.value] = button
            button.clicked.connect(lambda _=False, m=method.value: self._clicked(m))
        self.setStyleSheet(_SEGMENT_QSS)

    def refresh(self, settings: Settings) -> None:
        """Ask core which methods can run now; update enabled state and tooltips."""
        for value, button in self.buttons.items():
            reason = self._status(value, settings)
            self.reasons[value] = reason
            method = Method(value)
            button.setEnabled(reason is None)
            tip = QCoreApplication.translate("MethodSwitcher", HINTS.get(method, ""))
            button.setToolTip(tip if reason is None else tip + "\n" + QCoreApplication.translate(
                "MethodSwitcher", "Unavailable: %1").replace("%1", reason))
        if not self.current_available():
            self.set_method(Method.LOCAL.value)

    def method(self) -> str:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return Method.LOCAL.value

    def set_method(self, value: str) -> None:
        """Select a method without emitting sig_method_changed."""
        if value in self.buttons:
            self.buttons[value].setChecked(True)

    def current_available(self) -> bool:
        return self.reasons.get(self.method()) is None

    def _clicked(self, value: str) -> None:
        self.sig_method_changed.emit(value)


_SEGMENT_QSS = """
QToolButton { padding: 4px 12px; border: 1px solid palette(mid); background: palette(button); }
QToolButton:checked { background: palette(highlight); color: palette(highlighted-text); }
QToolButton:disabled { color: palette(mid); background: palette(window); }
QToolButton[segment="first"] { border-top-left-radius: 5px; border-bottom-left-radius: 5px; }
QToolButton[segment="last"] { border-top-right-radius: 5px; border-bottom-right-radius: 5px; }
QToolButton[segment="middle"], QToolButton[segment="last"] { border-left: none; }
"""

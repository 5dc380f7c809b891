"""Coalesce bursts of calls into one call after a pause (latest arguments win)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    """Coalesce calls to `func`; the latest arguments win.

    restart=True (debounce): every call restarts the timer, so `func` runs once calls pause
    for `delay_ms`. restart=False (rate limit): `func` runs `delay_ms` after the first call of
    a burst, so a steady stream of calls still fires about every `delay_ms`.
    """

    def __init__(self, func: Callable[..., Any], delay_ms: int, parent: QObject | None = None,
                 restart: bool = True):
        super().__init__(parent)
        self._restart = restart
        self._func = func
        self._args: tuple = ()
        self._kwargs: dict = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._fire)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self._args, self._kwargs = args, kwargs
        if self._restart or not self._timer.isActive():
            self._timer.start()

    @property
    def pending(self) -> bool:
        """True while a call is waiting to fire."""
        return self._timer.isActive()

    def cancel(self) -> None:
        """Drop the waiting call, if any."""
        self._timer.stop()

    def flush(self) -> None:
        """Fire the waiting call now, if any."""
        if self._timer.isActive():
            self._timer.stop()
            self._fire()

    def _fire(self) -> None:
        args, kwargs = self._args, self._kwargs
        self._args, self._kwargs = (), {}
        self._func(*args, **kwargs)

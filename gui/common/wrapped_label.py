"""A word-wrapped label that layouts cannot squash: its minimum height follows its width.

Qt's layouts give a word-wrapped QLabel the height of its minimum size hint (a line or two)
when space is short, cutting lines off; this label asks for the height its text needs at its
current width.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class WrappedLabel(QLabel):
    """QLabel with word wrap on, whose minimum height is the height its text needs."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        self._fit()

    def resizeEvent(self, ev: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(ev)
        self._fit()

    def _fit(self) -> None:
        need = self.heightForWidth(max(self.width(), 1))
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)

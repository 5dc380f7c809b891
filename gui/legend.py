"""The legend and report panel: per role colour, name, meaning, count and share."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.roles import ROLES, Role
from gui.role_style import STYLES, role_color


class RoleRow(QFrame):
    """One clickable legend row."""

    def __init__(self, role: Role, on_click, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self._on_click = on_click
        self.setObjectName(f"legend_{role.id}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{role.en} ({role.ru}): {role.meaning}\nClick to show only these.")
        swatch = QLabel()
        swatch.setFixedSize(14, 14)
        style = STYLES[role.id]
        border = "2px dashed palette(text)" if style.underline.value else "1px solid palette(mid)"
        swatch.setStyleSheet(f"background:{role_color(role.id).name()}; border:{border};")
        self.name = QLabel(f"<b>{role.en}</b>")
        self.meaning = QLabel(role.meaning)
        self.meaning.setWordWrap(True)
        self.meaning.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        self.count = QLabel("—")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count.setMinimumWidth(70)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        grid.addWidget(swatch, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.count, 0, 2)
        grid.addWidget(self.meaning, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    def set_selected(self, on: bool) -> None:
        self.setStyleSheet(
            "RoleRow { background: palette(highlight); border-radius: 4px; }" if on else "")
        self.name.setStyleSheet("color: palette(highlighted-text);" if on else "")

    def mousePressEvent(self, ev: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if ev.button() == Qt.MouseButton.LeftButton:
            self._on_click(self.role.id)


class LegendPanel(QWidget):
    """Roles with counts; click one to filter the highlighting, jump between its paragraphs."""

    sig_filter_changed = Signal(object)
    """The role to show alone (str), or None to show all roles."""
    sig_jump = Signal(str, bool)
    """Jump to the next (True) or previous (False) paragraph of this role."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[str, RoleRow] = {}
        self.selected: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(1)
        for role in ROLES:
            row = RoleRow(role, self.toggle, self)
            self.rows[role.id] = row
            layout.addWidget(row)
        layout.addLayout(self._nav_bar())
        self.summary = QLabel()
        self.summary.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self._update_nav()

    def _nav_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.prev_btn = QToolButton(text="◀ Prev")
        self.next_btn = QToolButton(text="Next ▶")
        self.all_btn = QPushButton("Show all")
        self.prev_btn.setToolTip("Previous paragraph of the selected role (Alt+Up)")
        self.next_btn.setToolTip("Next paragraph of the selected role (Alt+Down)")
        self.prev_btn.clicked.connect(lambda: self.jump(False))
        self.next_btn.clicked.connect(lambda: self.jump(True))
        self.all_btn.clicked.connect(lambda: self.toggle(None))
        for w in (self.prev_btn, self.next_btn):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.all_btn)
        return bar

    def toggle(self, role_id: str | None) -> None:
        """Select a role (or clear the selection when it is clicked again / None)."""
        new = None if role_id == self.selected else role_id
        self.selected = new
        for rid, row in self.rows.items():
            row.set_selected(rid == new)
        self._update_nav()
        self.sig_filter_changed.emit(new)

    def jump(self, forward: bool) -> None:
        if self.selected is not None:
            self.sig_jump.emit(self.selected, forward)

    def _update_nav(self) -> None:
        on = self.selected is not None
        for w in (self.prev_btn, self.next_btn, self.all_btn):
            w.setEnabled(on)

    def set_counts(self, counts: dict[str, tuple[int, int]], total_chars: int) -> None:
        """counts: role -> (paragraphs, characters); share is by characters of the draft."""
        paragraphs = sum(n for n, _ in counts.values())
        for rid, row in self.rows.items():
            n, chars = counts.get(rid, (0, 0))
            share = 100.0 * chars / total_chars if total_chars else 0.0
            row.count.setText(f"{n} · {share:.0f}%" if n else "—")
        self.summary.setText(
            f"{paragraphs} paragraphs analysed" if paragraphs else "Nothing analysed yet.")

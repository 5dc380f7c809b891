"""The legend: per role the editor's own highlight, name, meaning, count and share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QTextCharFormat
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.roles import ROLES, Role
from gui.common.i18n import fill, paragraphs, role_label, role_meaning
from gui.common.role_style import FormatBook, cue_text

FormatFn = Callable[[], FormatBook]
_U = QTextCharFormat.UnderlineStyle
_PEN = {_U.SingleUnderline: Qt.PenStyle.SolidLine, _U.DotLine: Qt.PenStyle.DotLine,
        _U.DashUnderline: Qt.PenStyle.DashLine, _U.DashDotLine: Qt.PenStyle.DashDotLine,
        _U.WaveUnderline: Qt.PenStyle.SolidLine}


class Swatch(QWidget):
    """A sample "Aa" painted with exactly the format the editor gives a paragraph."""

    def __init__(self, fmt_fn: Callable[[], QTextCharFormat], parent: QWidget | None = None):
        super().__init__(parent)
        self.fmt_fn = fmt_fn
        self.setFixedSize(QSize(30, 20))

    def paintEvent(self, ev: QPaintEvent) -> None:  # noqa: N802 - Qt override
        fmt = self.fmt_fn()
        p = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.fillRect(rect, fmt.background())
        p.setPen(QPen(self.palette().mid().color(), 1))
        p.drawRect(rect)
        font = QFont(self.font())
        font.setWeight(QFont.Weight(fmt.fontWeight()) if fmt.fontWeight() else QFont.Weight.Normal)
        font.setItalic(fmt.fontItalic())
        p.setFont(font)
        fg = fmt.foreground().color() if fmt.hasProperty(fmt.Property.ForegroundBrush) \
            else self.palette().text().color()
        p.setPen(fg)
        p.drawText(self.rect().adjusted(0, 0, 0, -3), Qt.AlignmentFlag.AlignCenter, "Aa")
        style = fmt.underlineStyle()
        if style != _U.NoUnderline:
            pen = QPen(fmt.underlineColor(), 1.5, _PEN.get(style, Qt.PenStyle.SolidLine))
            p.setPen(pen)
            y = self.height() - 4.5
            p.drawLine(6, int(y), self.width() - 6, int(y))
        p.end()


class RoleRow(QFrame):
    """One clickable legend row."""

    def __init__(self, role: Role, formats: FormatFn, on_click,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self._on_click = on_click
        self.setObjectName(f"legend_{role.id}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        cue = cue_text(role.id)
        tip = f"{role_label(role.id)}: {role_meaning(role.id)}"
        if cue:
            tip += "\n" + self.tr("In the editor: coloured background and %1.").replace("%1", cue)
        self.setToolTip(tip + "\n" + self.tr("Click to colour only these paragraphs."))
        self.swatch = Swatch(lambda: formats().role(role.id), self)
        self.name = QLabel(f"<b>{role_label(role.id)}</b>")
        self.name.setWordWrap(True)
        self.meaning = QLabel(role_meaning(role.id) + (f" <i>({cue})</i>" if cue else ""))
        self.meaning.setWordWrap(True)
        self.meaning.setMinimumWidth(60)
        self.meaning.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        self.count = QLabel("—")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count.setToolTip(self.tr("Paragraphs whose main role this is, and their share of "
                                      "the draft's text (by characters)."))
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.swatch, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
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

    def __init__(self, formats: FormatFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[str, RoleRow] = {}
        self.selected: str | None = None
        self.formats = formats
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(1)
        self.header = QLabel(self.tr("Count: paragraphs with this main role · share of the "
                                     "draft's text"))
        self.header.setWordWrap(True)
        self.header.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        layout.addWidget(self.header)
        for role in ROLES:
            row = RoleRow(role, formats, self.toggle, self)
            self.rows[role.id] = row
            layout.addWidget(row)
        layout.addLayout(self._states_bar())
        layout.addLayout(self._nav_bar())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._update_nav()

    def _states_bar(self) -> QGridLayout:
        """Swatches of the non-role states: waiting, edited (stale), failed, unsure; two to a
        row, so the panel stays narrow enough to yield to the editor in a small window."""
        bar = QGridLayout()
        bar.setContentsMargins(4, 4, 4, 0)
        self.state_swatches: dict[str, Swatch] = {}
        states = (
            ("pending", lambda: self.formats().pending(), self.tr("waiting"),
             self.tr("Sent for analysis, no answer yet.")),
            ("stale", lambda: self.formats().stale("topic_disclosure"), self.tr("edited"),
             self.tr("Changed since it was analysed: the faint colour is the old result.")),
            ("error", lambda: self.formats().error(), self.tr("failed"),
             self.tr("The analysis failed; wavy underline. Details in the Paragraph panel.")),
            ("uncertain", lambda: self.formats().role("topic_disclosure", uncertain=True),
             self.tr("unsure"), self.tr("The analyser is not sure of this role (confidence "
                                        "below one half): a paler colour. Details in the "
                                        "Paragraph panel.")),
        )
        for n, (key, fmt_fn, text, tip) in enumerate(states):
            swatch = Swatch(fmt_fn, self)
            swatch.setToolTip(tip)
            label = QLabel(text)
            label.setToolTip(tip)
            label.setStyleSheet("font-size: 11px;")
            self.state_swatches[key] = swatch
            bar.addWidget(swatch, n // 2, (n % 2) * 2)
            bar.addWidget(label, n // 2, (n % 2) * 2 + 1)
        bar.setColumnStretch(4, 1)
        return bar

    def _nav_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.prev_btn = QToolButton(text=self.tr("◀ Prev"))
        self.next_btn = QToolButton(text=self.tr("Next ▶"))
        self.all_btn = QPushButton(self.tr("Show all"))
        self.all_btn.setToolTip(self.tr("Colour every role again"))
        self.prev_btn.setToolTip(self.tr("Previous paragraph of the selected role (Alt+Up)"))
        self.next_btn.setToolTip(self.tr("Next paragraph of the selected role (Alt+Down)"))
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

    def refresh_swatches(self) -> None:
        """Repaint the swatches (the editor's palette, and so its formats, changed)."""
        for w in [r.swatch for r in self.rows.values()] + list(self.state_swatches.values()):
            w.update()

    def set_counts(self, counts: dict[str, tuple[int, int]], total_chars: int,
                   total_paragraphs: int | None = None) -> None:
        """counts: role -> (paragraphs, characters); share is by characters of the draft."""
        analysed = sum(n for n, _ in counts.values())
        for rid, row in self.rows.items():
            n, chars = counts.get(rid, (0, 0))
            share = 100.0 * chars / total_chars if total_chars else 0.0
            row.count.setText(
                fill(self.tr("%1 · %2% of the text"), paragraphs(n), f"{share:.0f}")
                if n else "—")
        if not analysed:
            self.summary.setText(self.tr("Nothing analysed yet."))
        elif total_paragraphs is None or total_paragraphs == analysed:
            self.summary.setText(self.tr("%1 analysed.").replace("%1", paragraphs(analysed)))
        else:
            self.summary.setText(fill(self.tr("%1 of %2 analysed."), analysed,
                                      paragraphs(total_paragraphs)))

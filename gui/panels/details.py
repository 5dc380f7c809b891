"""The paragraph details panel: the analysis of the paragraph under the text cursor."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from gui.common.describe import describe_html
from gui.common.draft_state import Entry
from gui.common.mark_menu import fill_mark_menu


class DetailsPanel(QWidget):
    """Shows the analysis of the paragraph under the text cursor; "Mark as…" corrects it."""

    sig_mark = Signal(int, str)
    """The writer chose a role for the shown paragraph: its index, role id ('' removes theirs)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(self.label.textFormat().RichText)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.mark = QToolButton()
        self.mark.setObjectName("mark_as")
        self.mark.setText(QCoreApplication.translate("MarkMenu", "Mark as…"))
        self.mark.setToolTip(self.tr("Correct this paragraph's role: yours is kept for its text "
                                     "and shown instead of the analysis"))
        self.mark.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.mark_menu = QMenu(self.mark)
        self.mark_menu.setToolTipsVisible(True)
        self.mark_menu.aboutToShow.connect(self.fill_mark_menu)
        self.mark.setMenu(self.mark_menu)
        self.entry: Entry | None = None
        self.index = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.mark)
        layout.addStretch(1)
        self.show_entry(None)

    def show_entry(self, entry: Entry | None, number: int | None = None) -> None:
        """Describe `entry`, or a hint when the cursor is on no paragraph."""
        self.entry = entry
        self.index = number if entry is not None and number is not None else -1
        self.mark.setEnabled(self.index >= 0)
        if entry is None:
            self.label.setText(
                "<i>" + self.tr("Put the cursor in a paragraph to see its analysis.") + "</i>")
        else:
            self.label.setText(describe_html(entry, number))

    def fill_mark_menu(self) -> None:
        """The roles for the shown paragraph (its correction checked), built when opened."""
        mine = self.entry.mine if self.entry is not None else None
        index = self.index
        fill_mark_menu(self.mark_menu, mine[0] if mine else None,
                       lambda role: self.sig_mark.emit(index, role))

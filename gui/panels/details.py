"""The paragraph details panel: the analysis of the paragraph under the text cursor."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from gui.common.describe import describe_html
from gui.common.draft_state import Entry


class DetailsPanel(QWidget):
    """Shows the analysis of the paragraph under the text cursor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(self.label.textFormat().RichText)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.show_entry(None)

    def show_entry(self, entry: Entry | None, number: int | None = None) -> None:
        """Describe `entry`, or a hint when the cursor is on no paragraph."""
        if entry is None:
            self.label.setText(
                "<i>" + self.tr("Put the cursor in a paragraph to see its analysis.") + "</i>")
        else:
            self.label.setText(describe_html(entry, number))

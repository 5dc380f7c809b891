"""The Findings panel: what the review says about the draft's shape, and what the last revision
changed. A click on a finding (or a changed paragraph) jumps to its paragraph."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from core.review.findings import Finding

INDEX = Qt.ItemDataRole.UserRole


class FindingsPanel(QWidget):
    """A list of findings (warnings first) and a Revision section under it."""

    sig_jump = Signal(int)
    """The writer picked an item: the paragraph index to show."""
    sig_count = Signal(int)
    """The number of findings changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("findings_list")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.revision_label = QLabel()
        self.revision_label.setObjectName("revision")
        self.revision_label.setWordWrap(True)
        self.changed = QListWidget()
        self.changed.setObjectName("revision_list")
        self.comparison = QLabel()
        self.comparison.setObjectName("comparison")
        self.comparison.setWordWrap(True)
        self.comparison.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.revision_label)
        layout.addWidget(self.changed, 1)
        layout.addWidget(self.comparison)
        for widget in (self.list, self.changed):
            widget.itemActivated.connect(self._picked)
            widget.itemClicked.connect(self._picked)
        self.findings: list[Finding] = []
        self.set_findings([], analysed=False)
        self.set_revision("", [])
        self.set_comparison("")

    def set_findings(self, findings: list[Finding], analysed: bool = True) -> None:
        """Show `findings`; without an analysis, a hint instead."""
        self.findings = list(findings)
        self.list.clear()
        for f in findings:
            mark = "⚠" if f.severity == "warning" else "ℹ"
            item = QListWidgetItem(f"{mark} {f.message}\n→ {f.suggestion}")
            item.setToolTip(f.id)
            item.setData(INDEX, f.paragraphs[0] if f.paragraphs else -1)
            self.list.addItem(item)
        if not findings:
            hint = (self.tr("No findings: the draft's shape looks fine.") if analysed else
                    self.tr("Analyse the draft to see findings about its shape."))
            item = QListWidgetItem(hint)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        self.sig_count.emit(len(findings))

    def set_revision(self, summary: str, changed: list[tuple[int, str]]) -> None:
        """The change since the last analysis of this file; `changed`: (index, line)."""
        self.revision_label.setText(
            self.tr("Since the last analysis: %1").replace("%1", summary) if summary else "")
        self.revision_label.setVisible(bool(summary))
        self.changed.clear()
        for index, line in changed:
            item = QListWidgetItem(line)
            item.setData(INDEX, index)
            self.changed.addItem(item)
        self.changed.setVisible(bool(changed))

    def set_comparison(self, html: str) -> None:
        """How two methods agree on this draft (rich text), or nothing."""
        self.comparison.setText(html)
        self.comparison.setVisible(bool(html))

    def _picked(self, item: QListWidgetItem) -> None:
        index = item.data(INDEX)
        if isinstance(index, int) and index >= 0:
            self.sig_jump.emit(index)

"""The Performance panel: the live latency chart and the event log, for power users."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QSplitter, QWidget

from gui.panels.chart import LatencyChart
from gui.panels.event_log import EventLog


class PerformancePanel(QDockWidget):
    """A dock (hidden by default) holding the latency chart beside the event log."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Performance"), parent)
        self.setObjectName("performance_dock")
        self.chart = LatencyChart()
        self.event_log = EventLog()
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.chart)
        self.split.addWidget(self.event_log)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([550, 450])
        self.split.setChildrenCollapsible(True)
        self.setWidget(self.split)
        self.dockLocationChanged.connect(self._orient)
        self.toggleViewAction().setText(self.tr("&Performance panel"))
        self.toggleViewAction().setToolTip(
            self.tr("Request latency chart and protocol event log"))
        self.toggleViewAction().setShortcut("Ctrl+Shift+P")

    def _orient(self, area: Qt.DockWidgetArea) -> None:
        """Side by side at the bottom or top; stacked when docked left or right."""
        side = area in (Qt.DockWidgetArea.LeftDockWidgetArea,
                        Qt.DockWidgetArea.RightDockWidgetArea)
        self.split.setOrientation(Qt.Orientation.Vertical if side else Qt.Orientation.Horizontal)

"""The main window: wires editor, switcher, runner, legend, details, chart and event log."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.backends import method_status
from core.chunking import title_of
from core.models import ChunkResult, RequestRecord
from core.settings import Settings, load_settings, save_settings
from core.textio import DraftError, check_draft
from gui import actions
from gui.aio import TaskSet
from gui.autosave import Autosaver
from gui.chart import LatencyChart
from gui.details import DetailsPanel
from gui.editor import DraftEditor
from gui.event_log import EventLog
from gui.legend import LegendPanel
from gui.runner import AnalysisRunner
from gui.switcher import LABELS, MethodSwitcher
from gui.throttle import Throttle

LIVE_DELAY_MS = 800


@dataclass
class RunProgress:
    """Counters of the current run."""

    run_id: int
    method: str
    total: int
    done: int = 0
    errors: int = 0
    dropped: int = 0
    started: float = 0.0
    status: str = "running"
    message: str = ""


class MainWindow(QMainWindow):
    """DraftLens main window. `interactive=False` never opens dialogs (tests, screenshots)."""

    sig_run_finished = Signal(str, str)
    """The current run ended: status ('ok' | 'stopped' | 'failed') and a message."""
    sig_closed = Signal()
    """The window was closed; the app should await `shutdown()`."""

    def __init__(self, settings: Settings | None = None, runner: AnalysisRunner | None = None,
                 interactive: bool = True, status_fn=method_status) -> None:
        super().__init__()
        self.settings = settings or load_settings()
        self.interactive = interactive
        self.path: str | None = None
        self.progress: RunProgress | None = None
        self.analysed_once = False
        self.last_message = ""
        self.tasks = TaskSet()
        self.runner = runner or AnalysisRunner()
        self.runner.setParent(self)
        self._build(status_fn)
        self._connect()
        self.autosaver = Autosaver(self._snapshot, self)
        self.resize(1400, 900)
        self._update_title()
        self._update_buttons()

    # ---- construction ------------------------------------------------------------------
    def _build(self, status_fn) -> None:
        self.editor = DraftEditor(self)
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("Topic of the draft (what it is about)")
        self.topic.setMinimumWidth(260)
        self.switcher = MethodSwitcher(status_fn)
        self.switcher.refresh(self.settings)
        self.switcher.set_method(self.settings.last_method)
        if not self.switcher.current_available():
            self.switcher.set_method("local")
        self.analyze_btn = QPushButton("Analyze")
        self.analyze_btn.setToolTip("Analyse every paragraph (Ctrl+Enter)")
        self.stop_btn = QPushButton("Stop")
        self.stop_btn.setToolTip("Stop the analysis (Esc)")
        self.live = QCheckBox("Live")
        self.live.setChecked(True)
        self.live.setToolTip("Re-analyse edited paragraphs after you pause typing")
        bar = QToolBar("Analysis", self)
        bar.setObjectName("analysis_bar")
        bar.setMovable(False)
        bar.addWidget(QLabel(" Topic: "))
        bar.addWidget(self.topic)
        bar.addSeparator()
        bar.addWidget(self.switcher)
        bar.addSeparator()
        for w in (self.analyze_btn, self.stop_btn, self.live):
            bar.addWidget(w)
        self.addToolBar(bar)
        self.legend = LegendPanel()
        self.details = DetailsPanel()
        self.chart = LatencyChart()
        side = QSplitter(Qt.Orientation.Vertical)
        for title, widget in (("Roles", self.legend), ("Paragraph", self.details),
                              ("Request latency", self.chart)):
            side.addWidget(_group(title, widget))
        side.setSizes([430, 150, 320])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.editor)
        split.addWidget(side)
        split.setSizes([900, 500])
        split.setStretchFactor(0, 1)
        self.setCentralWidget(split)
        self.event_log = EventLog()
        self.log_dock = QDockWidget("Event log", self)
        self.log_dock.setObjectName("event_log_dock")
        self.log_dock.setWidget(self.event_log)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.log_dock.hide()
        self.status_label = QLabel("Ready.")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.bar.hide()
        self.health = QLabel()
        self.notice = QLabel()
        self.notice.setStyleSheet("color: palette(placeholder-text);")
        self._notice_clear = Throttle(lambda: self.notice.clear(), 8000, self)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.notice)
        self.statusBar().addPermanentWidget(self.bar)
        self.statusBar().addPermanentWidget(self.health)
        self._update_health()
        actions.build_menus(self)

    def _connect(self) -> None:
        self.analyze_btn.clicked.connect(lambda: self.analyze())
        self.stop_btn.clicked.connect(self.stop)
        self.switcher.sig_method_changed.connect(self._on_method_changed)
        self.topic.editingFinished.connect(self._on_topic_edited)
        self.editor.sig_chunks_edited.connect(self._on_edited)
        self.editor.sig_cursor_chunk.connect(self._on_cursor_chunk)
        self.editor.sig_loaded.connect(self._refresh_panels)
        self.editor.sig_file_dropped.connect(lambda p: actions.open_with_prompt(self, p))
        self.editor.document().modificationChanged.connect(lambda _m: self._update_title())
        self.legend.sig_filter_changed.connect(self.editor.set_focus_role)
        self.legend.sig_jump.connect(self.editor.jump_to_role)
        self.runner.sig_started.connect(self._on_started)
        self.runner.sig_result.connect(self._on_result)
        self.runner.sig_request.connect(self._on_request)
        self.runner.sig_finished.connect(self._on_finished)
        self.runner.sig_wire.connect(self.event_log.add)
        self._live = Throttle(self._live_fire, LIVE_DELAY_MS, self)
        self._refresh = Throttle(self._refresh_panels, 100, self, restart=False)

    # ---- draft -------------------------------------------------------------------------
    def load_text(self, text: str, path: str | None = None, topic: str | None = None) -> None:
        """Show a new draft (results of the previous one are dropped)."""
        self.stop()
        self.progress = None
        self.path = path
        if topic is not None:
            self.topic.setText(topic)
        self.editor.topic = self.topic.text()
        self.editor.set_draft(text)
        self.analysed_once = False
        self._refresh_panels()
        self._update_title()

    def current_method(self) -> str:
        return self.switcher.method()

    def _snapshot(self) -> tuple[str, str, str]:
        return self.editor.toPlainText(), self.topic.text(), self.path or ""

    # ---- analysis ----------------------------------------------------------------------
    def analyze(self, indices: list[int] | None = None) -> bool:
        """Analyse all paragraphs (or `indices`) with the selected method; False if refused."""
        text = self.editor.toPlainText()
        if not self.topic.text().strip() and text.strip():
            self.topic.setText(title_of(text))
            self.show_status("No topic given: using the draft's title as the topic.")
        try:
            check_draft(text, self.topic.text())
        except DraftError as exc:
            self.show_error("Nothing to analyse", str(exc))
            return False
        method = self.current_method()
        reason = self.switcher.reasons.get(method)
        if reason:
            self.show_error("Method unavailable", reason)
            return False
        self.editor.set_topic(self.topic.text())
        state = self.editor.state
        if indices is None:
            indices = list(range(len(state.entries)))
        if not indices:
            return False
        self.editor.mark_pending(indices)
        doc = state.doc
        order = self.editor.visible_first(indices)  # what the writer sees is coloured first
        run_id = self.runner.start(method, self.settings, doc, [doc.chunks[i] for i in order])
        self.progress = RunProgress(run_id, method, len(indices), started=time.perf_counter())
        self.chart.mark_start()
        self.analysed_once = True
        self._update_buttons()
        self._refresh_panels()
        return True

    def stop(self) -> None:
        """Cancel the running analysis; pending paragraphs go back to how they looked."""
        self._live.cancel()
        if self.runner.running:
            self.runner.stop()

    def _on_method_changed(self, method: str) -> None:
        self.settings.last_method = method
        self._save_settings()
        self._update_health()
        if self.runner.running:
            self.show_status(f"Switched to {LABELS.get(method, method)}: restarting the analysis.")
            self.analyze()

    def _on_topic_edited(self) -> None:
        if self.topic.text().strip() == self.editor.topic.strip():
            return
        self.editor.set_topic(self.topic.text())
        self.autosaver.touch()
        if self.live.isChecked() and self.analysed_once:
            self._live()

    def _on_edited(self, indices: list[int]) -> None:
        self.autosaver.touch()
        self._refresh()
        if self.live.isChecked() and self.analysed_once:
            self._live()

    def _live_fire(self) -> None:
        state = self.editor.state
        todo = state.needs_analysis()
        if todo:
            self.analyze(state.with_neighbours(todo))

    def _on_started(self, run_id: int, total: int) -> None:
        if self.progress and run_id == self.progress.run_id:
            self._refresh_panels()

    def _on_result(self, run_id: int, result: ChunkResult) -> None:
        p = self.progress
        if p is None or run_id != p.run_id:
            return
        if self.editor.apply_result(result) < 0:
            p.dropped += 1
        p.done += 1
        p.errors += result.error is not None
        self._refresh()

    def _on_request(self, run_id: int, record: RequestRecord) -> None:
        self.chart.add(record)

    def _on_finished(self, run_id: int, status: str, message: str) -> None:
        p = self.progress
        if p is None or run_id != p.run_id:
            return
        p.status, p.message = status, message
        if status != "ok":
            self.editor.clear_pending()
        self._refresh.cancel()
        self._refresh_panels()
        self._update_buttons()
        if status == "failed":
            self.show_error("Analysis failed", message)
        self.sig_run_finished.emit(status, message)

    # ---- panels ------------------------------------------------------------------------
    def _refresh_panels(self) -> None:
        state = self.editor.state
        chars = sum(len(e.chunk.text) for e in state.entries)
        self.legend.set_counts(state.counts(), chars)
        self._on_cursor_chunk(self.editor.current_chunk())
        self._update_progress()

    def _update_progress(self) -> None:
        p = self.progress
        if p is None:
            self.status_label.setText(f"{len(self.editor.state.entries)} paragraphs. "
                                      "Press Ctrl+Enter to analyse.")
            return
        self.bar.setMaximum(max(p.total, 1))
        self.bar.setValue(p.done)
        self.bar.setFormat(f"{p.done}/{p.total}")
        self.bar.setVisible(p.status == "running")
        secs = time.perf_counter() - p.started
        extra = f" · {p.errors} errors" if p.errors else ""
        extra += f" · {p.dropped} stale results dropped" if p.dropped else ""
        label = LABELS.get(p.method, p.method)
        text = {
            "running": f"{label}: analysing… {p.done}/{p.total}{extra}",
            "ok": f"{label}: done {p.done}/{p.total} in {secs:.1f} s{extra}",
            "stopped": f"{label}: stopped at {p.done}/{p.total}{extra}",
            "failed": f"{label}: failed — {p.message}",
        }[p.status]
        self.status_label.setText(text)

    def _on_cursor_chunk(self, index: int) -> None:
        state = self.editor.state
        entry = state.entries[index] if 0 <= index < len(state.entries) else None
        self.details.show_entry(entry, index if entry else None)

    def _update_buttons(self) -> None:
        running = self.progress is not None and self.progress.status == "running"
        self.stop_btn.setEnabled(running)

    def _update_title(self) -> None:
        name = Path(self.path).name if self.path else "Untitled"
        star = "*" if self.editor.document().isModified() else ""
        self.setWindowTitle(f"{name}{star} — DraftLens")

    def select_method(self, method: str) -> None:
        """Select `method` without restarting a run (start-up, command line)."""
        self.switcher.set_method(method)
        self.settings.last_method = method
        self._update_health()

    def _update_health(self) -> None:
        method = self.current_method()
        reason = self.switcher.reasons.get(method)
        label = LABELS.get(method, method)
        self.health.setText(f"{label}: {'ready' if reason is None else 'unavailable'}")
        self.health.setToolTip(reason or "")

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as exc:
            self.show_status(f"Could not save settings: {exc}")

    def apply_settings(self, settings: Settings) -> None:
        """New settings from the dialog: persist, refresh the switcher, reopen the backend."""
        self.settings = settings
        self._save_settings()
        self.switcher.refresh(settings)
        self._update_health()
        self.tasks.spawn(self.runner.reset_backend(), "reset-backend")

    # ---- messages ----------------------------------------------------------------------
    def show_status(self, text: str) -> None:
        self.last_message = text
        self.notice.setText(text)
        self._notice_clear()

    def show_error(self, title: str, text: str) -> None:
        """A clear message: a non-blocking dialog when interactive, else the status bar."""
        self.last_message = text
        if not self.interactive:
            self.show_status(text)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ---- shutdown ----------------------------------------------------------------------
    def closeEvent(self, ev: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.interactive and self.editor.document().isModified():
            ev.ignore()
            actions.confirm_discard(self, self._close_now)
            return
        self._close_now(accept_event=ev)

    def _close_now(self, accept_event: QCloseEvent | None = None) -> None:
        self.autosaver.clean_exit()
        self.stop()
        if accept_event is not None:
            accept_event.accept()
            self.sig_closed.emit()
        else:
            self.interactive = False
            self.close()

    async def shutdown(self) -> None:
        """Cancel and await every task, close the backend and the cache."""
        self._live.cancel()
        self._refresh.cancel()
        await self.tasks.aclose()
        await self.runner.aclose()


def _group(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 8, 4, 4)
    layout.addWidget(widget)
    return box


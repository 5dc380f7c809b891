"""The main window: wires editor, switcher, runner, legend, details, chart and event log."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from core.backends import method_status
from core.chunking import title_of
from core.models import ChunkResult, RequestRecord
from core.settings import Settings, load_settings, save_settings
from core.textio import DraftError, check_draft
from gui.analysis.local_warm import LocalWarmer
from gui.analysis.runner import AnalysisRunner
from gui.common.aio import TaskSet
from gui.common.describe import result_error
from gui.common.error_text import error_text
from gui.common.i18n import core_text, paragraphs
from gui.common.throttle import Throttle
from gui.editor.draft_editor import DraftEditor
from gui.files.autosave import Autosaver
from gui.files.topics import remember_topic, topic_for
from gui.panels.details import DetailsPanel
from gui.panels.doc_map import DocumentMap
from gui.panels.health_chips import HealthChips
from gui.panels.legend import LegendPanel
from gui.panels.performance import PerformancePanel
from gui.shell.run_status import all_failed, run_status_text
from gui.shell.switcher import MethodSwitcher
from gui.shell.switcher import label as method_label

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
    retried: int = 0  # answered after a refused request for them
    refused: set[str] = field(default_factory=set)  # chunk ids of refused requests
    started: float = 0.0
    finished: float | None = None
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
        self.confirm_close: Callable[[Callable[[], None]], None] = lambda then: then()
        """Asks about unsaved changes before closing (`gui.shell.window` sets it)."""
        self._path: str | None = None
        self.progress: RunProgress | None = None
        self.analysed_once = False
        self.last_message = ""
        self.tasks = TaskSet()
        self.runner = runner or AnalysisRunner()
        self.local_warmer = LocalWarmer(self)
        self.runner.setParent(self)
        self._build(status_fn)
        self._connect()
        from gui.shell.corrections import WriterCorrections
        from gui.shell.refinement import install_refinement

        self.corrections = WriterCorrections(self)  # the writer's roles, by paragraph text
        install_refinement(self)  # Local's first verdicts, refined when the encoder is done
        self.autosaver = Autosaver(self._snapshot, self)
        self.resize(1280, 800)
        self._update_title()
        self._update_buttons()

    # ---- construction ------------------------------------------------------------------
    def _build(self, status_fn) -> None:
        self.editor = DraftEditor(self)
        self.topic = QLineEdit()
        self.topic.setObjectName("topic")
        self.topic.setPlaceholderText(self.tr("Topic of the draft (what it is about)"))
        self.topic.setToolTip(self.tr("What the draft is about: roles are judged against it. "
                                      "Remembered for each file."))
        self.topic.setMinimumWidth(140)
        self.topic.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.suggestion = ""
        self.use_topic_action = QAction(self.tr("Use"), self)
        self.use_topic_action.setObjectName("use_suggested_topic")
        self.use_topic_action.setToolTip(self.tr("Use the suggested topic (the draft's title)"))
        self.switcher = MethodSwitcher(lambda m, st: core_text(status_fn(m, st)))
        self.switcher.refresh(self.settings)
        self.switcher.set_method(self.settings.last_method)
        if not self.switcher.current_available():
            self.switcher.set_method("local")
        self.analyze_btn = QPushButton(self.tr("Analyze"))
        self.analyze_btn.setObjectName("analyze")
        self.analyze_btn.setToolTip(self.tr("Analyse every paragraph (Ctrl+Enter)"))
        self.stop_btn = QPushButton(self.tr("Stop"))
        self.stop_btn.setObjectName("stop")
        self.stop_btn.setToolTip(self.tr("Stop the analysis (Esc)"))
        self.live = QCheckBox(self.tr("Live"))
        self.live.setObjectName("live")
        self.live.setChecked(True)
        self.live.setToolTip(self.tr("Re-analyse edited paragraphs after you pause typing"))
        bar = QToolBar(self.tr("Analysis"), self)
        bar.setObjectName("analysis_bar")
        bar.setMovable(False)
        self.topic_label = QLabel(self.tr(" Topic: "))
        bar.addWidget(self.topic_label)
        bar.addWidget(self.topic)
        bar.addAction(self.use_topic_action)
        self.use_topic_action.setVisible(False)
        bar.addSeparator()
        bar.addWidget(self.switcher)
        bar.addSeparator()
        for w in (self.analyze_btn, self.stop_btn, self.live):
            bar.addWidget(w)
        self.addToolBar(bar)
        self.doc_map = DocumentMap(self.editor)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.editor, 1)
        row.addWidget(self.doc_map)
        self.setCentralWidget(central)
        self.legend = LegendPanel(lambda: self.editor.highlighter.formats)
        self.details = DetailsPanel()
        self.roles_dock = _dock(self, self.tr("Roles"), "roles_dock", _scrolled(self.legend))
        self.details_dock = _dock(self, self.tr("Paragraph"), "details_dock",
                                  _scrolled(self.details))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.roles_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details_dock)
        self.resizeDocks([self.roles_dock, self.details_dock], [3, 1], Qt.Orientation.Vertical)
        self.resizeDocks([self.roles_dock], [360], Qt.Orientation.Horizontal)
        self.performance = PerformancePanel(self)
        self.chart = self.performance.chart
        self.event_log = self.performance.event_log
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.performance)
        self.performance.hide()
        self._performance_sized = False
        self.performance.visibilityChanged.connect(self._size_performance)
        self.status_label = QLabel(self.tr("Ready."))
        self.status_label.setMinimumWidth(80)
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
        self.health_chips = HealthChips(self)
        self.statusBar().addPermanentWidget(self.health_chips)
        self._update_health()

    def _connect(self) -> None:
        self.analyze_btn.clicked.connect(lambda: self.analyze())
        self.stop_btn.clicked.connect(self.stop)
        self.switcher.sig_method_changed.connect(self._on_method_changed)
        self.topic.editingFinished.connect(self._on_topic_edited)
        self.editor.sig_chunks_edited.connect(self._on_edited)
        self.editor.sig_cursor_chunk.connect(self._on_cursor_chunk)
        self.editor.sig_loaded.connect(self._refresh_panels)
        self.editor.sig_loaded.connect(self._warm_local)
        self.editor.document().modificationChanged.connect(lambda _m: self._update_title())
        self.legend.sig_filter_changed.connect(self.editor.set_focus_role)
        self.legend.sig_jump.connect(self.editor.jump_to_role)
        self.use_topic_action.triggered.connect(lambda _=False: self.accept_suggestion())
        self.topic.textChanged.connect(lambda _t: self._update_suggestion())
        self.editor.document().contentsChanged.connect(self._on_contents_changed)
        self.runner.sig_started.connect(self._on_started)
        self.runner.sig_result.connect(self._on_result)
        self.runner.sig_request.connect(self._on_request)
        self.runner.sig_finished.connect(self._on_finished)
        self.runner.sig_wire.connect(self.event_log.add)
        self._live = Throttle(self._live_fire, LIVE_DELAY_MS, self)
        self._refresh = Throttle(self._refresh_panels, 100, self, restart=False)

    # ---- draft -------------------------------------------------------------------------
    @property
    def path(self) -> str | None:
        return self._path

    @path.setter
    def path(self, path: str | None) -> None:
        """The draft's file; saving under a new name carries the topic along."""
        self._path = path
        if path and self.topic.text().strip():
            remember_topic(path, self.topic.text())
        self._update_title()

    def load_text(self, text: str, path: str | None = None, topic: str | None = None) -> None:
        """Show a new draft (results of the previous one are dropped).

        Without a `topic`, the file's remembered topic is restored; a draft without one starts
        with an empty topic and its title offered as a suggestion.
        """
        self.stop()
        self.progress = None
        self._path = path
        if topic is None:
            topic = (topic_for(path) if path else None) or ""
        self.suggestion = title_of(text).strip()
        self.topic.setText(topic)
        self.editor.topic = topic
        self.editor.set_draft(text)
        self.analysed_once = False
        self._update_suggestion()
        self._refresh_panels()
        self._update_title()

    def _update_suggestion(self) -> None:
        """Offer the draft's title as its topic while the topic field is empty."""
        offer = bool(self.suggestion) and not self.topic.text().strip()
        if offer:
            self.topic.setPlaceholderText(
                self.tr("Suggested: %1").replace("%1", self.suggestion[:80]))
        else:
            self.topic.setPlaceholderText(self.tr("Topic of the draft (what it is about)"))
        self.use_topic_action.setVisible(offer)

    def accept_suggestion(self) -> None:
        """The writer confirms the suggested topic."""
        if self.suggestion:
            self.topic.setText(self.suggestion)
            self._on_topic_edited()

    def current_method(self) -> str:
        return self.switcher.method()

    def _snapshot(self) -> tuple[str, str, str]:
        return self.editor.toPlainText(), self.topic.text(), self.path or ""

    # ---- analysis ----------------------------------------------------------------------
    def analyze(self, indices: list[int] | None = None, fresh: bool = False) -> bool:
        """Analyse all paragraphs (or `indices`) with the selected method; False if refused.
        `fresh`: ignore the cache (a new server behind the same address)."""
        text = self.editor.toPlainText()
        if not self.topic.text().strip() and text.strip():
            self.suggestion = title_of(text).strip()
            self.accept_suggestion()
            self.show_status(self.tr("No topic given: using the suggested topic (the draft's "
                                     "title). Change it in the Topic field."))
        try:
            check_draft(text, self.topic.text())
        except DraftError as exc:
            self.show_error(self.tr("Nothing to analyse"), core_text(str(exc)))
            return False
        method = self.current_method()
        reason = self.switcher.reasons.get(method)
        if reason:
            self.show_error(self.tr("Method unavailable"), reason)
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
        run_id = self.runner.start(method, self.settings, doc, [doc.chunks[i] for i in order],
                                   fresh)
        self.progress = RunProgress(run_id, method, len(indices), started=time.perf_counter())
        self.chart.mark_start()
        self.doc_map.schedule()
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
            self.show_status(self.tr("Switched to %1: restarting the analysis.")
                             .replace("%1", method_label(method)))
            self.analyze()

    def _on_topic_edited(self) -> None:
        if self.topic.text().strip() == self.editor.topic.strip():
            return
        self.editor.set_topic(self.topic.text())
        self._warm_local()
        if self.path:
            remember_topic(self.path, self.topic.text())
        self.autosaver.touch()
        self.doc_map.schedule()
        if self.live.isChecked() and self.analysed_once:
            self._live()

    def _on_contents_changed(self) -> None:
        """Any edit, undo or redo (also ones that only remove paragraphs): recount."""
        self._refresh()
        self.doc_map.schedule()

    def _warm_local(self) -> None:
        """Warm the Local analyzer for a new draft or topic: its pass, then visible first."""
        doc = self.editor.state.doc
        self.local_warmer.prepare(doc, self.editor.visible_first(list(range(len(doc.chunks)))))

    def _on_edited(self, indices: list[int]) -> None:
        self.autosaver.touch()
        chunks = self.editor.state.doc.chunks
        self.local_warmer.add([chunks[i].text for i in indices if i < len(chunks)])
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
        p.retried += result.ok and result.chunk_id in p.refused
        self._refresh()
        self.doc_map.schedule()

    def _on_request(self, run_id: int, record: RequestRecord) -> None:
        self.chart.add(record)
        if not record.ok and self.progress and run_id == self.progress.run_id:
            self.progress.refused.update(record.chunk_ids)

    def _on_finished(self, run_id: int, status: str, message: str) -> None:
        p = self.progress
        if p is None or run_id != p.run_id:
            return
        p.status, p.message = status, message
        p.finished = time.perf_counter()
        if status != "ok":
            self.editor.clear_pending()
        self._refresh.cancel()
        self._refresh_panels()
        self.doc_map.schedule()
        self._update_buttons()
        self._update_health()
        if status == "failed":
            self.show_error(self.tr("Analysis failed"),
                            self._failure_text(error_text(None, None, message)))
        elif p.errors and p.errors == p.done:
            self.show_error(self.tr("Analysis failed"), self._failure_text(self._first_error()))
        self.sig_run_finished.emit(status, message)

    # ---- panels ------------------------------------------------------------------------
    def _refresh_panels(self) -> None:
        state = self.editor.state
        if not self.topic.text().strip():  # a new draft: its title is the suggested topic
            self.suggestion = title_of(state.doc.text).strip()
            self._update_suggestion()
        chars = sum(len(e.chunk.text) for e in state.entries)
        self.legend.set_counts(state.counts(), chars, len(state.entries))
        self._on_cursor_chunk(self.editor.current_chunk())
        self._update_progress()

    def _first_error(self) -> str:
        for e in self.editor.state.entries:
            if e.error is not None:
                return result_error(e.error)
        return ""

    def _failure_text(self, message: str) -> str:
        kept = sum(e.error is not None and e.result is not None and e.result.ok
                   for e in self.editor.state.entries)
        text = message
        if kept:
            text += "\n\n" + self.tr("Earlier results of %1 are kept and marked as stale "
                                       "(faded, wavy underline).").replace("%1", paragraphs(kept))
        return text

    def _update_progress(self) -> None:
        p = self.progress
        if p is None:
            self.status_label.setText(
                self.tr("%1. Press Ctrl+Enter to analyse.")
                .replace("%1", paragraphs(len(self.editor.state.entries))))
            return
        self.bar.setMaximum(max(p.total, 1))
        self.bar.setValue(p.done)
        self.bar.setFormat(f"{p.done}/{p.total}")
        self.bar.setVisible(p.status == "running")
        secs = (p.finished or time.perf_counter()) - p.started
        self.status_label.setText(run_status_text(p, secs))

    def _on_cursor_chunk(self, index: int) -> None:
        state = self.editor.state
        entry = state.entries[index] if 0 <= index < len(state.entries) else None
        self.details.show_entry(entry, index if entry else None)

    def _update_buttons(self) -> None:
        running = self.progress is not None and self.progress.status == "running"
        self.stop_btn.setEnabled(running)

    def _update_title(self) -> None:
        name = Path(self.path).name if self.path else self.tr("Untitled")
        self.setWindowTitle(f"{name}[*] — DraftLens")
        self.setWindowModified(self.editor.document().isModified())

    def select_method(self, method: str) -> None:
        """Select `method` without restarting a run (start-up, command line)."""
        self.switcher.set_method(method)
        self.settings.last_method = method
        self._update_health()

    def _update_health(self) -> None:
        method = self.current_method()
        reason = self.switcher.reasons.get(method)
        label = method_label(method)
        state = self.tr("ready") if reason is None else self.tr("unavailable")
        p = self.progress
        if reason is None and p and p.method == method and p.status != "running" \
                and all_failed(p):
            state = self.tr("last run failed")
        self.health.setText(f"{label}: {state}")
        self.health.setToolTip(reason or "")

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as exc:
            self.show_status(self.tr("Could not save settings: %1").replace("%1", str(exc)))

    def apply_settings(self, settings: Settings) -> None:
        """New settings from the dialog: persist, refresh the switcher, reopen the backend."""
        self.settings = settings
        self._save_settings()
        self.switcher.refresh(settings)
        if self.switcher.reasons.get(settings.last_method, "?") is None:
            self.switcher.set_method(settings.last_method)
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

    def _size_performance(self, visible: bool) -> None:
        """The first time the Performance panel opens, give it a third of the height."""
        if visible and not self._performance_sized:
            self._performance_sized = True
            self.resizeDocks([self.performance], [max(self.height() // 3, 200)],
                             Qt.Orientation.Vertical)

    def changeEvent(self, ev: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange:  # the legend paints the editor's formats
            self.legend.refresh_swatches()
            self.doc_map.schedule()

    # ---- shutdown ----------------------------------------------------------------------
    def closeEvent(self, ev: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.interactive and self.editor.document().isModified():
            ev.ignore()
            self.confirm_close(self._close_now)
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


def _dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    """A closable, movable side panel (its toggle lives in the View menu)."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                     | QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    return dock


def _scrolled(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless vertical scroll area, so a panel can shrink on small screens."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # as narrow as the panel's content allows (never cut on the right), at least 180 px
    area.setMinimumWidth(max(180, widget.minimumSizeHint().width()
                             + area.verticalScrollBar().sizeHint().width()))
    return area


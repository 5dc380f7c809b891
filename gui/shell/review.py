"""The window's Findings dock: the review of the draft after each analysis, and what changed
since the file's last analysis (kept in the per-file history when the file is saved)."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget

from core.models import ChunkResult
from core.review import history
from core.review.findings import Finding, review_results
from gui.common.draft_state import ChunkState
from gui.common.gil import in_a_worker
from gui.common.i18n import language
from gui.panels.findings import FindingsPanel
from gui.shell.main_window import MainWindow

translate = QCoreApplication.translate
Results = dict[int, ChunkResult | None]
BACKGROUND_FROM = 500  # paragraphs from which the review runs on a worker thread
_reviews: weakref.WeakKeyDictionary[MainWindow, int] = weakref.WeakKeyDictionary()  # refreshes


def install(w: MainWindow) -> FindingsPanel:
    """Add the Findings dock (tabbed with Roles) and keep it current."""
    panel = FindingsPanel()
    dock = QDockWidget(translate("Review", "Findings"), w)
    dock.setObjectName("findings_dock")
    dock.setWidget(panel)
    w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    w.tabifyDockWidget(w.roles_dock, dock)
    w.roles_dock.raise_()
    w.findings, w.findings_dock = panel, dock
    panel.sig_count.connect(lambda n: dock.setWindowTitle(
        translate("Review", "Findings (%1)").replace("%1", str(n))))
    panel.sig_jump.connect(lambda i: _jump(w, i))
    w.sig_run_finished.connect(lambda status, _m: refresh(w, record=status == "ok"))
    w.editor.document().modificationChanged.connect(lambda modified: None if modified else
                                                    refresh(w))  # saved: keep the analysis
    w.editor.sig_loaded.connect(lambda: (panel.set_findings([], analysed=False),
                                         panel.set_revision("", [])))
    view = getattr(w, "view_menu", None)
    if view is not None:
        view.insertAction(view.actions()[2] if len(view.actions()) > 2 else None,
                          dock.toggleViewAction())
    return panel


def _jump(w: MainWindow, index: int) -> None:
    if 0 <= index < len(w.editor.state.entries):
        w.editor.go_to_chunk(index)
        w.editor.setFocus()


def refresh(w: MainWindow, record: bool = True) -> None:
    """Review the paragraphs analysed now; for a saved file whose every paragraph is analysed
    (after a run, or when it is saved), keep the analysis and show what changed since the last
    one. A draft of BACKGROUND_FROM paragraphs or more is reviewed on a worker thread (the
    review of 5,000 paragraphs takes a few hundred ms); a newer refresh supersedes it."""
    state = w.editor.state
    entries = state.entries
    results = {i: e.result for i, e in enumerate(entries) if e.state is ChunkState.DONE}
    _reviews[w] = _reviews.get(w, 0) + 1
    if not results:
        w.findings.set_findings([], analysed=False)
        return
    lang = language()
    texts, kinds = [e.chunk.text for e in entries], [e.chunk.kind for e in entries]
    if len(entries) < BACKGROUND_FROM:
        _show(w, review_results(texts, results, lang, kinds=kinds), results, record)
        return
    w.tasks.spawn(_in_background(w, _reviews[w], texts, results, lang, kinds, record), "review")


async def _in_background(w: MainWindow, generation: int, texts: list[str],
                         results: Results, lang: str, kinds: list[str], record: bool) -> None:
    doc = w.editor.state.doc
    found = await in_a_worker(lambda: review_results(texts, results, lang, kinds=kinds),
                              "draftlens-review")
    if _reviews.get(w) == generation and w.editor.state.doc is doc:
        _show(w, found, results, record)


def _show(w: MainWindow, found: list[Finding], results: Results, record: bool) -> None:
    lang = language()
    state = w.editor.state
    entries = state.entries
    w.findings.set_findings(found)
    complete = bool(entries) and len(results) == len(entries)
    if not (record and complete and w.path and not w.editor.document().isModified()):
        return
    snap = history.snapshot(state.doc.chunks, results, w.current_method())
    before = history.record(w.path, snap)
    if before is None:
        w.findings.set_revision("", [])
        return
    rev = history.diff(before, snap)
    lines = history.changed_lines(rev, lang)
    w.findings.set_revision(history.summary(rev, lang),
                            [(i, line) for (i, _a, _b), line in zip(rev.changed, lines,
                                                                     strict=True)])

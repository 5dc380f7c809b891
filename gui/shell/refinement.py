"""Wires the Local refinement into the window: after a Local run, once the writer pauses,
refine its verdicts (with the writer's corrections); an edit or a new run cancels it."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from gui.analysis.refiner import Refiner


def install_refinement(window: QMainWindow, refiner: Refiner | None = None) -> Refiner:
    """Give `window` (the main window) a Refiner; return it."""
    refiner = refiner or Refiner(tasks=window.tasks, parent=window)
    window.refiner = refiner
    window.runner.sig_started.connect(lambda _run, _n: refiner.cancel())
    window.editor.sig_chunks_edited.connect(lambda _chunks: refiner.cancel())

    def schedule() -> None:
        refiner.schedule(lambda: (window.editor.state.doc,
                                  window.corrections.store.labeled_pairs()))

    def finished(run_id: int, status: str, _message: str) -> None:
        p = window.progress
        if status == "ok" and p is not None and p.run_id == run_id and p.method == "local":
            schedule()

    def corrected() -> None:
        """A new correction teaches the model: refine the Local verdicts again."""
        p = window.progress
        if p is not None and p.status == "ok" and p.method == "local":
            schedule()

    def refined(result) -> None:
        if window.editor.apply_refined(result) >= 0:
            window._refresh()
            window.doc_map.schedule()

    window.runner.sig_finished.connect(finished)
    window.corrections.sig_changed.connect(corrected)
    refiner.sig_refined.connect(refined)
    return refiner

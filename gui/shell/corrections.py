"""The writer's corrections in the window: "Mark as…", lookups by text, clear with undo.

A correction is stored the moment the writer chooses it (core.local.corrections) and sticks to
the paragraph's text: the draft state looks every paragraph up when it is split, so it survives
re-analysis, a method switch and reopening the file, whatever results arrive.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from core.local.corrections import Correction, CorrectionsError, CorrectionStore
from core.local.text import detect_lang
from gui.common.i18n import fill, paragraphs
from gui.common.mark_menu import REMOVE
from gui.common.role_style import role_name

translate = QCoreApplication.translate


class WriterCorrections(QObject):
    """Links the corrections store to a window's editor, paragraph panel and reports."""

    sig_changed = Signal()
    """Corrections were added, removed, cleared or restored."""

    def __init__(self, window: QMainWindow, store: CorrectionStore | None = None) -> None:
        """`window`: the main window (its editor, details, doc_map and status messages)."""
        super().__init__(window)
        self.window = window
        self.store = store or CorrectionStore()
        window.editor.state.lookup = self.lookup
        window.editor.sig_mark.connect(self.mark)
        window.details.sig_mark.connect(self.mark)
        window.editor.sig_loaded.connect(self._reload)
        if self.store.warning:
            window.show_status(self.store.warning)

    def lookup(self, text: str) -> tuple[str, ...] | None:
        """The writer's roles for a paragraph text, or None."""
        c = self.store.get(text)
        return c.roles if c is not None else None

    def __len__(self) -> int:
        return len(self.store)

    # ---- marking -----------------------------------------------------------------------
    def mark(self, index: int, role: str) -> bool:
        """Store the writer's role for paragraph `index` ('' removes theirs); True if done."""
        state = self.window.editor.state
        if not 0 <= index < len(state.entries):
            return False
        text = state.entries[index].chunk.text
        try:
            if role == REMOVE:
                done = self.store.remove(text) is not None
            else:
                done = bool(self.store.add(text, [role], detect_lang(text), state.doc.topic))
        except (CorrectionsError, OSError) as exc:
            self.window.show_error(translate("Corrections", "Correction not saved"), str(exc))
            return False
        self.refresh()
        if role == REMOVE:
            message = translate("Corrections", "Your correction of paragraph %1 is removed.")
        else:
            message = translate("Corrections", "Paragraph %1 marked as %2 (yours). \"Remove my "
                                               "correction\" undoes it.")
        self.window.show_status(fill(message, index + 1, role_name(role)))
        return done

    def refresh(self) -> None:
        """Show the store's current corrections in the editor, the map and the panels."""
        w = self.window
        w.editor.rehighlight_chunks(w.editor.state.refresh_corrections())
        w._refresh_panels()
        w.doc_map.schedule()
        self.sig_changed.emit()

    def _reload(self) -> None:
        """A draft was opened: pick up corrections another process stored meanwhile."""
        if self.store.reload():
            self.refresh()

    # ---- clearing ----------------------------------------------------------------------
    def clear(self) -> list[Correction]:
        """Forget every correction; return them (for undo)."""
        items = self.store.all()
        self.store.clear()
        self.refresh()
        return items

    def restore(self, items: list[Correction]) -> None:
        """Undo a clear."""
        self.store.restore(items)
        self.refresh()


class ClearCorrectionsRow(QWidget):
    """Settings: "Clear my corrections (N)…", asked first (Cancel is the default), undoable."""

    def __init__(self, corrections: WriterCorrections, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.corrections = corrections
        self.cleared: list[Correction] = []
        self.button = QPushButton()
        self.button.setObjectName("clear_corrections")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self._clicked)
        self.note = QLabel()
        self.note.setObjectName("corrections_note")
        self.note.setStyleSheet("color: palette(placeholder-text);")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.note, 1)
        self.question: QMessageBox | None = None
        self._update()

    def _update(self) -> None:
        n = len(self.corrections)
        if self.cleared:
            self.button.setText(self.tr("Undo clear"))
            self.button.setEnabled(True)
            self.note.setText(fill(self.tr("Cleared your corrections of %1."),
                                   paragraphs(len(self.cleared))))
            return
        self.button.setText(self.tr("Clear my corrections…"))
        self.button.setEnabled(n > 0)
        self.note.setText(fill(self.tr("You corrected the roles of %1."), paragraphs(n)))

    def _clicked(self) -> None:
        if self.cleared:
            self.corrections.restore(self.cleared)
            self.cleared = []
            self._update()
        else:
            self.ask()

    def ask(self) -> QMessageBox:
        """Ask before clearing (non-modal); "Cancel" is the default button."""
        n = len(self.corrections)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Clear my corrections"),
                          fill(self.tr("Forget your roles for %1? The analysis will show its own "
                                       "verdicts for them again."), paragraphs(n)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("clear_corrections_question")
        clear = box.addButton(fill(self.tr("Clear %1"), paragraphs(n)),
                              QMessageBox.ButtonRole.DestructiveRole)
        clear.setObjectName("confirm_clear")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self._answered(b is clear))
        self.question = box
        box.open()
        return box

    def _answered(self, confirmed: bool) -> None:
        self.question = None
        if confirmed:
            try:
                self.cleared = self.corrections.clear()
            except OSError as exc:
                self.note.setText(str(exc))
                return
        self._update()

"""Reload a draft changed on disk without losing the writer's version.

The writer's text is first written beside the autosave records (`<data dir>/kept/`), then the
file's text replaces the editor's as one edit in the editor's undo stack: Undo (Ctrl+Z) brings
the writer's version back, and the kept copy survives even a quit.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextCursor

from core.settings import data_dir
from core.textio import DraftError, write_text_atomic
from gui.files.disk_file import open_draft
from gui.files.file_text import file_message

if TYPE_CHECKING:
    from gui.files.disk_watch import DiskWatch
    from gui.shell.main_window import MainWindow

translate = QCoreApplication.translate


def kept_dir() -> Path:
    """Where versions replaced by a reload are kept."""
    return data_dir() / "kept"


def keep_copy(path: str, text: str) -> Path:
    """Write `text` (the writer's version of `path`) to a new file in kept_dir()."""
    name = Path(path).name or "draft.txt"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = kept_dir() / f"{stamp}-{name}"
    n = 1
    while target.exists():
        n += 1
        target = kept_dir() / f"{stamp}-{n}-{name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, text)
    return target


def replace_text_undoably(w: MainWindow, text: str) -> None:
    """Put `text` in the editor as one undoable edit (Ctrl+Z restores the previous text)."""
    cursor = QTextCursor(w.editor.document())
    cursor.beginEditBlock()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(text.replace("\r\n", "\n").replace("\r", "\n"))
    cursor.endEditBlock()


def reload_keeping_yours(w: MainWindow, watch: DiskWatch, path: str) -> bool:
    """Reload `path` from disk; the writer's version stays in the undo stack and in a file."""
    try:
        loaded, disk = open_draft(path)
    except DraftError as exc:
        w.show_error(translate("Files", "Cannot open the file"), file_message(str(exc)))
        return False
    mine = w.editor.toPlainText()
    try:
        kept = keep_copy(path, mine)
    except OSError as exc:
        w.show_error(translate("Files", "Not reloaded"),
                     translate("Files", "Your version could not be kept (%1), so the file was "
                                        "not reloaded.").replace("%1", exc.strerror or str(exc)))
        return False
    if loaded.text != mine:
        replace_text_undoably(w, loaded.text)
    watch.set_file(disk)
    w.editor.document().setModified(False)
    w.show_status(translate("Files", "Reloaded %1 from disk. Your version is kept in %2; Undo "
                                     "(Ctrl+Z) brings it back.")
                  .replace("%1", Path(path).name).replace("%2", str(kept)))
    return True

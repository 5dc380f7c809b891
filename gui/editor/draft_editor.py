"""The draft editor: plain text, paragraphs coloured by role, tooltips, drops."""

from __future__ import annotations

import asyncio
import bisect

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from core.models import ChunkResult
from gui.common import gc_pause
from gui.common.describe import describe_html
from gui.common.draft_state import DraftState
from gui.common.mark_menu import mark_menu
from gui.editor.highlighter import RoleHighlighter
from gui.editor.sliced_rehighlight import SlicedRehighlight

SLICED_REHIGHLIGHT_AT = 150  # above this many chunks at once, re-highlight in time slices
SYNC_LOAD_CHARS = 60_000  # a draft up to this size goes into the editor at once
LOAD_SLICE_CHARS = 30_000  # a bigger one in slices of this size, one per event-loop turn


class DraftEditor(QPlainTextEdit):
    """QPlainTextEdit that keeps a DraftState in step with its text."""

    sig_chunks_edited = Signal(list)
    """Chunk indices whose text changed in an edit (new or modified paragraphs)."""
    sig_cursor_chunk = Signal(int)
    """Index of the chunk under the text cursor (-1 when none)."""
    sig_file_dropped = Signal(str)
    """A local file was dropped on the editor; its path."""
    sig_loaded = Signal()
    """The whole draft given to set_draft is in the editor and split."""
    sig_mark = Signal(int, str)
    """The writer chose a role for a chunk from the context menu: index, role id ('' removes
    their correction)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = DraftState()
        self.topic = ""
        self._loading = False
        self._pending_text = ""  # the part of a big draft not yet in the editor
        self._loaded_text = ""
        self._load_timer = QTimer(self)
        self._load_timer.setInterval(0)
        self._load_timer.timeout.connect(self._load_step)
        self.highlighter = RoleHighlighter(self.document(), self.state, self.palette())
        self.sliced = SlicedRehighlight(self, self.highlighter)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setPlaceholderText(self.tr("Paste or type your draft here, or open a file (Ctrl+O)."))
        self.document().contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor)

    # ---- text --------------------------------------------------------------------------
    def set_draft(self, text: str) -> None:
        """Replace the whole draft; previous results are forgotten.

        A big draft goes in a slice per event-loop turn (read-only meanwhile), so opening a
        novel never freezes the window; `sig_loaded` fires when all of it is in. Anything that
        reads the text (`toPlainText`) first finishes the load.
        """
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._load_timer.stop()
        if self._pending_text:  # a previous big draft was still loading
            self._pending_text = ""
            self.document().setUndoRedoEnabled(True)
            self.setReadOnly(False)
        head_end = _line_cut(text, SYNC_LOAD_CHARS)
        head, self._pending_text = text[:head_end], text[head_end:]
        self._loading = True
        try:
            self.state.set_text("", self.topic, keep=False)
            self.setPlainText(head)
        finally:
            self._loading = False
        self._loaded_text = head
        self.state.set_text(head, self.topic, keep=False)
        self.document().setModified(False)
        if self._pending_text:
            self.document().setUndoRedoEnabled(False)
            self.setReadOnly(True)
            self._load_timer.start()
        else:
            self._loaded()
        self._on_cursor()

    def _loaded(self) -> None:
        """The whole draft is in: make sure the split matches what the document holds."""
        actual = super().toPlainText()  # Qt may normalise a character or two (U+2029)
        if actual != self._loaded_text:
            self.state.set_text(actual, self.topic, keep=False)
        self._loaded_text = ""
        # the text went in before it was split: colour the writer's corrected paragraphs now
        self.rehighlight_chunks([i for i, e in enumerate(self.state.entries) if e.mine])
        gc_pause.settle()
        self.sig_loaded.emit()

    @property
    def loading(self) -> bool:
        """True while a big draft is still going into the editor."""
        return bool(self._pending_text)

    def _load_step(self) -> None:
        """Append the next slice of the draft being loaded."""
        cut = _line_cut(self._pending_text, LOAD_SLICE_CHARS)
        piece, self._pending_text = self._pending_text[:cut], self._pending_text[cut:]
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self._loading = True
        try:
            cursor.insertText(piece)
        finally:
            self._loading = False
        self._loaded_text += piece
        self.state.set_text(self._loaded_text, self.topic)
        self.document().setModified(False)
        if not self._pending_text:
            self._load_timer.stop()
            self.document().setUndoRedoEnabled(True)
            self.setReadOnly(False)
            self._loaded()

    def finish_loading(self) -> None:
        """Load the rest of the draft now (before anything reads the whole text)."""
        while self._pending_text:
            self._load_step()

    async def loaded(self) -> None:
        """Wait until the whole draft is in the editor."""
        if not self._pending_text:
            return
        done = asyncio.get_event_loop().create_future()

        def fire() -> None:
            if not done.done():
                done.set_result(None)
        self.sig_loaded.connect(fire)
        try:
            await done
        finally:
            self.sig_loaded.disconnect(fire)

    def toPlainText(self) -> str:  # noqa: N802 - Qt override
        self.finish_loading()
        return super().toPlainText()

    def set_topic(self, topic: str) -> None:
        """Change the topic; analysed paragraphs become stale."""
        if topic.strip() == self.topic.strip():
            return
        self.topic = topic
        self.rehighlight_chunks(self.state.set_topic(topic))

    def _on_contents_change(self, pos: int, removed: int, added: int) -> None:
        if self._loading or (removed == 0 and added == 0):
            return
        changed = self.state.set_text(self.toPlainText(), self.topic)
        # Qt has just re-highlighted the edited blocks (the same range as QSyntaxHighlighter's
        # reformatBlocks), with the block map from before the edit: a line that moved into a
        # paragraph (Enter, Backspace joining lines) got the colour of whatever was on that line
        # before. Re-highlight them with the current map.
        doc = self.document()
        last = doc.findBlock(pos + added + (1 if removed else 0))
        last_number = last.blockNumber() if last.isValid() else doc.blockCount() - 1
        edited = range(doc.findBlock(pos).blockNumber(), last_number + 1)
        blocks = {b for i in (*changed, *self.state.revived) for b in self.state.blocks_of(i)}
        self._rehighlight_blocks(sorted(blocks.union(edited)))
        if changed:
            self.sig_chunks_edited.emit(sorted(changed))

    # ---- highlighting ------------------------------------------------------------------
    def rehighlight_chunks(self, indices: list[int]) -> None:
        """Re-highlight the blocks of these chunks (in time slices when there are many)."""
        self._rehighlight_blocks([b for i in indices for b in self.state.blocks_of(i)])

    def _rehighlight_blocks(self, blocks: list[int]) -> None:
        if len(blocks) > SLICED_REHIGHLIGHT_AT:
            self.sliced.add(blocks)
            return
        doc = self.document()
        for b in blocks:
            self.highlighter.rehighlightBlock(doc.findBlockByNumber(b))

    def apply_result(self, result: ChunkResult) -> int:
        """Show one result; return its chunk index, or -1 when it was stale and dropped."""
        i = self.state.apply(result)
        if i >= 0:
            self._show(i)
        return i

    def apply_refined(self, result: ChunkResult) -> int:
        """Replace a first verdict by its refined one; repaint only when the look changes.
        Return the chunk index, or -1 when the paragraph moved on (edited, re-analysing)."""
        i = self.state.index_of(result.chunk_id)
        if i < 0:
            return -1
        block = self.state.entries[i].first_block
        before = self.highlighter.format_for_block(block)
        if self.state.refine(result) < 0:
            return -1
        self._show(i, repaint=self.highlighter.format_for_block(block) is not before)
        return i

    def _show(self, i: int, repaint: bool = True) -> None:
        """Repaint chunk i's blocks (one result changed) and its details if under the cursor."""
        if repaint:
            doc = self.document()
            for b in self.state.blocks_of(i):
                self.highlighter.rehighlightBlock(doc.findBlockByNumber(b))
        if i == self.current_chunk():
            self._on_cursor()

    def mark_pending(self, indices: list[int]) -> None:
        self.state.mark_pending(indices)
        self.rehighlight_chunks(indices)

    def clear_pending(self) -> None:
        self.rehighlight_chunks(self.state.clear_pending())

    def set_focus_role(self, role_id: str | None) -> None:
        """Colour only paragraphs whose primary role is `role_id` (None: all)."""
        if self.highlighter.focus_role != role_id:
            self.highlighter.focus_role = role_id
            self.highlighter.rehighlight()

    def visible_range(self) -> tuple[int, int]:
        """(first, last) chunk index on screen; (0, -1) when there are no chunks."""
        entries = self.state.entries
        if not entries:
            return 0, -1
        top = self.firstVisibleBlock().blockNumber()
        bottom = self.cursorForPosition(self.viewport().rect().bottomLeft()).blockNumber()
        first = bisect.bisect_left(entries, top, key=lambda e: e.last_block)
        last = bisect.bisect_right(entries, bottom, key=lambda e: e.first_block) - 1
        return min(first, len(entries) - 1), max(last, first)

    def visible_first(self, indices: list[int]) -> list[int]:
        """`indices` with the paragraphs on screen first, then those below, then above."""
        first, last = self.visible_range()
        return sorted(indices, key=lambda i: (0 if first <= i <= last else 1 if i > last else 2,
                                              i))

    # ---- navigation --------------------------------------------------------------------
    def current_chunk(self) -> int:
        return self.state.chunk_at_block(self.textCursor().blockNumber())

    def jump_to_role(self, role_id: str, forward: bool = True) -> int:
        """Move the cursor to the next/previous paragraph with this primary role."""
        entries = self.state.entries
        here = self.textCursor().blockNumber()
        order = range(len(entries)) if forward else range(len(entries) - 1, -1, -1)
        for i in order:
            e = entries[i]
            ahead = e.first_block > here if forward else e.last_block < here
            if ahead and e.shown_role == role_id:
                self.go_to_chunk(i)
                return i
        return -1

    def go_to_chunk(self, index: int) -> None:
        block = self.document().findBlockByNumber(self.state.entries[index].first_block)
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()

    def _on_cursor(self) -> None:
        self.sig_cursor_chunk.emit(self.current_chunk())

    # ---- events ------------------------------------------------------------------------
    def changeEvent(self, ev: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange:  # light <-> dark theme
            self.highlighter.set_palette(self.palette())

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip:
            block = self.cursorForPosition(ev.pos()).blockNumber()
            i = self.state.chunk_at_block(block)
            if i >= 0:
                QToolTip.showText(ev.globalPos(), describe_html(self.state.entries[i], i), self)
            else:
                QToolTip.hideText()
                ev.ignore()
            return True
        return super().event(ev)

    def context_menu(self, pos: QPoint) -> QMenu:
        """The standard edit menu plus "Mark as…" for the paragraph at `pos` (viewport)."""
        menu = self.createStandardContextMenu(pos)
        i = self.state.chunk_at_block(self.cursorForPosition(pos).blockNumber())
        if i >= 0:
            mine = self.state.entries[i].mine
            menu.addSeparator()
            menu.addMenu(mark_menu(menu, mine[0] if mine else None,
                                   lambda role: self.sig_mark.emit(i, role)))
        return menu

    def contextMenuEvent(self, ev: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        menu = self.context_menu(ev.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(ev.globalPos())

    def dragEnterEvent(self, ev: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if _dropped_file(ev) is not None:
            ev.acceptProposedAction()
        else:
            super().dragEnterEvent(ev)

    def dragMoveEvent(self, ev) -> None:  # noqa: N802 - Qt override
        if _dropped_file(ev) is not None:
            ev.acceptProposedAction()
        else:
            super().dragMoveEvent(ev)

    def dropEvent(self, ev: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = _dropped_file(ev)
        if path is None:
            super().dropEvent(ev)
            return
        ev.acceptProposedAction()
        self.sig_file_dropped.emit(path)




def _line_cut(text: str, size: int) -> int:
    """Where to cut `text` to take about `size` characters: after a newline (or all of it)."""
    if len(text) <= size:
        return len(text)
    cut = text.find("\n", size)
    return len(text) if cut < 0 else cut + 1


def _dropped_file(ev) -> str | None:
    mime = ev.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    urls = [u for u in mime.urls() if u.isLocalFile()]
    return urls[0].toLocalFile() if urls else None

"""Colours whole paragraphs by the state and role of the chunk each block belongs to."""

from __future__ import annotations

from PySide6.QtGui import QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from gui.common.confidence import is_uncertain
from gui.common.draft_state import ChunkState, DraftState
from gui.common.role_style import FormatBook


class RoleHighlighter(QSyntaxHighlighter):
    """Reads DraftState; callers re-highlight single blocks as results arrive."""

    def __init__(self, document: QTextDocument, state: DraftState, palette: QPalette) -> None:
        super().__init__(document)
        self.state = state
        self.formats = FormatBook(palette)
        self.focus_role: str | None = None  # when set, only this role's paragraphs are coloured

    def set_palette(self, palette: QPalette) -> None:
        self.formats = FormatBook(palette)
        self.rehighlight()

    def format_for_block(self, block_number: int) -> QTextCharFormat | None:
        """The format a block should have now (None: leave it plain)."""
        entry = self.state.entry_at_block(block_number)
        if entry is None:
            return None
        if entry.mine:  # the writer's own role, whatever the analysis says or does
            role = entry.mine[0]
            return self.formats.role(role) if self.focus_role in (None, role) else None
        st = entry.state
        r = entry.result
        roles = r.roles if r is not None else ()
        # an unchanged paragraph being re-analysed keeps its colour: no flicker
        shown = bool(roles) and (st is ChunkState.DONE or st is ChunkState.PENDING
                                 and entry.before_pending is ChunkState.DONE)
        if self.focus_role is not None:
            if shown and self.focus_role == roles[0]:
                return self.formats.role(roles[0], r.provisional, is_uncertain(r))
            return None
        if shown:
            return self.formats.role(roles[0], r.provisional, is_uncertain(r))
        if st is ChunkState.PENDING:
            return self.formats.pending()
        if st is ChunkState.STALE:
            return self.formats.stale(roles[0] if roles else None, entry.error is not None)
        if st is ChunkState.ERROR:
            return self.formats.error()
        return None

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if not text:
            return
        fmt = self.format_for_block(self.currentBlock().blockNumber())
        if fmt is not None:
            self.setFormat(0, len(text.encode("utf-16-le")) // 2, fmt)

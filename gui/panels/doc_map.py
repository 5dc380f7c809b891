"""The document map: the draft's shape at a glance, beside the editor.

Every paragraph is a band in its role colour, as tall as its share of the text; a curve shows
topic relevance; a frame marks the part visible in the editor; a click jumps there.
Cheap at any length: band geometry is recomputed only when the text changes (prefix sums),
colours are read at paint time, and a paint touches at most one band per pixel row.
Repaints are coalesced by a short timer, so a burst of results costs one paint.
"""

from __future__ import annotations

import bisect
import itertools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from gui.common.confidence import is_uncertain
from gui.common.draft_state import ChunkState, DraftState, Entry
from gui.common.role_style import (
    ERROR_COLOR,
    PENDING_COLOR,
    UNCERTAIN_STRENGTH,
    blend,
    role_color,
)

REPAINT_MS = 80
CURVE_STEP = 4.0  # the relevance curve averages paragraphs over this many pixels
DONE = ChunkState.DONE
MIN_WIDTH = 22


class DocumentMap(QWidget):
    """A slim vertical map of `editor`'s paragraphs; call `schedule()` when something changed."""

    def __init__(self, editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setObjectName("document_map")
        self.setFixedWidth(MIN_WIDTH + 6)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Document map: every paragraph in its role colour, as tall as "
                                "its share of the text; the line is its relevance to the topic; "
                                "the frame is what the editor shows. Click to jump."))
        self._doc = None
        self._split: dict[str, str] = {}  # chunk id -> a compared method's primary role
        self._tops: list[int] = [0]  # prefix sums of paragraph weights
        self.paints = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self.update)
        editor.verticalScrollBar().valueChanged.connect(lambda _v: self.schedule())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(MIN_WIDTH + 6, 200)

    def schedule(self) -> None:
        """Repaint soon (many calls within REPAINT_MS make one paint)."""
        if not self._timer.isActive():
            self._timer.start()

    # ---- geometry --------------------------------------------------------------------
    @property
    def state(self) -> DraftState:
        return self.editor.state

    def _geometry(self) -> list[int]:
        """Prefix sums of paragraph lengths, recomputed only when the text was re-split."""
        if self._doc is not self.state.doc:
            self._doc = self.state.doc
            weights = (max(len(e.chunk.text), 1) for e in self.state.entries)
            self._tops = [0, *itertools.accumulate(weights)]
        return self._tops

    def _scale(self) -> float:
        total = self._geometry()[-1]
        return (self.height() - 2) / total if total else 0.0

    def index_at(self, y: float) -> int:
        """The paragraph index drawn at height `y`, or -1."""
        tops = self._geometry()
        scale = self._scale()
        if scale <= 0 or len(tops) < 2:
            return -1
        i = bisect.bisect_right(tops, (y - 1) / scale) - 1
        return min(max(i, 0), len(tops) - 2)

    # ---- painting ----------------------------------------------------------------------
    def _color(self, entry: Entry, base: QColor) -> QColor:
        st, r = entry.state, entry.result
        if entry.mine:
            return role_color(entry.mine[0])
        role = r.roles[0] if r is not None and r.roles else None
        if st is ChunkState.DONE and role:
            if is_uncertain(r):
                return blend(role_color(role), base, UNCERTAIN_STRENGTH)
            return role_color(role)
        if st is ChunkState.STALE and role:
            return blend(role_color(role), base, 0.35)
        if st is ChunkState.PENDING:
            return blend(QColor(PENDING_COLOR), base, 0.6)
        if st is ChunkState.ERROR:
            return QColor(ERROR_COLOR)
        return blend(self.palette().color(QPalette.ColorRole.Mid), base, 0.35)

    def _bands(self) -> list[tuple[int, float, float]]:
        """(entry index, top, bottom) per drawn band: every paragraph, or one per pixel row."""
        tops, scale = self._geometry(), self._scale()
        n = len(tops) - 1
        if n <= 0 or scale <= 0:
            return []
        if n <= self.height():
            return [(i, 1 + tops[i] * scale, 1 + tops[i + 1] * scale) for i in range(n)]
        out: list[tuple[int, float, float]] = []
        last = n - 1
        for y in range(1, self.height() - 1):
            i = min(max(bisect.bisect_right(tops, (y - 0.5) / scale) - 1, 0), last)
            if out and out[-1][0] == i:
                out[-1] = (i, out[-1][1], y + 1.0)
            else:
                out.append((i, float(y), y + 1.0))
        return out

    def paintEvent(self, ev: QPaintEvent) -> None:  # noqa: N802 - Qt override
        self.paints += 1
        p = QPainter(self)
        base = self.palette().color(QPalette.ColorRole.Base)
        p.fillRect(self.rect(), base)
        entries = self.state.entries
        w = self.width()
        colors: dict[object, QColor] = {}
        rels: list[tuple[float, float]] = []
        run_color, run_top, run_bottom = None, 0.0, 0.0
        for i, top, bottom in self._bands():
            entry = entries[i]
            r = entry.result
            state = entry.state
            key = _colour_key(entry)
            color = colors.get(key)
            if color is None:
                color = colors[key] = self._color(entry, base)
            if bottom - top >= 3:  # a band tall enough to show a gap before the next one
                bottom -= 1
            if color is run_color and top - run_bottom < 0.5:
                run_bottom = bottom
            else:
                if run_color is not None:
                    p.fillRect(QRectF(2, run_top, w - 4, run_bottom - run_top), run_color)
                run_color, run_top, run_bottom = color, top, bottom
            if r is not None and r.relevance is not None and state is not ChunkState.PENDING:
                rels.append(((top + bottom) / 2, min(max(r.relevance, 0.0), 1.0)))
        if run_color is not None:
            p.fillRect(QRectF(2, run_top, w - 4, run_bottom - run_top), run_color)
        self._paint_split(p)
        points = [QPointF(3 + (w - 6) * rel, y) for y, rel in _smooth(rels, CURVE_STEP)]
        if len(points) > 1:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen_color = self.palette().color(QPalette.ColorRole.Text)
            pen_color.setAlpha(190)
            p.setPen(QPen(pen_color, 1.2))
            p.drawPolyline(QPolygonF(points))
        self._paint_view(p)
        p.end()

    # ---- method comparison: where two methods disagree, a band's right half is the other's ----
    def set_split(self, roles_by_id: dict[str, str]) -> None:
        """Split the bands of these paragraphs (chunk id -> the other method's primary role)."""
        self._split = dict(roles_by_id)
        self.schedule()

    def split_count(self) -> int:
        return len(self._split)

    def _paint_split(self, p: QPainter) -> None:
        if not self._split:
            return
        entries, half = self.state.entries, (self.width() - 4) / 2
        for i, top, bottom in self._bands():
            role = self._split.get(entries[i].chunk.id)
            if role:
                p.fillRect(QRectF(2 + half, top, half, max(bottom - top, 1.0)), role_color(role))

    def visible_range(self) -> tuple[float, float] | None:
        """Top and bottom (in map pixels) of the part of the draft the editor shows."""
        ed = self.editor
        first = ed.firstVisibleBlock()
        if not first.isValid() or not self.state.entries:
            return None
        last_block = ed.cursorForPosition(ed.viewport().rect().bottomLeft()).blockNumber()
        lo = self._nearest_chunk(first.blockNumber(), +1)
        hi = self._nearest_chunk(last_block, -1)
        if lo < 0 or hi < 0:
            return None
        tops, scale = self._geometry(), self._scale()
        return 1 + tops[min(lo, hi)] * scale, 1 + tops[max(lo, hi) + 1] * scale

    def _nearest_chunk(self, block: int, step: int) -> int:
        """The chunk at `block`, or the nearest one in direction `step` (blank lines)."""
        n_blocks = self.editor.document().blockCount()
        for _ in range(50):
            if not 0 <= block < n_blocks:
                break
            i = self.state.chunk_at_block(block)
            if i >= 0:
                return i
            block += step
        return 0 if step > 0 else len(self.state.entries) - 1

    def _paint_view(self, p: QPainter) -> None:
        span = self.visible_range()
        if span is None:
            return
        top, bottom = span
        color = self.palette().color(QPalette.ColorRole.Highlight)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(QPen(color, 2))
        p.drawRect(QRectF(1, top, self.width() - 2, max(bottom - top, 3)))

    # ---- input -------------------------------------------------------------------------
    def mousePressEvent(self, ev: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if ev.button() == Qt.MouseButton.LeftButton:
            self._jump(ev.position().y())

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if ev.buttons() & Qt.MouseButton.LeftButton:
            self._jump(ev.position().y())

    def _jump(self, y: float) -> None:
        i = self.index_at(y)
        if i >= 0:
            self.editor.go_to_chunk(i)
            self.schedule()


def _colour_key(entry: Entry) -> object:
    """Entries with equal keys are drawn in the same colour."""
    if entry.mine:
        return entry.mine[0]
    r = entry.result
    if entry.state is DONE and r.roles:
        return (r.roles[0], "?") if is_uncertain(r) else r.roles[0]
    return id(entry.state), r and r.roles[:1]


def _smooth(points: list[tuple[float, float]], step: float) -> list[tuple[float, float]]:
    """Average (y, value) points over buckets `step` pixels tall (one point per bucket), so a
    long draft's relevance reads as a trend instead of a zigzag."""
    out: list[tuple[float, float]] = []
    bucket, ys, vs = None, 0.0, 0.0
    n = 0
    for y, v in points:
        b = int(y // step)
        if b != bucket and n:
            out.append((ys / n, vs / n))
            ys, vs, n = 0.0, 0.0, 0
        bucket = b
        ys, vs, n = ys + y, vs + v, n + 1
    if n:
        out.append((ys / n, vs / n))
    return out

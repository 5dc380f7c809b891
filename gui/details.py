"""Describe one paragraph's analysis: the hover tooltip and the details panel."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.models import ChunkResult
from core.roles import BY_ID
from gui.draft_state import ChunkState, Entry
from gui.role_style import ERROR_COLOR, role_color, role_name

_STATE_TEXT = {
    ChunkState.NONE: "not analysed yet",
    ChunkState.PENDING: "waiting for the answer…",
    ChunkState.DONE: "analysed",
    ChunkState.STALE: "edited since it was analysed",
    ChunkState.ERROR: "analysis failed",
}


ROUTE_TEXT = {
    "fallback": "fallback (the first backend failed)",
    "hedge": "hedge (the first backend was slow)",
}


def _swatch(role_id: str) -> str:
    return (f'<span style="color:{role_color(role_id).name()}">■</span> '
            f"<b>{html.escape(role_name(role_id))}</b>")


def _fmt(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def _result_lines(r: ChunkResult) -> list[str]:
    lines = []
    for k, rid in enumerate(r.roles):
        meaning = BY_ID[rid].meaning if rid in BY_ID else ""
        label = "Role" if k == 0 else "Also"
        lines.append(f"{label}: {_swatch(rid)} — <i>{html.escape(meaning)}</i>")
    src = r.backend + (f" ({html.escape(r.model)})" if r.model else "")
    tags = [t for t, on in (("provisional", r.provisional), ("cached", r.cached)) if on]
    if r.route in ROUTE_TEXT:
        tags.append(ROUTE_TEXT[r.route])
    lines.append(f"Backend: {html.escape(src)}{' · ' + ', '.join(tags) if tags else ''}")
    lines.append(f"Latency: {_fmt(r.latency_ms, ' ms', 1)}")
    lines.append(f"Relevance: {_fmt(r.relevance)} · Complexity: {_fmt(r.complexity)}")
    if r.error:
        lines.append(f'<span style="color:{ERROR_COLOR}">Error: {html.escape(r.error)}</span>')
    return lines


def describe_html(entry: Entry, number: int | None = None) -> str:
    """Rich text for a paragraph: state, roles, backend, latency, scores, error."""
    head = f"Paragraph {number + 1}" if number is not None else "Paragraph"
    lines = [f"<b>{head}</b> — {_STATE_TEXT[entry.state]}"]
    if entry.result is not None:
        if entry.state is ChunkState.STALE:
            lines.append("<i>Last result (before the edit):</i>")
        lines += _result_lines(entry.result)
    return "<br>".join(lines)


class DetailsPanel(QWidget):
    """Shows the analysis of the paragraph under the text cursor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(self.label.textFormat().RichText)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.show_entry(None)

    def show_entry(self, entry: Entry | None, number: int | None = None) -> None:
        """Describe `entry`, or a hint when the cursor is on no paragraph."""
        if entry is None:
            self.label.setText("<i>Put the cursor in a paragraph to see its analysis.</i>")
        else:
            self.label.setText(describe_html(entry, number))

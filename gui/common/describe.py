"""One paragraph's analysis as rich text: the editor's hover tooltip and the details panel."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core.models import ChunkResult
from gui.common.confidence import confidence_html
from gui.common.draft_state import ChunkState, Entry
from gui.common.error_text import error_text
from gui.common.i18n import method_label, role_meaning
from gui.common.locale_axis import locale_number
from gui.common.role_style import ERROR_COLOR, role_color, role_name

_STATE_TEXT = {  # translated where shown
    ChunkState.NONE: QT_TRANSLATE_NOOP("Details", "not analysed yet"),
    ChunkState.PENDING: QT_TRANSLATE_NOOP("Details", "waiting for the answer…"),
    ChunkState.DONE: QT_TRANSLATE_NOOP("Details", "analysed"),
    ChunkState.STALE: QT_TRANSLATE_NOOP("Details", "edited since it was analysed"),
    ChunkState.ERROR: QT_TRANSLATE_NOOP("Details", "analysis failed"),
}
translate = QCoreApplication.translate


ROUTE_TEXT = {
    "fallback": QT_TRANSLATE_NOOP("Details", "fallback (the first backend failed)"),
    "hedge": QT_TRANSLATE_NOOP("Details", "hedge (the first backend was slow)"),
}


def _swatch(role_id: str) -> str:
    return (f'<span style="color:{role_color(role_id).name()}">■</span> '
            f"<b>{html.escape(role_name(role_id))}</b>")


def _fmt(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "—" if value is None else locale_number(value, digits) + unit


def result_error(r: ChunkResult) -> str:
    """A result's error in the interface language."""
    return error_text(r.error_kind, r.error_detail, r.error)


def _role_line(label: str, rid: str, note: str = "") -> str:
    return (f"{label}: {_swatch(rid)} — <i>{html.escape(role_meaning(rid))}</i>"
            + (f" · <b>{html.escape(note)}</b>" if note else ""))


def _role_lines(roles: tuple[str, ...], first: str, note: str = "") -> list[str]:
    """The primary role under `first` (with `note`), any other under "Also"."""
    return [_role_line(first, rid, note) if k == 0
            else _role_line(translate("Details", "Also"), rid) for k, rid in enumerate(roles)]


def _result_lines(r: ChunkResult, mine: bool = False, refined: bool = False) -> list[str]:
    first = translate("Details", "Analyser's verdict") if mine else translate("Details", "Role")
    lines = _role_lines(r.roles, first)
    if r.confidence is not None:
        lines.append(confidence_html(r))
    src = method_label(r.backend) + (f" ({r.model})" if r.model else "")  # "Локально (local-v1)"
    tags = [t for t, on in ((translate("Details", "provisional"), r.provisional),
                            (translate("Details", "cached"), r.cached),
                            (translate("Details", "refined"), refined)) if on]
    if r.route in ROUTE_TEXT:
        tags.append(translate("Details", ROUTE_TEXT[r.route]))
    lines.append(translate("Details", "Backend") + f": {html.escape(src)}"
                 f"{' · ' + ', '.join(tags) if tags else ''}")
    lines.append(translate("Details", "Latency") + ": "
                 + _fmt(r.latency_ms, " " + translate("Details", "ms"), 1))
    lines.append(translate("Details", "Relevance") + f": {_fmt(r.relevance)} · "
                 + translate("Details", "Complexity") + f": {_fmt(r.complexity)}")
    if r.error:
        lines.append(f'<span style="color:{ERROR_COLOR}">' + translate("Details", "Error")
                     + f": {html.escape(result_error(r))}</span>")
    return lines


def describe_html(entry: Entry, number: int | None = None) -> str:
    """Rich text for a paragraph: state, roles, backend, latency, scores, error."""
    head = translate("Details", "Paragraph") + (f" {number + 1}" if number is not None else "")
    lines = [f"<b>{head}</b> — {translate('Details', _STATE_TEXT[entry.state])}"]
    if entry.mine:
        lines += _role_lines(entry.mine, translate("Details", "Role"),
                             translate("Details", "yours"))
    if entry.result is not None:
        if entry.state is ChunkState.STALE:
            lines.append("<i>" + translate("Details", "Last result (before the edit):") + "</i>")
        lines += _result_lines(entry.result, bool(entry.mine), entry.refined)
    if entry.error is not None and entry.error is not entry.result:  # failed re-run, result kept
        lines.insert(1, f'<span style="color:{ERROR_COLOR}">'
                     + translate("Details", "Re-analysis failed")
                     + f": {html.escape(result_error(entry.error))}</span>")
    return "<br>".join(lines)

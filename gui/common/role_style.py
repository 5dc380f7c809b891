"""Role colours and text formats: a colour-vision-safe palette with secondary cues.

Colours are Paul Tol's "muted" scheme (designed to stay distinct under common colour-vision
deficiencies) plus its pale grey. Backgrounds are the role colour blended into the palette's
base colour, so they stay readable in light and dark themes. Some roles add a second cue
(weight, underline style) so that colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QTextCharFormat

from core.output.report import ROLE_COLORS
from gui.common.i18n import role_label


@dataclass(frozen=True)
class RoleStyle:
    """Colour and secondary cue of one role."""

    color: str
    underline: QTextCharFormat.UnderlineStyle = QTextCharFormat.UnderlineStyle.NoUnderline
    bold: bool = False
    italic: bool = False


_U = QTextCharFormat.UnderlineStyle
STYLES: dict[str, RoleStyle] = {  # colours: core.output.report.ROLE_COLORS
    "topic_disclosure": RoleStyle(ROLE_COLORS["topic_disclosure"]),
    "example": RoleStyle(ROLE_COLORS["example"]),
    "lyrical_digression": RoleStyle(ROLE_COLORS["lyrical_digression"], italic=True),
    "key_thesis": RoleStyle(ROLE_COLORS["key_thesis"], bold=True),
    "noise": RoleStyle(ROLE_COLORS["noise"], underline=_U.DotLine),
    "metaphor": RoleStyle(ROLE_COLORS["metaphor"]),
    "humor": RoleStyle(ROLE_COLORS["humor"], underline=_U.DashUnderline),
    "transition": RoleStyle(ROLE_COLORS["transition"], underline=_U.DotLine),
    "topic_change": RoleStyle(ROLE_COLORS["topic_change"], underline=_U.DashDotLine),
    "contrast": RoleStyle(ROLE_COLORS["contrast"], underline=_U.SingleUnderline),
}
PENDING_COLOR = "#8C8C8C"
ERROR_COLOR = "#D55E00"  # Okabe-Ito vermillion: distinct from every role colour
UNCERTAIN_STRENGTH = 0.45  # an uncertain verdict's tint, as a share of a sure one's


def role_color(role_id: str) -> QColor:
    """The full-strength colour of a role (legend swatches, chart, HTML export)."""
    style = STYLES.get(role_id)
    return QColor(style.color if style else PENDING_COLOR)


def role_name(role_id: str) -> str:
    """The role's name in the interface language."""
    return role_label(role_id)


CUES = {  # the secondary cue of a role's text, in words (legend, help)
    "bold": QT_TRANSLATE_NOOP("RoleStyle", "bold text"),
    "italic": QT_TRANSLATE_NOOP("RoleStyle", "italic text"),
    _U.DotLine: QT_TRANSLATE_NOOP("RoleStyle", "dotted underline"),
    _U.DashUnderline: QT_TRANSLATE_NOOP("RoleStyle", "dashed underline"),
    _U.DashDotLine: QT_TRANSLATE_NOOP("RoleStyle", "dash-dot underline"),
    _U.SingleUnderline: QT_TRANSLATE_NOOP("RoleStyle", "solid underline"),
}


def cue_text(role_id: str) -> str:
    """The role's text style in words ("bold text", "dotted underline"), or ""."""
    style = STYLES.get(role_id)
    if style is None:
        return ""
    keys = [k for k, on in (("bold", style.bold), ("italic", style.italic)) if on]
    if style.underline != _U.NoUnderline:
        keys.append(style.underline)
    return ", ".join(QCoreApplication.translate("RoleStyle", CUES[k]) for k in keys)


def is_dark(palette: QPalette) -> bool:
    """True when the palette's base (editor background) is dark."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def blend(color: QColor, base: QColor, alpha: float) -> QColor:
    """`color` laid over `base` with opacity `alpha`, as an opaque colour."""
    return QColor(
        round(base.red() + (color.red() - base.red()) * alpha),
        round(base.green() + (color.green() - base.green()) * alpha),
        round(base.blue() + (color.blue() - base.blue()) * alpha),
    )


class FormatBook:
    """Builds and caches QTextCharFormats per (state, role, provisional) for one palette."""

    def __init__(self, palette: QPalette) -> None:
        self.palette = palette
        self.dark = is_dark(palette)
        self._cache: dict[tuple, QTextCharFormat] = {}

    def _tint(self, color: QColor, strength: float = 1.0) -> QColor:
        base = self.palette.color(QPalette.ColorRole.Base)
        return blend(color, base, (0.55 if self.dark else 0.42) * strength)

    def role(self, role_id: str, provisional: bool = False,
             uncertain: bool = False) -> QTextCharFormat:
        """Analysed paragraph; a provisional answer gets a lighter, dotted-hatched look; an
        uncertain one (low confidence) a paler tint (UNCERTAIN_STRENGTH)."""
        key = ("role", role_id, provisional, uncertain)
        if key not in self._cache:
            style = STYLES.get(role_id, RoleStyle(PENDING_COLOR))
            fmt = QTextCharFormat()
            color = QColor(style.color)
            strength = UNCERTAIN_STRENGTH if uncertain else 1.0
            if provisional:
                fmt.setBackground(QBrush(self._tint(color, 0.9 * strength),
                                         Qt.BrushStyle.Dense4Pattern))
            else:
                fmt.setBackground(self._tint(color, strength))
            if style.bold:
                fmt.setFontWeight(QFont.Weight.DemiBold)
            fmt.setFontItalic(style.italic)
            if style.underline != _U.NoUnderline:
                fmt.setUnderlineStyle(style.underline)
                fmt.setUnderlineColor(color.lighter(150) if self.dark else color.darker(130))
            self._cache[key] = fmt
        return self._cache[key]

    def pending(self) -> QTextCharFormat:
        """Requested, no answer yet: grey diagonal hatching."""
        if "pending" not in self._cache:
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(self._tint(QColor(PENDING_COLOR)), Qt.BrushStyle.BDiagPattern))
            self._cache["pending"] = fmt
        return self._cache["pending"]

    def stale(self, role_id: str | None, failed: bool = False) -> QTextCharFormat:
        """Edited since its result (or its re-analysis failed): a faint trace of the old
        colour, muted text; `failed` adds the error's wavy vermillion underline on top."""
        key = ("stale", role_id, failed)
        if key not in self._cache:
            fmt = QTextCharFormat()
            if role_id:
                fmt.setBackground(self._tint(role_color(role_id), 0.3))
            fmt.setForeground(self.palette.color(QPalette.ColorRole.PlaceholderText))
            if failed:
                fmt.setUnderlineStyle(_U.WaveUnderline)
                fmt.setUnderlineColor(QColor(ERROR_COLOR))
            self._cache[key] = fmt
        return self._cache[key]

    def error(self) -> QTextCharFormat:
        """Analysis failed: vermillion wave underline on a faint tint."""
        if "error" not in self._cache:
            fmt = QTextCharFormat()
            fmt.setBackground(self._tint(QColor(ERROR_COLOR), 0.35))
            fmt.setUnderlineStyle(_U.WaveUnderline)
            fmt.setUnderlineColor(QColor(ERROR_COLOR))
            self._cache["error"] = fmt
        return self._cache["error"]

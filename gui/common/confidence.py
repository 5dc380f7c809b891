"""When a verdict counts as uncertain, and how the panel says so.

A result whose calibrated `confidence` (probability of its primary role) is below
UNCERTAIN_BELOW is shown as uncertain: a lighter colour in the editor and the document map, and
"uncertain (0.41) — maybe humor" in the paragraph panel. Results without a confidence (the
network methods) look as before. 0.5 is where the primary role is no longer more likely than
all the others together (the model engineer's `core.local.classifier.UNCERTAIN_BELOW` agrees).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QLocale

from core.models import ChunkResult
from gui.common.i18n import fill
from gui.common.role_style import PENDING_COLOR, role_name

UNCERTAIN_BELOW = 0.5
translate = QCoreApplication.translate


def is_uncertain(result: ChunkResult | None) -> bool:
    """True for a result with roles whose confidence is known and below UNCERTAIN_BELOW."""
    return (result is not None and result.confidence is not None and bool(result.roles)
            and result.confidence < UNCERTAIN_BELOW)


def runner_up(result: ChunkResult) -> str | None:
    """The role an uncertain verdict might be instead: its second role, else the model's
    next most probable role (Local), else None."""
    return result.roles[1] if len(result.roles) > 1 else result.runner_up


def confidence_text(r: ChunkResult) -> str:
    """'uncertain (0.41) — maybe humor', 'confidence 0.83', or '' (no confidence known)."""
    if r.confidence is None or not r.roles:
        return ""
    value = QLocale().toString(r.confidence, "f", 2)
    if not is_uncertain(r):
        return fill(translate("Details", "confidence %1"), value)
    other = runner_up(r)
    if other is None:
        return fill(translate("Details", "uncertain (%1)"), value)
    return fill(translate("Details", "uncertain (%1) — maybe %2"), value, role_name(other))


def confidence_html(r: ChunkResult) -> str:
    """confidence_text for the paragraph panel: greyed when uncertain."""
    style = f' style="color:{PENDING_COLOR}"' if is_uncertain(r) else ""
    return f"<span{style}>{html.escape(confidence_text(r))}</span>"

"""The status bar's words for a run: what happened to its paragraphs.

Answered, failed and retried are counted apart: a paragraph whose request was refused and then
re-asked and answered is "answered after a retry", never "failed"; a run whose paragraphs all
failed says so instead of "done".
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, QLocale

from gui.common.error_text import error_text
from gui.common.i18n import fill, paragraphs
from gui.common.i18n import method_label as _method_label

translate = QCoreApplication.translate


class RunCounts(Protocol):
    method: str
    total: int
    done: int
    errors: int
    dropped: int
    retried: int
    status: str
    message: str


def all_failed(p: RunCounts) -> bool:
    """Every paragraph the run finished ended in an error."""
    return p.done > 0 and p.errors == p.done


def run_status_text(p: RunCounts, seconds: float) -> str:
    """One line for the status bar: method, state, and answered / failed / retried counts."""
    label = _method_label(p.method)
    if p.status == "failed":
        return fill(translate("RunStatus", "%1: failed — %2"), label,
                    error_text(None, None, p.message))
    if p.status == "running":
        head = fill(translate("RunStatus", "%1: analysing… %2/%3"), label, p.done, p.total)
    elif p.status == "stopped":
        head = fill(translate("RunStatus", "%1: stopped at %2/%3"), label, p.done, p.total)
    elif all_failed(p):
        return fill(translate("RunStatus", "%1: all %2 failed"), label, paragraphs(p.errors))
    elif p.errors:
        head = fill(translate("RunStatus", "%1: %2 of %3 answered in %4 s"), label,
                    p.done - p.errors, p.total, QLocale().toString(seconds, "f", 1))
    else:
        head = fill(translate("RunStatus", "%1: done %2/%3 in %4 s"), label, p.done, p.total,
                    QLocale().toString(seconds, "f", 1))
    extra = ""
    if p.errors:
        extra += " · " + fill(translate("RunStatus", "%1 failed"), p.errors)
    if p.retried:
        extra += " · " + fill(translate("RunStatus", "%1 answered after a retry"), p.retried)
    if p.dropped:
        extra += " · " + fill(translate("RunStatus", "%1 stale results dropped"), p.dropped)
    return head + extra

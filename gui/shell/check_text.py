"""The steps of "Test connection" in the interface language.

core's check writes each step's detail in English; the known shapes are matched here and
said again with translated words (model names, server messages and numbers stay as they are).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from gui.common.i18n import fill

translate = QCoreApplication.translate

DETAILS = (  # pattern -> sentence with %1, %2 ... for the pattern's groups
    (re.compile(r"(\d+) models: (.*)", re.S), QT_TRANSLATE_NOOP("Check", "%1 models: %2")),
    (re.compile(r"(\S+) answered: (.*)", re.S), QT_TRANSLATE_NOOP("Check", "%1 answered: %2")),
    (re.compile(r"(\S+): session accepted \(type (\S+), output (.*)\)", re.S),
     QT_TRANSLATE_NOOP("Check", "%1: session accepted (type %2, output %3)")),
    (re.compile(r"no answer within (\S+) s \(the server may be hung\)"),
     QT_TRANSLATE_NOOP("Check", "no answer within %1 s (the server may be hung)")),
    (re.compile(r"cannot reach the server: connection refused \(nothing listens at that "
                r"address and port\)"),
     QT_TRANSLATE_NOOP("Check", "cannot reach the server: connection refused (nothing listens "
                       "at that address and port)")),
    (re.compile(r"cannot reach the server: unknown host name"),
     QT_TRANSLATE_NOOP("Check", "cannot reach the server: unknown host name")),
    (re.compile(r"cannot reach the server: (.*)", re.S),
     QT_TRANSLATE_NOOP("Check", "cannot reach the server: %1")),
)


def check_detail(detail: str) -> str:
    """A check step's detail in the interface language (unknown shapes unchanged)."""
    for pattern, sentence in DETAILS:
        m = pattern.fullmatch(detail)
        if m:
            return fill(translate("Check", sentence), *m.groups())
    return detail

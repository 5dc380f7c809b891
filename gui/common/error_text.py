"""Errors from core in the interface language, built from their kind and values.

core gives a failure as `error_kind` (a FailureKind value), `error_detail` (the values its words
are built from: url, status, seconds, ...) and an English `error` text. Here the kind picks a
translated sentence filled with the values; when the values are missing, known English
sentences are matched (their values taken from the text), then the gui.common.i18n table; as
the last resort a translated headline for the kind is shown with the original words after it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from gui.common.i18n import core_text, fill, language
from gui.common.locale_axis import locale_number

translate = QCoreApplication.translate
_CTX = "CoreErrors"

# kind -> (sentence, the detail keys it needs, in %1, %2 ... order)
BY_KIND: dict[str, tuple[str, tuple[str, ...]]] = {
    "unreachable": (QT_TRANSLATE_NOOP("CoreErrors", "Cannot reach the server at %1. Check the "
                                      "base URL and that the server is running."), ("url",)),
    "hung": (QT_TRANSLATE_NOOP("CoreErrors", "The server at %1 stopped answering: nothing came "
                               "for %2 s."), ("url", "seconds")),
    "rate_limited": (QT_TRANSLATE_NOOP("CoreErrors", "The server asked to slow down (HTTP 429); "
                                       "it can be asked again in %1 s."), ("seconds",)),
    "server_error": (QT_TRANSLATE_NOOP("CoreErrors", "The server failed (HTTP %1)."),
                     ("status",)),
    "rejected": (QT_TRANSLATE_NOOP("CoreErrors", "The server rejected the request (HTTP %1): "
                                   "check the API key, the model and the settings."),
                 ("status",)),
}
HEADLINES: dict[str, str] = {  # kind -> what happened, without values
    "unreachable": QT_TRANSLATE_NOOP("CoreErrors", "Cannot reach the server"),
    "hung": QT_TRANSLATE_NOOP("CoreErrors", "The server stopped answering"),
    "cut": QT_TRANSLATE_NOOP("CoreErrors", "The connection broke in the middle of the answer"),
    "rate_limited": QT_TRANSLATE_NOOP("CoreErrors", "The server asked to slow down"),
    "server_error": QT_TRANSLATE_NOOP("CoreErrors", "The server failed"),
    "rejected": QT_TRANSLATE_NOOP("CoreErrors", "The server rejected the request"),
    "no_realtime": QT_TRANSLATE_NOOP("CoreErrors", "This server has no Realtime endpoint"),
    "malformed": QT_TRANSLATE_NOOP("CoreErrors", "The server's answer could not be read"),
    "unavailable": QT_TRANSLATE_NOOP("CoreErrors", "Every method that could answer is down "
                                     "for now"),
    "internal": QT_TRANSLATE_NOOP("CoreErrors", "An internal error"),
}
# English sentences core writes today, read back into (kind, detail)
_KNOWN = (
    (re.compile(r"Cannot reach the server at (?P<url>\S+) \(.*\)\. Check the base URL and that "
                r"the server is running\."), "unreachable"),
    (re.compile(r"The server at (?P<url>\S+) stopped answering: \d+ requests in a row got "
                r"nothing for (?P<seconds>[\d.]+) s\..*"), "hung"),
    (re.compile(r"The server failed \(HTTP (?P<status>\d{3})\).*"), "server_error"),
    (re.compile(r"The server rejected the request \((?P<status>\d{3})\).*"), "rejected"),
)


def _value(key: str, value: object) -> str:
    if key == "seconds":
        try:
            return locale_number(float(value), 0 if float(value).is_integer() else 1)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _from_kind(kind: str, detail: Mapping[str, object]) -> str | None:
    sentence, keys = BY_KIND.get(kind, ("", ()))
    if not sentence or not all(detail.get(k) not in (None, "") for k in keys):
        return None
    return fill(translate(_CTX, sentence), *(_value(k, detail[k]) for k in keys))


def error_text(kind: str | None, detail: Mapping[str, object] | None, message: str | None) -> str:
    """The error in the interface language (see the module note)."""
    message = message or ""
    if kind and (text := _from_kind(kind, detail or {})):
        return text
    for pattern, known_kind in _KNOWN:
        m = pattern.fullmatch(message)
        if m and (text := _from_kind(known_kind, m.groupdict())):
            return text
    translated = core_text(message)
    if translated != message or language() == "en" or not kind:
        return translated or ""
    headline = translate(_CTX, HEADLINES.get(kind, HEADLINES["internal"]))
    return f"{headline} ({message})" if message else headline

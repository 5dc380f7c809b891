"""Keep secrets out of logs, exports and the event log."""

from __future__ import annotations

import logging
import re
from typing import Any

_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+[A-Za-z0-9_\-.]{6,})")
_SECRET_FIELDS = {"api_key", "authorization", "client_secret", "key", "token"}
_known: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember a secret so that `redact` also masks it where it has no tell-tale shape.

    From then on every log record (ours and the libraries', e.g. a WebSocket client's
    handshake headers at DEBUG level) is redacted as it is created.
    """
    if secret and len(secret) >= 4:
        _known.add(secret)
        _redact_log_records()


_factory_installed = False


def _redact_log_records() -> None:
    global _factory_installed
    if _factory_installed:
        return
    _factory_installed = True
    make_record = logging.getLogRecordFactory()

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the logging machinery
            return record
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info:  # formatted now, so a traceback's texts are masked too
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(redacting_factory)


def redact(text: str) -> str:
    """Mask API keys and bearer tokens in a string."""
    for secret in _known:
        text = text.replace(secret, "***")
    return _KEY_PATTERN.sub("***", text)


def redact_obj(value: Any) -> Any:
    """Deep-copy JSON-like data with secret fields and key-shaped strings masked."""
    if isinstance(value, dict):
        return {
            k: "***" if str(k).lower() in _SECRET_FIELDS else redact_obj(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_obj(v) for v in value]
    if isinstance(value, str):
        return redact(value)
    return value

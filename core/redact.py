"""Keep secrets out of logs, exports and the event log."""

from __future__ import annotations

import re
from typing import Any

_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+[A-Za-z0-9_\-.]{6,})")
_SECRET_FIELDS = {"api_key", "authorization", "client_secret", "key", "token"}
_known: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember a secret so that `redact` also masks it where it has no tell-tale shape."""
    if secret and len(secret) >= 4:
        _known.add(secret)


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

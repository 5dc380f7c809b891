"""The topic of each draft file, remembered next to the recent files (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

from core.settings import config_dir
from core.textio import write_text_atomic

MAX_TOPICS = 200


def _topics_path() -> Path:
    return config_dir() / "topics.json"


def _load() -> dict[str, str]:
    try:
        raw = json.loads(_topics_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}


def _key(path: str | Path) -> str:
    return str(Path(path).resolve())


def topic_for(path: str | Path) -> str | None:
    """The topic last used with this file, or None."""
    return _load().get(_key(path))


def remember_topic(path: str | Path, topic: str) -> None:
    """Store `topic` for this file (newest last; the oldest entries are dropped)."""
    topic = topic.strip()
    items = _load()
    key = _key(path)
    items.pop(key, None)
    if topic:
        items[key] = topic
    items = dict(list(items.items())[-MAX_TOPICS:])
    try:
        _topics_path().parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(_topics_path(), json.dumps(items, ensure_ascii=False, indent=1))
    except OSError:
        pass  # a read-only config dir only loses the memory of topics

"""Drafts on disk: open and save .txt/.md, recent files (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

from core.settings import config_dir
from core.textio import DraftError, write_text_atomic

DRAFT_FILTER = "Drafts (*.md *.markdown *.txt);;All files (*)"
MAX_RECENT = 10


def save_draft(path: str | Path, text: str) -> None:
    """Write UTF-8 atomically (a crash mid-save never leaves a half-written draft)."""
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise DraftError(f"Cannot save {path}: {exc.strerror or exc}.") from exc


def _recent_path() -> Path:
    return config_dir() / "recent.json"


def recent_files() -> list[str]:
    """Recently opened or saved drafts that still exist, newest first."""
    try:
        items = json.loads(_recent_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [p for p in items if isinstance(p, str) and Path(p).is_file()][:MAX_RECENT]


def add_recent(path: str | Path) -> list[str]:
    """Put `path` first in the recent list; return the new list."""
    p = str(Path(path).resolve())
    items = [p] + [x for x in recent_files() if x != p]
    items = items[:MAX_RECENT]
    try:
        _recent_path().parent.mkdir(parents=True, exist_ok=True)
        _recent_path().write_text(json.dumps(items, indent=1), encoding="utf-8")
    except OSError:
        pass  # a read-only config dir only loses the recent list
    return items

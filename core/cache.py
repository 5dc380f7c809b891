"""Persistent result cache (SQLite in the user's cache directory)."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import platformdirs

from core.prompt import PROMPT_VERSION


def default_cache_path() -> Path:
    """$DRAFTLENS_CACHE_DIR/results.sqlite, else the platform's user cache dir."""
    base = os.environ.get("DRAFTLENS_CACHE_DIR") or platformdirs.user_cache_dir("draftlens")
    return Path(base) / "results.sqlite"


class ResultCache:
    """Roles keyed by (chunk hash, topic, backend, model, prompt version)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS results (chunk_hash TEXT, topic TEXT, backend TEXT,"
            " model TEXT, prompt_version TEXT, roles TEXT, created REAL,"
            " PRIMARY KEY (chunk_hash, topic, backend, model, prompt_version))"
        )
        self._db.commit()

    def get(self, chunk_hash: str, topic: str, backend: str, model: str) -> tuple[str, ...] | None:
        row = self._db.execute(
            "SELECT roles FROM results WHERE chunk_hash=? AND topic=? AND backend=? AND model=?"
            " AND prompt_version=?",
            (chunk_hash, topic, backend, model, PROMPT_VERSION),
        ).fetchone()
        return tuple(json.loads(row[0])) if row else None

    def put(self, chunk_hash: str, topic: str, backend: str, model: str,
            roles: tuple[str, ...]) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)",
            (chunk_hash, topic, backend, model, PROMPT_VERSION, json.dumps(list(roles)),
             time.time()),
        )
        self._db.commit()

    def clear(self) -> None:
        self._db.execute("DELETE FROM results")
        self._db.commit()

    def close(self) -> None:
        self._db.close()

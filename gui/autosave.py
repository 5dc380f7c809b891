"""Autosave to a recovery file and offer it back after a crash."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, QTimer

from core.textio import write_text_atomic

AUTOSAVE_MS = 5000


def data_dir() -> Path:
    """$DRAFTLENS_DATA_DIR, else the platform's user data dir."""
    return Path(os.environ.get("DRAFTLENS_DATA_DIR") or platformdirs.user_data_dir("draftlens"))


def recovery_path() -> Path:
    return data_dir() / "recovery.json"


def load_recovery() -> dict | None:
    """The recovery record left by a session that did not exit cleanly, if any."""
    try:
        data = json.loads(recovery_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None
    return data


def discard_recovery() -> None:
    recovery_path().unlink(missing_ok=True)


class Autosaver(QObject):
    """Writes {text, topic, path, saved_at} every few seconds while there are changes."""

    def __init__(self, snapshot, parent: QObject | None = None) -> None:
        """`snapshot()` returns (text, topic, path or '') of the current draft."""
        super().__init__(parent)
        self._snapshot = snapshot
        self.dirty = False
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    def touch(self) -> None:
        """The draft changed; the next tick writes it."""
        self.dirty = True

    def save_now(self) -> None:
        if not self.dirty:
            return
        text, topic, path = self._snapshot()
        record = {"text": text, "topic": topic, "path": path, "saved_at": time.time()}
        target = recovery_path()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, json.dumps(record, ensure_ascii=False))
            self.dirty = False
        except OSError:
            pass  # retried on the next tick

    def clean_exit(self) -> None:
        """The user's text is safe (saved or deliberately discarded): drop the recovery."""
        self.timer.stop()
        self.dirty = False
        discard_recovery()

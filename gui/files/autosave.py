"""Autosave each window's draft to its own recovery record; offer orphaned records back.

Every window (instance) writes `<data dir>/recovery/<id>.json` and holds `<id>.lock` (a
QLockFile: process id, host and application name) for its whole life. It only ever removes
its own record. A record whose lock is free or stale (the owner died) is an orphan: the next
start offers it, and it stays on disk until the user restores or explicitly discards it.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QTimer

from core.settings import data_dir
from core.textio import write_text_atomic
from gui.common.i18n import fill, paragraphs, words

PAUSE_MS = 1000       # a pause in typing this long writes the record
INTERVAL_MS = 5000    # and while typing goes on, at least this often
LEGACY_NAME = "recovery.json"  # the single shared record of earlier versions
translate = QCoreApplication.translate


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def _lock_for(record: Path) -> QLockFile:
    lock = QLockFile(str(record.with_suffix(".lock")))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    return lock


@dataclass
class Orphan:
    """A recovery record whose owner is gone, claimed (locked) by this process."""

    file: Path
    lock: QLockFile
    record: dict | None   # None: the file could not be read
    problem: str = ""     # why it could not be read

    def describe(self) -> str:
        """Which file, when, how much text."""
        rec = self.record or {}
        name = rec.get("path") or translate("Recovery", "an untitled draft")
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(rec.get("saved_at") or 0))
        text = rec.get("text", "")
        count = len([p for p in text.split("\n\n") if p.strip()])
        return (f"{name}\n" + translate("Recovery", "Last autosaved: %1").replace("%1", when)
                + "\n" + fill(translate("Recovery", "%1 in %2"), words(len(text.split())),
                               paragraphs(count)))

    def release(self) -> None:
        """Keep the record for a later start; let other instances see it again."""
        self.lock.unlock()

    def discard(self) -> None:
        """The user explicitly gave this text up."""
        self.file.unlink(missing_ok=True)
        self.lock.unlock()


def _read(file: Path) -> tuple[dict | None, str]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        return None, exc.strerror or str(exc)
    except ValueError as exc:
        return None, f"it is damaged ({exc})"
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None, "it is not a DraftLens recovery record"
    return data, ""


def orphaned_records() -> list[Orphan]:
    """Records whose owner is no longer running, oldest first, each claimed by this process.

    Release (keep) or discard every one returned. Empty records are removed silently.
    """
    folder = recovery_dir()
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    legacy = data_dir() / LEGACY_NAME
    if legacy.is_file():
        files.insert(0, legacy)
    if folder.is_dir():  # leftover locks of instances that died before writing anything
        for lock_path in folder.glob("*.lock"):
            if not lock_path.with_suffix(".json").exists():
                lock = _lock_for(lock_path)
                if lock.tryLock(0):
                    lock.unlock()
    found = []
    for file in files:
        lock = _lock_for(file)
        if not lock.tryLock(0):
            continue  # its window is still open (or another instance is offering it now)
        record, problem = _read(file)
        orphan = Orphan(file, lock, record, problem)
        if record is not None and not record["text"].strip():
            orphan.discard()
            continue
        found.append(orphan)
    found.sort(key=lambda o: (o.record or {}).get("saved_at") or 0)
    return found


class Autosaver(QObject):
    """Writes {text, topic, path, saved_at} after a pause in typing and on an interval.

    The text is taken on the GUI thread (one `snapshot()` call); serialising, writing and
    fsyncing happen on a worker thread, in order.
    """

    def __init__(self, snapshot: Callable[[], tuple[str, str, str]],
                 parent: QObject | None = None) -> None:
        """`snapshot()` returns (text, topic, path or '') of the current draft."""
        super().__init__(parent)
        self._snapshot = snapshot
        self.dirty = False
        self.file = recovery_dir() / f"{os.getpid()}-{uuid.uuid4().hex[:12]}.json"
        self._lock = _lock_for(self.file)
        self._claim()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._closed = False
        self._last: Future | None = None
        self.last_write_ms = 0.0   # time the last write took on the worker thread
        self.last_snapshot_ms = 0.0  # time the last snapshot took on the GUI thread
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(PAUSE_MS)
        self.pause.timeout.connect(self.save_now)

    def _claim(self) -> None:
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # autosave will fail and retry; the app still works
        self._lock.tryLock(0)

    def touch(self) -> None:
        """The draft changed: write it after a short pause (or on the next interval tick)."""
        self.dirty = True
        self.pause.start()

    def save_now(self) -> None:
        """Write the record now (off the GUI thread) if there are unsaved changes."""
        if not self.dirty or self._closed:
            return
        self.pause.stop()
        t0 = time.perf_counter()
        text, topic, path = self._snapshot()
        self.last_snapshot_ms = (time.perf_counter() - t0) * 1000
        self.dirty = False
        record = {"text": text, "topic": topic, "path": path, "saved_at": time.time(),
                  "pid": os.getpid()}
        self._last = self._writer.submit(self._write, record)

    def _write(self, record: dict) -> None:
        t0 = time.perf_counter()
        try:
            if not self._lock.isLocked():
                self._claim()
            write_text_atomic(self.file, json.dumps(record, ensure_ascii=False))
        except OSError:
            self.dirty = True  # retried on the next tick
        self.last_write_ms = (time.perf_counter() - t0) * 1000

    def flush(self) -> None:
        """Wait until every record handed to the worker is on disk."""
        last = self._last
        if last is not None:
            last.result()

    def saved(self) -> None:
        """The draft was saved to its file: the record is no longer needed."""
        self.dirty = False
        self.pause.stop()
        if not self._closed:
            self._last = self._writer.submit(self.file.unlink, missing_ok=True)

    def clean_exit(self) -> None:
        """The user's text is safe (saved or deliberately discarded): drop our own record."""
        self.timer.stop()
        self.pause.stop()
        self.dirty = False
        self._closed = True
        self._writer.shutdown(wait=True)
        self.file.unlink(missing_ok=True)
        self._lock.unlock()

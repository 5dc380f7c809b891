"""Drafts on disk: open and save .txt/.md keeping their format, file identity, recent files.

No Qt here: `gui.files.disk_watch` watches the file, `gui.shell.actions` asks the user.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from core.settings import config_dir
from core.textio import (
    DraftError,
    LoadedDraft,
    encode_text,
    read_draft,
    write_bytes_atomic,
    write_text_atomic,
)

DRAFT_FILTER = "Drafts (*.md *.markdown *.txt);;All files (*)"
MAX_RECENT = 10


@dataclass(frozen=True)
class FileIdentity:
    """What a file looked like when we read or wrote it.

    The quick check compares the inode and the change time too: a program can restore a file's
    mtime after writing (and keep its size), but not its ctime, which every write moves.
    """

    mtime_ns: int
    size: int
    sha256: str
    ctime_ns: int = 0
    inode: int = 0

    @classmethod
    def of(cls, path: str | Path) -> FileIdentity | None:
        """The file's identity now; None if it does not exist (or cannot be read)."""
        try:
            st = os.stat(path)
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None
        return cls(st.st_mtime_ns, st.st_size, digest, st.st_ctime_ns, st.st_ino)

    def same_as_disk(self, path: str | Path) -> bool:
        """The file still holds what we know (a touch that keeps the bytes is no change)."""
        try:
            st = os.stat(path)
        except OSError:
            return False
        quick = (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)
        if quick == (self.mtime_ns, self.size, self.ctime_ns, self.inode):
            return True
        now = FileIdentity.of(path)
        return now is not None and now.sha256 == self.sha256


@dataclass(frozen=True)
class DiskFile:
    """A draft's file: the format to write it back in and its identity when last seen."""

    path: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    identity: FileIdentity | None = None

    @classmethod
    def loaded(cls, path: str, draft: LoadedDraft) -> DiskFile:
        return cls(str(path), draft.encoding, draft.bom, draft.newline, FileIdentity.of(path))

    def changed_on_disk(self) -> bool:
        """Another program changed (or replaced) the file since we read or wrote it."""
        if self.identity is None:
            return False
        if not os.path.exists(self.path):
            return False  # deleted: saving puts it back, nothing there to lose
        return not self.identity.same_as_disk(self.path)

    def as_utf8(self) -> DiskFile:
        return replace(self, encoding="utf-8", bom=False)


class EncodingLoss(DraftError):
    """The text has characters the file's encoding cannot hold."""

    def __init__(self, disk: DiskFile, char: str) -> None:
        super().__init__(f"{Path(disk.path).name} is saved as {disk.encoding}, which cannot "
                         f"hold “{char}” (U+{ord(char):04X}) and other characters you typed.")
        self.disk = disk


def open_draft(path: str | Path) -> tuple[LoadedDraft, DiskFile]:
    """Read a draft and remember its format and identity (DraftError if unreadable)."""
    loaded = read_draft(path)
    return loaded, DiskFile.loaded(str(path), loaded)


def save_draft(disk: DiskFile, text: str) -> DiskFile:
    """Write `text` in the file's own encoding and line endings, atomically; the new identity.

    EncodingLoss when the encoding cannot hold the text (ask, then retry with `as_utf8()`).
    """
    try:
        data = encode_text(text, disk.encoding, disk.newline, disk.bom)
    except UnicodeEncodeError as exc:
        raise EncodingLoss(disk, exc.object[exc.start]) from exc
    try:
        write_bytes_atomic(disk.path, data)
    except OSError as exc:
        raise DraftError(f"Cannot save {disk.path}: {exc.strerror or exc}.") from exc
    return replace(disk, identity=FileIdentity.of(disk.path))


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
        write_text_atomic(_recent_path(), json.dumps(items, indent=1))
    except OSError:
        pass  # a read-only config dir only loses the recent list
    return items

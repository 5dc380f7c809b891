"""Watch the open draft's file and say at once when another program changes it."""

from __future__ import annotations

import os

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from gui.files.disk_file import DiskFile


class DiskWatch(QObject):
    """Holds the window's DiskFile and watches it (and its folder, for atomic replaces)."""

    sig_changed = Signal(str)
    """The file at this path was changed on disk by someone else."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file: DiskFile | None = None
        self.changed = False  # a change was seen and not yet resolved by a save or reload
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._check)
        self._watcher.directoryChanged.connect(self._check)

    def set_file(self, disk: DiskFile | None) -> None:
        """Start watching `disk` (after an open, a save or a reload); None stops watching."""
        self.file = disk
        self.changed = False
        self._rewatch()

    def _rewatch(self) -> None:
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        if self.file is None:
            return
        folder = os.path.dirname(os.path.realpath(self.file.path)) or "."
        wanted = [p for p in (self.file.path, folder) if os.path.exists(p)]
        if wanted:
            self._watcher.addPaths(wanted)

    def _check(self, _path: str = "") -> None:
        disk = self.file
        if disk is None:
            return
        if disk.path not in self._watcher.files() and os.path.exists(disk.path):
            self._watcher.addPath(disk.path)  # replaced by rename: watch the new file
        if not self.changed and disk.changed_on_disk():
            self.changed = True
            self.sig_changed.emit(disk.path)

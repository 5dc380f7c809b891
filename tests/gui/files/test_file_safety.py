"""File-safety guarantees that a careless change would break without another test noticing."""

from __future__ import annotations

import os

from gui.files.disk_file import DiskFile, open_draft, save_draft

DRAFT = "# Title\n\nFirst paragraph.\n\nSecond paragraph."


def test_save_renames_a_new_file_over_the_old_one_never_writes_in_place(tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    old_link = tmp_path / "old-link.md"
    os.link(path, old_link)  # a hard link sees in-place writes, not a rename over the name
    old_inode = path.stat().st_ino
    _loaded, disk = open_draft(path)
    save_draft(disk, DRAFT + "\n\nNew paragraph.")
    assert path.read_text(encoding="utf-8").endswith("New paragraph.")
    assert old_link.read_text(encoding="utf-8") == DRAFT
    assert path.stat().st_ino != old_inode


def test_an_outside_edit_of_the_same_size_with_its_mtime_restored_is_seen(tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    _loaded, disk = open_draft(path)
    before = path.stat()
    same_size = DRAFT.replace("First", "Fir5t")
    assert len(same_size.encode()) == before.st_size
    with open(path, "r+b") as f:  # in place, as many editors and sync tools write
        f.write(same_size.encode())
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert disk.changed_on_disk()


def test_our_own_save_is_not_an_outside_change(tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    _loaded, disk = open_draft(path)
    saved = save_draft(disk, DRAFT + "\n\nMore.")
    assert isinstance(saved, DiskFile) and not saved.changed_on_disk()

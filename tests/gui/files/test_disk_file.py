"""Saving never clobbers: external changes, line endings, encodings, symlinks, permissions."""

from __future__ import annotations

import codecs
import os
import stat

from fakes import box_button, visible_box
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from gui.shell import actions, reload

DRAFT = "# Title\n\nFirst paragraph.\n\nSecond paragraph."


_box, _button = visible_box, box_button


def _opened(make_window, path, interactive=False):
    w = make_window(interactive=interactive)
    assert actions.open_path(w, str(path))
    return w


def _external_edit(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime even on a coarse-clock file system


def test_external_change_then_save_is_never_silent(tmp_path, make_window):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    w = _opened(make_window, path)
    w.editor.appendPlainText("\nmine")
    _external_edit(path, DRAFT + "\n\ntheirs")
    assert not actions.save_to(w, str(path))
    assert path.read_text(encoding="utf-8").endswith("theirs")
    assert "changed on disk" in w.last_message and w.editor.document().isModified()


def test_the_conflict_question_overwrites_reloads_or_saves_as(tmp_path, qtbot, make_window):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    w = _opened(make_window, path, interactive=True)
    w.editor.appendPlainText("\nmine")
    _external_edit(path, DRAFT + "\n\ntheirs")
    actions.save(w)
    _button(_box(w), "Save As…").click()
    dialogs = [d for d in w.findChildren(QFileDialog) if d.isVisible()]
    assert len(dialogs) == 1 and path.read_text(encoding="utf-8").endswith("theirs")
    dialogs[0].reject()
    mine = w.editor.toPlainText()
    actions.save(w)
    _button(_box(w), "Reload from disk").click()
    assert w.editor.toPlainText().endswith("theirs") and not w.editor.document().isModified()
    kept = [p for p in reload.kept_dir().iterdir() if p.name.endswith("draft.md")]
    assert [p.read_text(encoding="utf-8") for p in kept] == [mine]
    assert str(kept[0]) in w.last_message
    w.editor.undo()  # the reload was one edit: the writer's version comes back
    assert w.editor.toPlainText() == mine
    w.editor.redo()
    w.editor.appendPlainText("\nmine again")
    _external_edit(path, "a third version")
    closed = []
    actions.save(w, lambda: closed.append(True))
    _button(_box(w), "Overwrite").click()
    assert path.read_text(encoding="utf-8").endswith("mine again") and closed == [True]
    assert actions.save_to(w, str(path))  # our own write is not a change on disk


def test_enter_in_the_conflict_question_keeps_the_writers_text(tmp_path, qtbot, make_window):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    w = _opened(make_window, path, interactive=True)
    w.editor.appendPlainText("\nmine")
    mine = w.editor.toPlainText()
    _external_edit(path, DRAFT + "\n\ntheirs")
    actions.save(w)
    box = _box(w)
    assert box.defaultButton() is box.escapeButton()  # Cancel
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not box.isVisible()
    assert w.editor.toPlainText() == mine and w.editor.document().isModified()
    assert path.read_text(encoding="utf-8").endswith("theirs")


def test_a_touch_that_keeps_the_bytes_is_not_a_change(tmp_path, make_window):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    w = _opened(make_window, path)
    os.utime(path, ns=(5, 5))
    w.editor.appendPlainText("\nmine")
    assert actions.save_to(w, str(path))


def test_the_writer_is_told_at_once_when_the_file_changes(tmp_path, qtbot, make_window):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    w = _opened(make_window, path)
    assert actions.save_to(w, str(path))
    assert "changed on disk" not in w.last_message
    _external_edit(path, "someone else's text")
    qtbot.waitUntil(lambda: "changed on disk" in w.last_message, timeout=10_000)
    assert w.editor.toPlainText() == DRAFT  # told, not reloaded behind the writer's back


def test_crlf_round_trip(tmp_path, make_window):
    path = tmp_path / "windows.txt"
    path.write_bytes(DRAFT.replace("\n", "\r\n").encode())
    w = _opened(make_window, path)
    assert "\r" not in w.editor.toPlainText()
    w.editor.appendPlainText("\nAdded line.")
    assert actions.save_to(w, str(path))
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == DRAFT.count("\n") + 2
    assert data.endswith(b"\r\n\r\nAdded line.")


def test_utf16_with_bom_round_trip(tmp_path, make_window):
    path = tmp_path / "utf16.txt"
    original = codecs.BOM_UTF16_LE + "Заголовок\r\n\r\nТекст.".encode("utf-16-le")
    path.write_bytes(original)
    w = _opened(make_window, path)
    assert w.editor.toPlainText() == "Заголовок\n\nТекст." and "UTF-16" in w.last_message
    assert actions.save_to(w, str(path))
    assert path.read_bytes() == original


def test_latin1_text_is_kept_and_changing_the_encoding_is_asked(tmp_path, qtbot, make_window):
    text = "Café crème brûlée à la française, déjà vu. Le garçon naïf a goûté."
    path = tmp_path / "french.txt"
    path.write_bytes(text.encode("latin-1"))
    w = _opened(make_window, path, interactive=True)
    assert w.editor.toPlainText() == text and "Windows-1252" in w.last_message
    w.editor.appendPlainText(" Et voilà.")
    assert actions.save_to(w, str(path))
    assert path.read_bytes() == (text + "\n Et voilà.").encode("cp1252")
    w.editor.appendPlainText("Привет")
    assert not actions.save_to(w, str(path))
    box = _box(w)
    assert "cannot hold" in box.text() and "UTF-8" in box.text()
    _button(box, "Save as UTF-8").click()
    assert path.read_bytes().decode("utf-8").endswith("Привет")
    assert not w.editor.document().isModified()


def test_saving_through_a_symlink_keeps_link_and_mode(tmp_path, make_window):
    real = tmp_path / "vault" / "draft.md"
    real.parent.mkdir()
    real.write_text(DRAFT, encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "draft-link.md"
    link.symlink_to(real)
    w = _opened(make_window, link)
    w.editor.appendPlainText("\nthrough the link")
    assert actions.save_to(w, str(link))
    assert link.is_symlink() and real.read_text(encoding="utf-8").endswith("through the link")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in real.parent.iterdir()) == ["draft.md"]

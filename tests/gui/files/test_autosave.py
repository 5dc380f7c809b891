"""Autosave and crash recovery: one record per window, orphans offered, never lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from fakes import box_button, visible_box
from PySide6.QtCore import Qt

from gui.files import autosave
from gui.files.autosave import orphaned_records, recovery_dir
from gui.shell import actions

DRAFT = "# Сад\n\nПервый абзац про сад.\n\nSecond paragraph about apples."

INSTANCE_A = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    app.setApplicationName("DraftLens")  # as gui.shell.app does
    from gui.files.autosave import Autosaver
    saver = Autosaver(lambda: ("Words typed in A just before it was killed.", "crash", ""))
    saver.touch()
    saver.save_now()
    saver.flush()
    print("SAVED", saver.file, flush=True)
    sys.stdin.read()  # until killed
""")


@pytest.fixture
def instance_a():
    """Another DraftLens process with unsaved typing in its recovery record; kill() it."""
    proc = subprocess.Popen([sys.executable, "-c", INSTANCE_A], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    line = proc.stdout.readline().split()
    assert line[:1] == ["SAVED"], line
    proc.record = line[1]

    def kill() -> None:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    proc.kill_now = kill
    yield proc
    if proc.poll() is None:
        kill()


_box, _button = visible_box, box_button


def _crash(w) -> None:
    """What a killed window leaves behind: its record, and a lock nobody holds."""
    w.autosaver.flush()
    w.autosaver._lock.unlock()


def test_two_instances_one_recovery(instance_a, qtbot, make_window):
    """B opening, typing, declining and closing cleanly never removes A's record."""
    b = make_window(interactive=True)
    fell_back = []
    actions.offer_recovery(b, lambda: fell_back.append(True))
    assert fell_back == [True]  # A is alive: its record is not an orphan
    b.load_text(DRAFT, None, "сад")
    b.editor.appendPlainText("B's own words")
    b.autosaver.save_now()
    b.autosaver.flush()
    assert b.autosaver.file.exists() and str(b.autosaver.file) != instance_a.record
    b.autosaver.clean_exit()
    assert not b.autosaver.file.exists()
    assert os.path.exists(instance_a.record)
    instance_a.kill_now()
    c = make_window(interactive=True)
    actions.offer_recovery(c, lambda: None)
    box = _box(c)
    assert "Words typed in A" not in c.editor.toPlainText()
    assert "untitled" in box.text() and "9 words" in box.text()
    _button(box, "Restore").click()
    assert c.editor.toPlainText() == "Words typed in A just before it was killed."
    assert c.editor.document().isModified() and c.topic.text() == "crash"
    assert not os.path.exists(instance_a.record)  # now kept in C's own record
    assert json.loads(c.autosaver.file.read_text(encoding="utf-8"))["text"].startswith("Words")


def test_declining_or_escape_keeps_the_record_until_discarded(qtbot, make_window):
    a = make_window()
    a.load_text(DRAFT, "/tmp/draft.md", "сад")
    a.editor.appendPlainText("lost words")
    a.autosaver.save_now()
    _crash(a)
    record = a.autosaver.file
    for answer in ("Keep for later", "escape"):
        w = make_window(interactive=True)
        fell_back = []
        actions.offer_recovery(w, lambda fell_back=fell_back: fell_back.append(True))
        box = _box(w)
        assert "/tmp/draft.md" in box.text() and "Last autosaved" in box.text()
        if answer == "escape":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:
            _button(box, answer).click()
        assert record.exists() and fell_back == [True]
        assert "lost words" not in w.editor.toPlainText()
    w = make_window(interactive=True)
    actions.offer_recovery(w, lambda: None)
    _button(_box(w), "Discard").click()
    assert not record.exists()


def test_every_orphan_is_offered_oldest_first(qtbot, make_window):
    for words in ("first crash", "second crash"):
        w = make_window()
        w.load_text(words, None, "t")
        w.autosaver.touch()
        w.autosaver.save_now()
        _crash(w)
    w = make_window(interactive=True)
    actions.offer_recovery(w, lambda: None)
    box = _box(w)
    assert "1 more" in box.text() and "2 words" in box.text()
    _button(box, "Keep for later").click()
    _button(_box(w), "Restore").click()
    assert w.editor.toPlainText() == "second crash"
    assert [o.record["text"] for o in _release(orphaned_records())] == ["first crash"]


def _release(orphans):
    for o in orphans:
        o.release()
    return orphans


def test_a_damaged_recovery_file_gets_a_message_and_is_kept(qtbot, make_window):
    recovery_dir().mkdir(parents=True)
    damaged = recovery_dir() / "123-dead.json"
    damaged.write_text('{"text": "half a rec', encoding="utf-8")
    w = make_window(interactive=True)
    fell_back = []
    actions.offer_recovery(w, lambda: fell_back.append(True))
    box = _box(w)
    assert "could not be read" in box.text() and str(damaged) in box.text()
    _button(box, "Keep for later").click()
    assert damaged.exists() and fell_back == [True]
    w2 = make_window(interactive=True)
    actions.offer_recovery(w2, lambda: None)
    _button(_box(w2), "Discard").click()
    assert not damaged.exists()


def test_the_legacy_shared_record_is_offered(qtbot, make_window):
    legacy = autosave.data_dir() / autosave.LEGACY_NAME
    legacy.write_text(json.dumps({"text": "old version words", "topic": "t", "path": "",
                                  "saved_at": 1.0}), encoding="utf-8")
    w = make_window(interactive=True)
    actions.offer_recovery(w, lambda: None)
    _button(_box(w), "Restore").click()
    assert w.editor.toPlainText() == "old version words" and not legacy.exists()


def test_a_pause_in_typing_writes_the_record(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(autosave, "INTERVAL_MS", 3_600_000)  # only the pause timer can write
    w = make_window()
    w.load_text(DRAFT, None, "сад")
    qtbot.keyClicks(w.editor, "typed")
    assert w.autosaver.dirty and not w.autosaver.file.exists()
    qtbot.waitUntil(w.autosaver.file.exists, timeout=10_000)
    w.autosaver.flush()
    assert "typed" in json.loads(w.autosaver.file.read_text(encoding="utf-8"))["text"]


def test_the_interval_timer_writes_while_typing_goes_on(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(autosave, "PAUSE_MS", 3_600_000)  # only the interval timer can write
    monkeypatch.setattr(autosave, "INTERVAL_MS", 200)
    w = make_window()
    w.load_text(DRAFT, None, "сад")
    w.editor.appendPlainText("typed")
    qtbot.waitUntil(w.autosaver.file.exists, timeout=10_000)


def test_saving_the_draft_drops_the_record(tmp_path, qtbot, make_window):
    w = make_window()
    w.load_text(DRAFT, None, "сад")
    w.editor.appendPlainText("more")
    w.autosaver.save_now()
    w.autosaver.flush()
    assert w.autosaver.file.exists()
    assert actions.save_to(w, str(tmp_path / "d.md"))
    w.autosaver.flush()
    assert not w.autosaver.file.exists()


def test_orphans_are_offered_when_a_file_is_opened_from_the_command_line(
        tmp_path, qtbot, make_window):
    import argparse

    from gui.shell.app import _prepare

    a = make_window()
    a.load_text(DRAFT, "/tmp/draft.md", "сад")
    a.editor.appendPlainText("typed before the crash")
    a.autosaver.save_now()
    _crash(a)
    other = tmp_path / "other.md"
    other.write_text("# Other draft\n\nSome text.", encoding="utf-8")
    w = make_window(interactive=True)
    args = argparse.Namespace(method=None, file=str(other), topic=None)
    assert _prepare(w, args) is None
    assert "Some text." in w.editor.toPlainText()
    _button(_box(w), "Restore").click()
    assert "typed before the crash" in w.editor.toPlainText()

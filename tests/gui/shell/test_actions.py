"""Files (open/save, bad files, recovery) and exports from the main window."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from gui.files.disk_file import recent_files
from gui.shell import actions

DRAFT = "# Заголовок\n\nПервый абзац про сад 🌱.\n\nSecond paragraph, with \"quotes\", commas.\n"


def analysed_window(qtbot, make_window):
    w = make_window()
    w.load_text(DRAFT, None, "сад")
    w.switcher.set_method("local")
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        w.analyze()
    return w


def test_open_save_round_trip(tmp_path, make_window):
    src = tmp_path / "draft.md"
    src.write_text(DRAFT, encoding="utf-8")
    w = make_window()
    assert actions.open_path(w, str(src))
    assert w.editor.toPlainText() == DRAFT
    assert w.path == str(src) and "draft.md" in w.windowTitle()
    assert not w.editor.document().isModified()
    w.editor.appendPlainText("\nOne more line.")
    assert w.editor.document().isModified() and "*" in w.windowTitle()
    out = tmp_path / "copy.txt"
    assert actions.save_to(w, str(out))
    assert out.read_text(encoding="utf-8") == w.editor.toPlainText()
    assert not w.editor.document().isModified()
    assert str(out.resolve()) in recent_files() and str(src.resolve()) in recent_files()
    w2_text = out.read_text(encoding="utf-8")
    assert actions.open_path(w, str(out)) and w.editor.toPlainText() == w2_text


def test_bad_file_shows_a_dialog_and_keeps_the_draft(tmp_path, qtbot, make_window):
    w = make_window(interactive=True)
    w.load_text(DRAFT, None, "сад")
    w.editor.appendPlainText("unsaved words")
    before = w.editor.toPlainText()
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert not actions.open_path(w, str(binary))
    boxes = [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "binary" in boxes[0].text()
    boxes[0].done(0)
    assert w.editor.toPlainText() == before
    assert w.path is None and w.editor.document().isModified()
    broken = tmp_path / "bad.txt"
    broken.write_bytes(b"\xff\xfe\x00\xd8")  # a UTF-16 mark, then half a surrogate pair
    assert not actions.open_path(w, str(broken))
    assert "not valid UTF-16" in w.last_message
    for box in w.findChildren(QMessageBox):
        box.done(0)
    assert w.editor.toPlainText() == before


def test_exports_parse_back(tmp_path, qtbot, make_window):
    w = analysed_window(qtbot, make_window)
    entries = w.editor.state.entries
    roles = [e.result.roles for e in entries]
    paths = {fmt: tmp_path / f"report.{fmt}" for fmt in ("md", "html", "json", "csv", "png")}
    for fmt, path in paths.items():
        assert actions.export_to(w, fmt, str(path)), fmt
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert [tuple(r["roles"]) for r in data["rows"]] == roles
    assert data["topic"] == "сад"
    rows = list(csv.DictReader(io.StringIO(paths["csv"].read_text(encoding="utf-8"))))
    assert [r["text"] for r in rows] == [e.chunk.text for e in entries]
    assert [r["primary_role"] for r in rows] == [r[0] for r in roles]
    paras = _html_paragraph_roles(paths["html"].read_text(encoding="utf-8"))
    assert paras == [";".join(r) for r in roles]
    md = paths["md"].read_text(encoding="utf-8")
    assert md.count("\n### ") == len(entries) and "🌱" in md
    image = QImage(str(paths["png"]))
    assert not image.isNull() and image.width() > 100


def _html_paragraph_roles(page: str) -> list[str]:
    found: list[str] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "p" and a.get("class") == "para":
                found.append(a["data-roles"])
    P().feed(page)
    return found

"""The writer corrects roles: "Mark as…" in the editor and the panel, kept for the paragraph's
text across re-analysis, a method switch and reopening; shown as theirs; cleared from Settings."""

from __future__ import annotations

import json

from fakes import Opener, role_for
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMessageBox

from core.local.corrections import CorrectionStore
from core.roles import ROLE_IDS
from gui.common import i18n
from gui.common.draft_state import WRITER, ChunkState
from gui.shell import actions
from gui.shell.settings_dialog import SettingsDialog

TEXT = "\n\n".join(f"Paragraph number {i} talks about gardens and soil, in some detail."
                   for i in range(12))
MARKED = 3
MINE = "humor"  # role_for(3) is key_thesis: the writer's role differs from the analysis


def colour(window, index: int) -> str | None:
    """The background the highlighter gave the paragraph's first block."""
    entry = window.editor.state.entries[index]
    block = window.editor.document().findBlockByNumber(entry.first_block)
    ranges = block.layout().formats()
    return ranges[0].format.background().color().name() if ranges else None


def role_colour(window, role: str) -> str:
    return window.editor.highlighter.formats.role(role).background().color().name()


def analysed(qtbot, make_window, method="rest", opener=None):
    opener = opener or Opener()
    w = make_window(opener=opener)
    w.load_text(TEXT, None, "gardens")
    w.switcher.set_method(method)
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        assert w.analyze()
    return w, opener


def paragraph_pos(window, index: int) -> QPoint:
    """A viewport point inside paragraph `index`."""
    editor = window.editor
    editor.go_to_chunk(index)
    return editor.cursorRect().center()


def mark_from_context_menu(window, index: int, role: str) -> None:
    menu = window.editor.context_menu(paragraph_pos(window, index))
    try:
        sub = next(a.menu() for a in menu.actions() if a.menu() is not None
                   and a.menu().objectName() == "mark_menu")
        action = next(a for a in sub.actions() if a.objectName() == f"mark_{role or 'remove'}")
        action.trigger()
    finally:
        menu.deleteLater()


def test_context_menu_offers_the_ten_roles_in_the_interface_language(qtbot, make_window):
    w, _ = analysed(qtbot, make_window)
    menu = w.editor.context_menu(paragraph_pos(w, MARKED))
    try:
        sub = next(a.menu() for a in menu.actions() if a.menu() is not None)
        assert sub.title() == "Mark as…"
        roles = [a for a in sub.actions() if a.objectName().startswith("mark_")
                 and a.objectName() != "mark_remove"]
        assert [a.text() for a in roles] == [i18n.role_label(r) for r in ROLE_IDS]
        assert not any(a.isChecked() for a in roles)
        remove = next(a for a in sub.actions() if a.objectName() == "mark_remove")
        assert remove.text() == "Remove my correction" and not remove.isEnabled()
        # the standard edit actions are still there
        assert any("Copy" in a.text() for a in menu.actions())
    finally:
        menu.deleteLater()


def test_mark_as_colours_stores_and_shows_yours_beside_the_analysis(qtbot, make_window):
    w, _ = analysed(qtbot, make_window)
    analysed_colour = colour(w, MARKED)
    assert analysed_colour == role_colour(w, role_for(MARKED))
    before = w.editor.state.counts()
    mark_from_context_menu(w, MARKED, MINE)
    assert colour(w, MARKED) == role_colour(w, MINE)
    stored = CorrectionStore()  # what the next session reads
    text = w.editor.state.doc.chunks[MARKED].text
    assert stored.get(text).roles == (MINE,)
    assert (stored.get(text).lang, stored.get(text).topic) == ("en", "gardens")
    w.editor.go_to_chunk(MARKED)
    panel = w.details.label.text()
    assert "humor" in panel and "yours" in panel
    assert "Analyser's verdict" in panel and "key thesis" in panel
    after = w.editor.state.counts()
    assert after[MINE][0] == before[MINE][0] + 1
    assert after.get(role_for(MARKED), (0, 0))[0] == before[role_for(MARKED)][0] - 1
    # undo: "Remove my correction" brings the analysis back
    mark_from_context_menu(w, MARKED, "")
    assert colour(w, MARKED) == analysed_colour
    assert CorrectionStore().get(text) is None
    assert "yours" not in w.details.label.text()


def test_the_paragraph_panel_marks_too(qtbot, make_window):
    w, _ = analysed(qtbot, make_window)
    w.editor.go_to_chunk(MARKED)
    assert w.details.index == MARKED and w.details.mark.isEnabled()
    w.details.mark_menu.aboutToShow.emit()
    action = next(a for a in w.details.mark_menu.actions() if a.objectName() == "mark_noise")
    action.trigger()
    assert colour(w, MARKED) == role_colour(w, "noise")
    w.details.mark_menu.aboutToShow.emit()
    checked = [a.objectName() for a in w.details.mark_menu.actions() if a.isChecked()]
    assert checked == ["mark_noise"]


def test_a_correction_survives_reanalysis_and_a_method_switch(qtbot, make_window):
    w, opener = analysed(qtbot, make_window, "rest")
    w.corrections.mark(MARKED, MINE)
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000) as blocker:
        w.switcher.buttons["realtime"].click()
        assert w.analyze()
    assert blocker.args[0] == "ok"
    entry = w.editor.state.entries[MARKED]
    assert entry.state is ChunkState.DONE and entry.result.backend == "realtime"
    assert entry.result.roles == (role_for(MARKED),)  # the analysis' own verdict is kept...
    assert colour(w, MARKED) == role_colour(w, MINE)  # ...and the writer's role is shown
    assert colour(w, MARKED + 1) == role_colour(w, role_for(MARKED + 1))


def test_a_correction_is_there_when_the_file_is_reopened(qtbot, make_window, tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(TEXT, encoding="utf-8")
    first = make_window(opener=Opener())
    assert actions.open_path(first, str(path))
    first.corrections.mark(MARKED, MINE)
    first.close()
    second = make_window(opener=Opener())
    assert actions.open_path(second, str(path))
    assert colour(second, MARKED) == role_colour(second, MINE)  # before any analysis
    assert colour(second, MARKED - 1) is None
    with qtbot.waitSignal(second.sig_run_finished, timeout=5000):
        second.switcher.set_method("rest")
        assert second.analyze()
    assert colour(second, MARKED) == role_colour(second, MINE)


def test_reports_show_the_writers_roles(qtbot, make_window, tmp_path):
    w, _ = analysed(qtbot, make_window)
    w.corrections.mark(MARKED, MINE)
    out = tmp_path / "report.json"
    assert actions.export_to(w, "json", str(out))
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert rows[MARKED]["roles"] == [MINE] and rows[MARKED]["backend"] == WRITER
    assert rows[MARKED + 1]["roles"] == [role_for(MARKED + 1)]


def test_settings_clear_asks_first_cancel_is_default_and_it_can_be_undone(qtbot, make_window):
    w, _ = analysed(qtbot, make_window)
    w.corrections.mark(MARKED, MINE)
    w.corrections.mark(MARKED + 1, "noise")
    dialog = SettingsDialog(w.settings, w, corrections=w.corrections)
    qtbot.addWidget(dialog)
    row = dialog.clear_corrections
    assert "2 paragraphs" in row.note.text()
    assert not row.button.isDefault() and not row.button.autoDefault()
    row.button.click()
    box = row.question
    assert box is not None and "2 paragraphs" in box.text()
    default = box.defaultButton()
    assert box.buttonRole(default) == QMessageBox.ButtonRole.RejectRole
    clear = next(b for b in box.buttons() if b.objectName() == "confirm_clear")
    assert box.buttonRole(clear) == QMessageBox.ButtonRole.DestructiveRole
    assert "2 paragraphs" in clear.text()
    clear.click()
    assert len(CorrectionStore()) == 0
    assert colour(w, MARKED) == role_colour(w, role_for(MARKED))
    assert row.button.text() == "Undo clear"
    row.button.click()
    assert len(CorrectionStore()) == 2
    assert colour(w, MARKED) == role_colour(w, MINE)


def test_cancel_clears_nothing(qtbot, make_window):
    w, _ = analysed(qtbot, make_window)
    w.corrections.mark(MARKED, MINE)
    dialog = SettingsDialog(w.settings, w, corrections=w.corrections)
    qtbot.addWidget(dialog)
    dialog.clear_corrections.button.click()
    dialog.clear_corrections.question.defaultButton().click()
    assert len(CorrectionStore()) == 1
    assert colour(w, MARKED) == role_colour(w, MINE)


def test_a_correction_that_cannot_be_saved_says_so_and_changes_nothing(qtbot, make_window,
                                                                       tmp_path):
    w, _ = analysed(qtbot, make_window)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    w.corrections.store.path = blocker / "corrections.json"
    before = colour(w, MARKED)
    assert not w.corrections.mark(MARKED, MINE)
    assert colour(w, MARKED) == before
    assert "not-a-folder" in w.last_message

"""A big draft goes into the editor a slice per event-loop turn; nothing reads half of it."""

from __future__ import annotations

from core.chunking import make_document
from gui.editor.draft_editor import LOAD_SLICE_CHARS, SYNC_LOAD_CHARS, DraftEditor

TEXT = "\n\n".join(f"Paragraph {i} of a long draft,\nwith a second line {i}." for i in range(6000))


def test_a_big_draft_loads_over_several_turns_then_matches_a_full_split(qtbot):
    assert len(TEXT) > SYNC_LOAD_CHARS + 2 * LOAD_SLICE_CHARS
    editor = DraftEditor()
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.sig_loaded, timeout=30000):
        editor.set_draft(TEXT)
        assert editor.loading and editor.isReadOnly()  # the rest comes in later turns
        assert len(editor.state.entries) < 6000
    assert not editor.loading and not editor.isReadOnly()
    assert editor.state.doc == make_document(TEXT, "")
    assert editor.toPlainText() == TEXT
    assert not editor.document().isModified() and not editor.document().isUndoAvailable()


def test_reading_the_text_mid_load_finishes_the_load_first(qtbot):
    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.set_draft(TEXT)
    assert editor.loading
    assert editor.toPlainText() == TEXT  # e.g. Save or Analyze right after opening
    assert not editor.loading and len(editor.state.entries) == 6000


def test_a_new_draft_mid_load_replaces_the_old_one(qtbot):
    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.set_draft(TEXT)
    editor.set_draft("Short draft.")
    assert not editor.loading and not editor.isReadOnly()
    assert editor.toPlainText() == "Short draft."
    assert editor.document().isUndoRedoEnabled()


def test_characters_qt_normalises_still_give_a_matching_split(qtbot):
    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.set_draft("One paragraph\u2029with a Unicode paragraph separator.\n\nTwo.")
    assert editor.state.doc == make_document(editor.toPlainText(), "")

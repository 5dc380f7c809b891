"""The document map: bands proportional to length, role colours, view frame, jumps, coalescing."""

from __future__ import annotations

from fakes import make_result
from PySide6.QtCore import QPoint, Qt

from gui.common.role_style import role_color
from gui.editor.draft_editor import DraftEditor
from gui.panels.doc_map import DocumentMap

# three paragraphs of 100, 300 and 600 characters
TEXT = "\n\n".join(c * n for c, n in (("a", 100), ("b", 300), ("c", 600)))


def make_map(qtbot, text=TEXT, height=202):
    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.set_draft(text)
    doc_map = DocumentMap(editor)
    qtbot.addWidget(doc_map)
    doc_map.resize(doc_map.width(), height)
    return editor, doc_map


def test_band_heights_follow_paragraph_lengths_and_clicks_jump(qtbot):
    editor, doc_map = make_map(qtbot)
    # 200 usable pixels over 1,000 characters: bands at 0-20, 20-80, 80-200 (+1 margin)
    assert [b[0] for b in doc_map._bands()] == [0, 1, 2]
    tops = [round(t) for _, t, _ in doc_map._bands()]
    assert tops == [1, 21, 81]
    assert (doc_map.index_at(10), doc_map.index_at(50), doc_map.index_at(150)) == (0, 1, 2)
    qtbot.mouseClick(doc_map, Qt.MouseButton.LeftButton, pos=QPoint(10, 150))
    assert editor.current_chunk() == 2


def test_bands_take_the_role_colour_of_their_result(qtbot):
    editor, doc_map = make_map(qtbot)
    chunk = editor.state.entries[1].chunk
    editor.apply_result(make_result(chunk, "key_thesis"))
    doc_map.show()
    image = doc_map.grab().toImage()
    assert image.pixelColor(4, 50) == role_color("key_thesis")
    assert image.pixelColor(4, 10) != role_color("key_thesis")


def test_many_schedules_make_one_paint_and_large_drafts_draw_one_band_per_row(qtbot):
    text = "\n\n".join(f"Paragraph {i} " + "x" * (i % 50) for i in range(5000))
    editor, doc_map = make_map(qtbot, text, height=402)
    doc_map.show()
    qtbot.waitExposed(doc_map)
    qtbot.waitUntil(lambda: doc_map.paints >= 1)
    before = doc_map.paints
    for entry in editor.state.entries[:500]:
        editor.apply_result(make_result(entry.chunk, "example"))
        doc_map.schedule()
    qtbot.waitUntil(lambda: doc_map.paints > before)
    assert doc_map.paints == before + 1
    assert len(doc_map._bands()) <= 400


def test_the_frame_marks_the_visible_part(qtbot):
    text = "\n\n".join(f"Paragraph {i}." for i in range(300))
    editor, doc_map = make_map(qtbot, text)
    editor.resize(400, 200)
    editor.show()
    qtbot.waitExposed(editor)
    top, bottom = doc_map.visible_range()
    assert top < 5 and bottom < 100
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    top, bottom = doc_map.visible_range()
    assert top > 100 and bottom > 195

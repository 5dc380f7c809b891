"""The highlighter colours whole paragraphs by role; results land where they belong."""

from __future__ import annotations

import random
import sys

from fakes import make_result, role_for
from PySide6.QtGui import QTextCursor

from gui.common.draft_state import ChunkState
from gui.editor.draft_editor import DraftEditor

TEXT = "\n\n".join(
    f"Paragraph {i}: some words about the topic, line one.\nAnd a second line {i}."
    for i in range(12)
)


def block_background(editor: DraftEditor, block_number: int):
    """The background colour the highlighter gave a block (None when plain)."""
    block = editor.document().findBlockByNumber(block_number)
    ranges = block.layout().formats()
    if not ranges:
        return None
    assert ranges[0].start == 0 and ranges[0].length >= len(block.text())
    return ranges[0].format.background().color().name()


def expected_background(editor: DraftEditor, role: str) -> str:
    return editor.highlighter.formats.role(role).background().color().name()


def make_editor(qtbot) -> DraftEditor:
    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.topic = "topic"
    editor.set_draft(TEXT)
    return editor


def test_every_block_of_a_paragraph_gets_its_role_colour_out_of_order(qtbot):
    editor = make_editor(qtbot)
    chunks = list(editor.state.doc.chunks)
    assert len(chunks) == 12
    shuffled = chunks[:]
    random.Random(7).shuffle(shuffled)
    for chunk in shuffled:
        assert editor.apply_result(make_result(chunk, role_for(chunk.index))) == chunk.index
    for i, entry in enumerate(editor.state.entries):
        assert entry.first_block < entry.last_block  # two lines per paragraph
        for b in range(entry.first_block, entry.last_block + 1):
            assert block_background(editor, b) == expected_background(editor, role_for(i))
    blank = editor.state.entries[0].last_block + 1
    assert block_background(editor, blank) is None


def test_distinct_roles_have_distinct_colours(qtbot):
    editor = make_editor(qtbot)
    colours = {expected_background(editor, role_for(i)) for i in range(10)}
    assert len(colours) == 10


def test_pending_error_and_provisional_look_different(qtbot):
    editor = make_editor(qtbot)
    c0, c1, c2, c3 = editor.state.doc.chunks[:4]
    editor.mark_pending([0, 1, 2, 3])
    error = make_result(c1, "example")
    error.roles, error.error = (), "timeout"
    editor.apply_result(error)
    provisional = make_result(c2, "example")
    provisional.provisional = True
    editor.apply_result(provisional)
    editor.apply_result(make_result(c3, "example"))
    keys = set()
    for i in range(4):
        block = editor.document().findBlockByNumber(editor.state.entries[i].first_block)
        ranges = block.layout().formats()
        f = ranges[0].format
        keys.add((f.background().color().name(), f.background().style(), f.underlineStyle()))
    assert len(keys) == 4
    assert editor.state.entries[1].state is ChunkState.ERROR


def test_editing_marks_stale_and_late_result_is_dropped(qtbot):
    editor = make_editor(qtbot)
    old = editor.state.doc.chunks[3]
    for chunk in editor.state.doc.chunks:
        editor.apply_result(make_result(chunk, "example"))
    cursor = QTextCursor(editor.document().findBlockByNumber(editor.state.entries[3].first_block))
    cursor.insertText("Edited! ")
    entry = editor.state.entries[3]
    assert entry.state is ChunkState.STALE
    stale_bg = editor.highlighter.formats.stale("example").background().color().name()
    assert block_background(editor, entry.first_block) == stale_bg
    assert editor.apply_result(make_result(old, "humor")) == -1  # hash no longer matches
    assert entry.state is ChunkState.STALE
    assert block_background(editor, entry.first_block) == stale_bg
    assert editor.state.entries[4].state is ChunkState.DONE  # neighbours untouched


def test_results_follow_paragraphs_when_text_is_inserted_above(qtbot):
    editor = make_editor(qtbot)
    chunks = list(editor.state.doc.chunks)
    for chunk in chunks[6:]:
        editor.apply_result(make_result(chunk, role_for(chunk.index)))
    QTextCursor(editor.document()).insertText("A brand new first paragraph.\n\n")
    for chunk in chunks[:6]:  # late results for unchanged paragraphs still land by id
        assert editor.apply_result(make_result(chunk, role_for(chunk.index))) == chunk.index + 1
    for old_index in range(12):
        entry = editor.state.entries[old_index + 1]
        assert entry.chunk.text == chunks[old_index].text
        assert block_background(editor, entry.first_block) == expected_background(
            editor, role_for(old_index))
    assert editor.state.entries[0].state is ChunkState.NONE


def test_focus_role_colours_only_that_role(qtbot):
    editor = make_editor(qtbot)
    for chunk in editor.state.doc.chunks:
        editor.apply_result(make_result(chunk, role_for(chunk.index)))
    editor.set_focus_role(role_for(2))
    for i, entry in enumerate(editor.state.entries):
        bg = block_background(editor, entry.first_block)
        if role_for(i) == role_for(2):
            assert bg == expected_background(editor, role_for(2))
        else:
            assert bg is None
    role = role_for(1)  # paragraphs 1 and 11
    assert editor.jump_to_role(role, forward=True) == 1
    assert editor.jump_to_role(role, forward=True) == 11
    assert editor.current_chunk() == 11
    assert editor.jump_to_role(role, forward=True) == -1
    assert editor.jump_to_role(role, forward=False) == 1
    editor.set_focus_role(None)
    assert block_background(editor, editor.state.entries[0].first_block) is not None


def test_refcount_of_none_does_not_drift(qtbot):
    """Canary for the PySide6 6.12.0 bug: void Qt calls must not drop references to None."""
    editor = make_editor(qtbot)
    chunks = list(editor.state.doc.chunks)
    for chunk in chunks:
        editor.apply_result(make_result(chunk, "example"))
    doc = editor.document()
    editor.highlighter.rehighlight()
    before = sys.getrefcount(None)
    for _ in range(300):
        for b in range(0, doc.blockCount(), 3):
            editor.highlighter.rehighlightBlock(doc.findBlockByNumber(b))
        editor.setObjectName("editor")
    drift = before - sys.getrefcount(None)
    assert drift < 500, f"None lost {drift} references over ~5,000 Qt calls"


def _every_block_has(editor: DraftEditor, index: int, colour: str) -> list[int]:
    """Blocks of chunk `index` whose background is not `colour` (empty: all coloured)."""
    entry = editor.state.entries[index]
    return [b for b in range(entry.first_block, entry.last_block + 1)
            if block_background(editor, b) != colour]


def test_a_line_typed_inside_a_paragraph_is_coloured_with_it(qtbot):
    from PySide6.QtCore import Qt

    editor = make_editor(qtbot)
    editor.show()
    for chunk in editor.state.doc.chunks:
        editor.apply_result(make_result(chunk, "example"))
    first_line = editor.document().findBlockByNumber(editor.state.entries[3].first_block)
    cursor = QTextCursor(first_line)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "a line typed in the middle")
    entry = editor.state.entries[3]
    assert entry.last_block - entry.first_block == 2  # three lines now
    stale = editor.highlighter.formats.stale("example").background().color().name()
    assert _every_block_has(editor, 3, stale) == []
    editor.apply_result(make_result(entry.chunk, "humor"))
    assert _every_block_has(editor, 3, expected_background(editor, "humor")) == []
    # Undo brings the two-line paragraph back (its old result applies again by hash).
    editor.undo()
    editor.apply_result(make_result(editor.state.entries[3].chunk, "humor"))
    assert _every_block_has(editor, 3, expected_background(editor, "humor")) == []


def test_a_pasted_multi_line_paragraph_is_coloured_on_every_line(qtbot):
    editor = make_editor(qtbot)
    entry = editor.state.entries[5]
    cursor = QTextCursor(editor.document().findBlockByNumber(entry.last_block))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText("\nline a\nline b\nline c")
    entry = editor.state.entries[5]
    assert entry.last_block - entry.first_block == 4
    editor.apply_result(make_result(entry.chunk, "metaphor"))
    assert _every_block_has(editor, 5, expected_background(editor, "metaphor")) == []


def _wrong_blocks(editor: DraftEditor) -> list[int]:
    """Blocks whose highlighting differs from what the current state says they should have."""
    wrong = []
    for b in range(editor.document().blockCount()):
        block = editor.document().findBlockByNumber(b)
        ranges = block.layout().formats()
        have = ranges[0].format.background().color().name() if ranges else None
        fmt = editor.highlighter.format_for_block(b) if block.text() else None
        if have != (fmt.background().color().name() if fmt is not None else None):
            wrong.append(b)
    return wrong


def test_a_line_joined_into_a_paragraph_by_backspace_takes_its_colour(qtbot):
    from PySide6.QtCore import Qt

    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.set_draft("First paragraph.\n\n\nSecond paragraph, line one.\nLine two.")
    for chunk in editor.state.doc.chunks:
        editor.apply_result(make_result(chunk, "humor"))
    editor.setTextCursor(QTextCursor(editor.document().findBlockByNumber(2)))  # 2nd blank line
    qtbot.keyClick(editor, Qt.Key.Key_Delete)  # line one moves up from block 3 to block 2
    assert editor.state.entries[1].first_block == 2
    assert block_background(editor, 2) == expected_background(editor, "humor")
    assert _wrong_blocks(editor) == []


def test_random_typing_keeps_every_block_highlighted_as_its_paragraph(qtbot):
    from PySide6.QtCore import Qt

    editor = make_editor(qtbot)
    rng = random.Random(1)
    for step in range(160):
        doc = editor.document()
        block = doc.findBlockByNumber(rng.randrange(doc.blockCount()))
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + rng.randint(0, block.length() - 1))
        editor.setTextCursor(cursor)
        op = rng.choice(["enter", "type", "backspace", "delete", "results"])
        if op == "enter":
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        elif op == "type":
            qtbot.keyClicks(editor, "words")
        elif op in ("backspace", "delete"):
            qtbot.keyClick(editor, Qt.Key.Key_Backspace if op == "backspace" else Qt.Key.Key_Delete)
        else:
            for e in editor.state.entries:
                if e.state is not ChunkState.DONE:
                    editor.apply_result(make_result(e.chunk, role_for(step)))
        editor.sliced.flush()
        assert _wrong_blocks(editor) == [], f"step {step} ({op})"

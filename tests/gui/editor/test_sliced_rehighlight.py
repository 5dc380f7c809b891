"""Marking many paragraphs re-highlights them over several event-loop turns, not in one go."""

from __future__ import annotations

from fakes import make_result

from gui.editor.draft_editor import SLICED_REHIGHLIGHT_AT, DraftEditor

N = SLICED_REHIGHLIGHT_AT * 4
TEXT = "\n\n".join(f"Paragraph {i} about the topic." for i in range(N))


def pending_blocks(editor: DraftEditor) -> int:
    pending = editor.highlighter.formats.pending().background().color().name()
    count = 0
    for entry in editor.state.entries:
        ranges = editor.document().findBlockByNumber(entry.first_block).layout().formats()
        count += bool(ranges) and ranges[0].format.background().color().name() == pending
    return count


def make_editor(qtbot) -> DraftEditor:
    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.topic = "topic"
    editor.set_draft(TEXT)
    editor.sliced.flush()
    return editor


def test_many_pending_marks_are_spread_over_turns_and_all_land(qtbot, monkeypatch):
    monkeypatch.setattr("gui.editor.sliced_rehighlight.SLICE_S", 0.0)  # one block per turn
    editor = make_editor(qtbot)
    editor.mark_pending(list(range(N)))
    assert editor.sliced.busy and pending_blocks(editor) < N  # not all in one call
    qtbot.waitUntil(lambda: not editor.sliced.busy, timeout=10000)
    assert pending_blocks(editor) == N


def test_visible_blocks_go_first_and_results_win_over_queued_marks(qtbot):
    editor = make_editor(qtbot)
    editor.mark_pending(list(range(N)))
    first = editor.firstVisibleBlock().blockNumber()
    assert editor.sliced.queue[0] == first
    done = editor.state.doc.chunks[N - 1]
    editor.apply_result(make_result(done, "humor"))
    editor.sliced.flush()
    block = editor.document().findBlockByNumber(editor.state.entries[N - 1].first_block)
    expected = editor.highlighter.formats.role("humor").background().color().name()
    assert block.layout().formats()[0].format.background().color().name() == expected

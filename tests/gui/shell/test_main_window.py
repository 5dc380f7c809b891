"""The main window drives analyses: colours, stop, method switch, live re-analysis."""

from __future__ import annotations

from fakes import Opener, role_for
from PySide6.QtGui import QTextCursor

from core.local.classifier import classify
from gui.common.confidence import UNCERTAIN_BELOW
from gui.common.draft_state import ChunkState
from gui.shell import actions

TEXT = "\n\n".join(f"Paragraph number {i} talks about gardens and soil, in some detail."
                   for i in range(20))


def primary_colour(window, index: int) -> str | None:
    entry = window.editor.state.entries[index]
    block = window.editor.document().findBlockByNumber(entry.first_block)
    ranges = block.layout().formats()
    return ranges[0].format.background().color().name() if ranges else None


def test_local_analysis_colours_every_paragraph_with_its_role(qtbot, make_window):
    w = make_window()
    text, topic = actions.sample("en")
    w.load_text(text, None, topic)
    w.switcher.set_method("local")
    with qtbot.waitSignal(w.sig_run_finished, timeout=10000) as blocker:
        assert w.analyze()
    assert blocker.args[0] == "ok"
    expected = classify(w.editor.state.doc)
    book = w.editor.highlighter.formats
    for i, entry in enumerate(w.editor.state.entries):
        assert entry.state is ChunkState.DONE
        assert entry.result.roles == expected[i].roles
        assert entry.result.confidence == expected[i].confidence
        unsure = expected[i].confidence < UNCERTAIN_BELOW  # shown paler (issue 16)
        want = book.role(expected[i].roles[0], uncertain=unsure).background().color().name()
        assert primary_colour(w, i) == want
    assert w.progress.done == w.progress.total == len(w.editor.state.entries)
    assert "done" in w.status_label.text()
    counts = w.editor.state.counts()
    assert sum(n for n, _ in counts.values()) == len(expected)


def test_stop_cancels_the_run(qtbot, make_window):
    opener = Opener(pause_after=5)
    w = make_window(opener=opener)
    w.load_text(TEXT, None, "gardens")
    w.switcher.set_method("rest")
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000) as blocker:
        assert w.analyze()
        qtbot.waitUntil(lambda: w.progress.done == 5)
        assert w.stop_btn.isEnabled()
        w.stop()
    assert blocker.args[0] == "stopped"
    backend = opener.opened[0][1]
    qtbot.waitUntil(lambda: backend.cancelled)
    assert not backend.finished
    states = [e.state for e in w.editor.state.entries]
    assert states.count(ChunkState.DONE) == 5
    assert ChunkState.PENDING not in states
    assert not w.stop_btn.isEnabled()
    assert "stopped at 5/20" in w.status_label.text()


def test_method_switch_mid_run_cancels_and_restarts(qtbot, make_window):
    opener = Opener(pause_after=3)
    w = make_window(opener=opener)
    w.load_text(TEXT, None, "gardens")
    w.switcher.set_method("rest")
    assert w.analyze()
    qtbot.waitUntil(lambda: w.progress.done == 3)
    first = opener.opened[0][1]
    first_run = w.progress.run_id
    opener.kwargs = {}  # the next backend answers without pausing
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000) as blocker:
        w.switcher.buttons["realtime"].click()
    assert blocker.args[0] == "ok"
    assert w.progress.run_id != first_run and w.progress.method == "realtime"
    assert first.cancelled and not first.finished and first.closed
    assert [m for m, _ in opener.opened] == ["rest", "realtime"]
    for i, entry in enumerate(w.editor.state.entries):
        assert entry.state is ChunkState.DONE
        assert entry.result.backend == "realtime"
        assert entry.result.roles == (role_for(i),)
    assert w.settings.last_method == "realtime"


def analysed_once(qtbot, make_window, method: str):
    """A window with TEXT analysed once by `method` through a fake opener."""
    opener = Opener()
    w = make_window(opener=opener)
    w.load_text(TEXT, None, "gardens")
    w.switcher.set_method(method)
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        w.analyze()
    return w, opener


def test_live_mode_reanalyses_only_edited_paragraphs_and_neighbours(qtbot, make_window):
    w, opener = analysed_once(qtbot, make_window, "local")
    entry = w.editor.state.entries[10]
    cursor = QTextCursor(w.editor.document().findBlockByNumber(entry.first_block))
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000) as blocker:
        cursor.insertText("Now edited: ")
        assert w.editor.state.entries[10].state is ChunkState.STALE
    assert blocker.args[0] == "ok"
    backend = opener.opened[-1][1]
    assert backend.targets[-1] == [9, 10, 11]
    assert w.editor.state.entries[10].state is ChunkState.DONE


def test_unavailable_method_refuses_with_reason(qtbot, make_window):
    w = make_window(status_fn=lambda m, s: None if m == "local" else f"{m} needs an API key")
    w.load_text(TEXT, None, "gardens")
    assert not w.switcher.buttons["rest"].isEnabled()
    assert "rest needs an API key" in w.switcher.buttons["rest"].toolTip()
    assert w.switcher.buttons["local"].isEnabled()
    assert w.current_method() == "local"


def test_empty_draft_is_refused_with_a_message(qtbot, make_window):
    w = make_window()
    w.load_text("   \n\n  ", None, "gardens")
    assert not w.analyze()
    assert "empty" in w.last_message
    assert w.progress is None


def test_stopping_a_reanalysis_keeps_earlier_results(qtbot, make_window):
    w, opener = analysed_once(qtbot, make_window, "rest")
    opener.opened[0][1].pause_after = 2  # the open backend is reused by the next run
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000) as blocker:
        w.analyze()
        qtbot.waitUntil(lambda: w.progress.done == 2)
        assert w.editor.state.entries[5].state is ChunkState.PENDING
        w.stop()
    assert blocker.args[0] == "stopped"
    assert all(e.state is ChunkState.DONE for e in w.editor.state.entries)


def test_topic_change_marks_results_stale(qtbot, make_window):
    w = make_window()
    w.live.setChecked(False)
    w.load_text(TEXT, None, "gardens")
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        w.analyze()
    w.topic.setText("soil")
    w.topic.editingFinished.emit()
    assert all(e.state is ChunkState.STALE for e in w.editor.state.entries)
    assert w.editor.state.doc.topic == "soil"

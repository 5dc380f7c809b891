"""A loaded or edited draft's Local per-paragraph work is done in idle slices before Analyze."""

from __future__ import annotations

from core.local import encode, features
from core.local.encode import clear_caches

DRAFT = "\n\n".join(f"Paragraph {i}: the garden needs rain, soil and patience." for i in range(300))


def test_loading_a_draft_warms_every_paragraph_in_idle_slices(make_window, qtbot):
    clear_caches()
    window = make_window()
    window.load_text(DRAFT)
    qtbot.waitUntil(lambda: window.local_warmer.pending == 0, timeout=30000)
    texts = [c.text for c in window.editor.state.doc.chunks]
    assert len(texts) == 300
    assert all(t in features._STATS_CACHE and t in encode._IDS_CACHE for t in texts)


def test_an_edited_paragraph_is_warmed(make_window, qtbot):
    window = make_window()
    window.load_text(DRAFT)
    qtbot.waitUntil(lambda: window.local_warmer.pending == 0, timeout=30000)
    clear_caches()
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, "New ")
    qtbot.waitUntil(lambda: window.local_warmer.pending == 0, timeout=30000)
    assert window.editor.state.doc.chunks[0].text in features._STATS_CACHE


def test_loading_a_draft_passes_over_it_before_analyze(make_window, qtbot):
    from core.local import classifier

    clear_caches()
    window = make_window()
    window.load_text(DRAFT, topic="garden rain")
    qtbot.waitUntil(lambda: window.local_warmer.pending == 0, timeout=30000)
    assert classifier.DocScorer.of(window.editor.state.doc).ready  # the kept one, passed


def test_a_new_topic_passes_over_the_draft_again(make_window, qtbot):
    from core.local import classifier

    window = make_window()
    window.load_text(DRAFT, topic="garden rain")
    qtbot.waitUntil(lambda: window.local_warmer.pending == 0, timeout=30000)
    window.topic.setText("soil and patience")
    window.topic.editingFinished.emit()
    assert window.editor.state.doc.topic == "soil and patience"
    qtbot.waitUntil(lambda: window.local_warmer.pending == 0, timeout=30000)
    assert classifier.DocScorer.of(window.editor.state.doc).ready

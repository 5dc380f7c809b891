"""The writer's experience: layout, honest legend and status, failed runs, topic per draft."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Sequence

from fakes import Opener, make_result
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu

from core.backends.base import Backend
from core.models import Chunk, Document, Event, RequestRecord
from core.roles import ROLE_IDS
from gui.common.draft_state import ChunkState
from gui.common.i18n import paragraphs, plural
from gui.shell import actions, help

TEXT = "\n\n".join(f"Paragraph number {i} talks about gardens and soil, in some detail."
                   for i in range(12))


def analysed(qtbot, make_window, opener=None):
    w = make_window(opener=opener or Opener())
    w.load_text(TEXT, None, "gardens")
    w.switcher.set_method("rest")
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        assert w.analyze()
    return w


class FailingBackend(Backend):
    """Answers every chunk with an explicit error (a server that refuses everything)."""

    name = "rest"
    cacheable = False

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        start = time.perf_counter()
        for chunk in targets:
            await asyncio.sleep(0)
            r = make_result(chunk, "noise", "rest")
            r.roles, r.error, r.error_kind = (), "HTTP 500 from the server", "server_error"
            yield r
        yield RequestRecord("rest", uuid.uuid4().hex[:8], tuple(c.id for c in targets), start,
                            time.perf_counter(), error="HTTP 500")

    async def aclose(self) -> None:
        pass


class SwitchingOpener(Opener):
    """The first backend answers; every later one fails."""

    async def __call__(self, method: str, settings) -> Backend:
        if self.opened:
            return FailingBackend()
        return await super().__call__(method, settings)


def block_look(w, index: int) -> tuple:
    """(background colour name, underline style) the editor gives this paragraph."""
    entry = w.editor.state.entries[index]
    ranges = w.editor.document().findBlockByNumber(entry.first_block).layout().formats()
    fmt = ranges[0].format
    return fmt.background().color().name(), fmt.underlineStyle()


def test_a_failed_rerun_keeps_every_good_result_stale_with_the_error_on_top(qtbot, make_window):
    w = analysed(qtbot, make_window, SwitchingOpener())
    before = [e.result for e in w.editor.state.entries]
    w.settings.batch_size += 1  # new settings: the runner opens a new (failing) backend
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        assert w.analyze()
    book = w.editor.highlighter.formats
    for i, e in enumerate(w.editor.state.entries):
        assert e.result is before[i] and e.result.ok
        assert e.state is ChunkState.STALE
        assert e.error is not None and "HTTP 500" in e.error.error
        want = book.stale(e.result.roles[0], failed=True)
        assert block_look(w, i) == (want.background().color().name(), want.underlineStyle())
    assert "all 12 paragraphs failed" in w.status_label.text()
    assert "done" not in w.status_label.text() and "last run failed" in w.health.text()
    assert "kept" in w.last_message
    assert "Re-analysis failed" in w.details.label.text()


def test_an_error_without_an_earlier_result_shows_as_an_error(qtbot, make_window):
    async def opener(method, settings):
        return FailingBackend()
    w = make_window(opener=opener)
    w.load_text(TEXT, None, "gardens")
    w.switcher.set_method("rest")
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        w.analyze()
    assert all(e.state is ChunkState.ERROR for e in w.editor.state.entries)


def test_legend_swatches_are_painted_with_the_editors_formats(qtbot, make_window):
    w = make_window()
    book = w.editor.highlighter.formats
    for rid in ROLE_IDS:
        swatch = w.legend.rows[rid].swatch
        image = swatch.grab().toImage()
        want = book.role(rid)
        assert image.pixelColor(3, 3) == want.background().color(), rid
    # the cues a swatch shows are the format's: weight, slant, underline
    assert book.role("key_thesis").fontWeight() > 400
    assert book.role("lyrical_digression").fontItalic()
    assert "bold" in w.legend.rows["key_thesis"].meaning.text()
    assert "dotted underline" in w.legend.rows["noise"].meaning.text()


def test_legend_counts_say_what_they_mean_and_follow_every_edit(qtbot, make_window):
    w = analysed(qtbot, make_window)
    w.live.setChecked(False)
    rid = w.editor.state.entries[0].result.roles[0]
    assert w.legend.rows[rid].count.text().startswith("2 paragraphs · ")
    assert w.legend.rows[rid].count.text().endswith("% of the text")
    # delete the first paragraph and the blank line after it: no paragraph is "edited"
    doc = w.editor.document()
    cursor = QTextCursor(doc)
    cursor.setPosition(doc.findBlockByNumber(2).position(), QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    qtbot.waitUntil(lambda: w.legend.rows[rid].count.text().startswith("1 paragraph · "))
    report = actions.build_report(w)
    legend_total = sum(n for n, _ in w.editor.state.counts().values())
    assert legend_total == sum(s.count for s in report.summary) == 11
    assert "11 paragraphs analysed" in w.legend.summary.text()
    doc.undo()
    qtbot.waitUntil(lambda: w.legend.rows[rid].count.text().startswith("2 paragraphs · "))


def test_plurals():
    assert paragraphs(1) == "1 paragraph" and paragraphs(2) == "2 paragraphs"
    assert paragraphs(0) == "0 paragraphs"


def test_russian_plural_forms(monkeypatch):
    from gui.common import i18n
    monkeypatch.setitem(i18n._state, "lang", "ru")
    forms = ("абзац", "абзаца", "абзацев")
    assert [plural(n, *forms) for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "1 абзац", "2 абзаца", "5 абзацев", "11 абзацев", "21 абзац", "22 абзаца", "112 абзацев"]


def test_elapsed_time_is_analyze_to_done_not_idle_time(qtbot, make_window, monkeypatch):
    w = analysed(qtbot, make_window)
    text = w.status_label.text()
    assert "done 12/12 in" in text
    real = time.perf_counter
    monkeypatch.setattr("gui.shell.main_window.time.perf_counter", lambda: real() + 30.0)
    w._refresh_panels()
    assert w.status_label.text() == text


def test_topic_is_remembered_per_file_and_a_new_draft_gets_a_suggestion(tmp_path, make_window):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("# Gardens in winter\n\nSoil rests.\n", encoding="utf-8")
    b.write_text("# Bread at home\n\nFlour and water.\n", encoding="utf-8")
    w = make_window()
    assert actions.open_path(w, str(a))
    assert w.topic.text() == ""  # a suggestion, not a decision
    assert "Gardens in winter" in w.topic.placeholderText()
    assert w.use_topic_action.isVisible()
    w.topic.setText("winter gardening")
    w.topic.editingFinished.emit()
    assert actions.open_path(w, str(b))
    assert w.topic.text() == "" and "Bread at home" in w.topic.placeholderText()
    w.use_topic_action.trigger()
    assert w.topic.text() == "Bread at home" and not w.use_topic_action.isVisible()
    assert actions.open_path(w, str(a))
    assert w.topic.text() == "winter gardening"
    assert actions.open_path(w, str(b))
    assert w.topic.text() == "Bread at home"
    c = tmp_path / "c.md"
    assert actions.save_to(w, str(c))  # saving under a new name carries the topic along
    assert actions.open_path(w, str(a)) and actions.open_path(w, str(c))
    assert w.topic.text() == "Bread at home"


def test_window_title_names_the_file_and_marks_changes(tmp_path, make_window):
    src = tmp_path / "notes.md"
    src.write_text("One.\n", encoding="utf-8")
    w = make_window()
    assert actions.open_path(w, str(src))
    assert w.windowTitle().startswith("notes.md[*]") and not w.isWindowModified()
    w.editor.appendPlainText("Two.")
    assert w.isWindowModified()


def test_small_screens_fit_and_power_panels_start_hidden(qtbot, make_window):
    w = make_window()
    w.load_text(TEXT, None, "gardens")
    hint = w.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 600
    w.resize(1024, 600)
    w.show()
    qtbot.waitExposed(w)
    assert w.height() == 600 and w.width() == 1024
    assert w.editor.width() >= 500 and w.editor.height() >= 400
    assert w.performance.isHidden()
    assert w.chart.parent() is not None and w.performance.isAncestorOf(w.chart)
    assert w.performance.isAncestorOf(w.event_log)
    # findChildren, not QAction.menu() in a generator: PySide6 6.8.0 loses that wrapper
    view = next(m for m in w.findChildren(QMenu) if m.title() == "&View")
    toggles = {a.text(): a for a in view.actions()}
    toggles["&Performance panel"].trigger()
    assert w.performance.isVisible()
    toggles["Roles"].trigger()
    assert w.roles_dock.isHidden()
    w.hide()


def test_export_names_and_help(tmp_path, qtbot, make_window):
    w = make_window()
    w.load_text(TEXT, None, "gardens")
    w.path = str(tmp_path / "my draft.md")
    assert actions.suggested_export_name(w, "html") == str(tmp_path / "my draft-report.html")
    assert actions.suggested_export_name(w, "png").endswith("my draft-latency.png")
    assert actions.start_folder(w) == str(tmp_path)
    keys = dict(help.shortcuts(w))
    assert "Ctrl+Return" in keys["Analyze"] and keys["Roles and colours"] == "F1"
    box = help.about_box(w)
    assert help.version() in box.text() and help.version() != "unknown"
    box.close()
    dlg = help.roles_dialog(w)
    assert len(dlg.findChildren(help.Swatch)) == len(ROLE_IDS) + 3
    dlg.close()


def test_a_new_draft_typed_from_scratch_gets_its_heading_as_the_suggested_topic(qtbot, make_window):
    w = make_window()
    w.load_text("", None)
    assert not w.use_topic_action.isVisible()
    w.editor.insertPlainText("# Winter bread\n\nFlour, water, salt.")
    qtbot.waitUntil(w.use_topic_action.isVisible)
    assert "Winter bread" in w.topic.placeholderText() and w.topic.text() == ""


def test_file_dialogs_start_in_documents_then_the_last_folder(tmp_path, monkeypatch, make_window):
    from PySide6.QtCore import QStandardPaths
    docs = tmp_path / "Documents"
    docs.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _kind: str(docs))
    w = make_window()
    assert actions.start_folder(w) == str(docs)  # never the program's source folder
    other = tmp_path / "drafts"
    other.mkdir()
    (other / "a.md").write_text("A.\n", encoding="utf-8")
    assert actions.open_path(w, str(other / "a.md"))
    w.load_text("New.", None)
    assert actions.start_folder(w) == str(other)

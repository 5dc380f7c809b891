"""The Findings dock after an analysis, the revision of a saved file, and Compare with…."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from fakes import Opener, make_result, role_for

from core.backends.base import Backend
from core.models import Chunk, Document, Event
from tests.core.review.drafts import filler

PARAS = [filler(i, 30) for i in range(8)]
PARAS[6] = PARAS[1]  # a repeat: found whatever the roles are
TEXT = "\n\n".join(PARAS)


def analysed(qtbot, w) -> None:
    with qtbot.waitSignal(w.sig_run_finished, timeout=10000) as done:
        assert w.analyze()
    assert done.args[0] == "ok"


def test_findings_dock_counts_and_jumps_after_an_analysis(qtbot, make_window):
    w = make_window(opener=Opener())
    w.load_text(TEXT, None, "stones")
    analysed(qtbot, w)
    ids = [f.id for f in w.findings.findings]
    assert "repeated_paragraphs" in ids
    assert w.findings_dock.windowTitle().endswith(f"({len(ids)})")
    k = ids.index("repeated_paragraphs")
    w.findings.list.itemClicked.emit(w.findings.list.item(k))
    assert w.editor.current_chunk() == 1


def test_a_saved_file_shows_what_changed_since_its_last_analysis(qtbot, make_window, tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(TEXT, encoding="utf-8")
    w = make_window(opener=Opener())
    w.load_text(TEXT, str(path), "stones")
    analysed(qtbot, w)
    assert not w.findings.revision_label.text()  # the first analysis of this file
    moved = "\n\n".join([filler(99, 30), *PARAS])  # one new paragraph first: roles shift
    path.write_text(moved, encoding="utf-8")
    w.load_text(moved, str(path), "stones")
    analysed(qtbot, w)
    assert "1 new or edited paragraph" in w.findings.revision_label.text()
    assert w.findings.changed.count() >= 6  # role_for(index) moved with every index


class Different(Backend):
    """Agrees with role_for except on paragraphs 2 and 5."""

    cacheable = False

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        for c in targets:
            role = "noise" if c.index in (2, 5) and role_for(c.index) != "noise" else \
                role_for(c.index)
            yield make_result(c, role, "other")


def test_compare_with_splits_the_map_and_steps_through_disagreements(qtbot, make_window):
    w = make_window(opener=Opener())
    w.load_text(TEXT, None, "stones")

    async def other(method, settings):
        return Different()
    w.compare.opener = other
    assert w.compare.start("rest")
    qtbot.waitUntil(lambda: w.compare.result is not None, timeout=10000)
    assert w.compare.disagreements == [2, 5]
    assert w.doc_map.split_count() == 2
    assert "2 paragraphs differ" in w.last_message
    assert "2 paragraphs differ" in w.findings.comparison.text()
    assert "<td>noise</td>" in w.findings.comparison.text()
    _assert_split_band(w, 2, role_for(2), "noise")
    w.editor.go_to_chunk(0)
    assert w.compare.step(True) == 2 and w.compare.step(True) == 5
    assert w.compare.step(True) == -1 and w.compare.step(False) == 2
    w.load_text("", None, "")
    assert w.doc_map.split_count() == 0



def test_reviewing_a_thousand_paragraphs_in_the_window(qtbot, make_window, tmp_path,
                                                       monkeypatch):
    """Prints what the review adds after an analysis of a 1,000-paragraph saved draft (on the
    GUI thread, as a draft under review.BACKGROUND_FROM paragraphs is reviewed)."""
    import time

    from gui.shell import review

    monkeypatch.setattr(review, "BACKGROUND_FROM", 10_000)

    text = "\n\n".join(filler(i, 50) for i in range(1000))
    path = tmp_path / "long.md"
    path.write_text(text, encoding="utf-8")
    w = make_window(opener=Opener())
    w.load_text(text, str(path), "stones")
    qtbot.waitUntil(lambda: len(w.editor.state.entries) == 1000, timeout=20000)
    analysed(qtbot, w)
    t0 = time.perf_counter()
    review.refresh(w)
    spent = time.perf_counter() - t0
    print(f"\nFindings + history for 1,000 paragraphs in the window: {spent * 1000:.0f} ms")
    from core.review import history

    assert len(history.load(path)) == 2  # the run's own record, then this one


def test_compare_with_offers_only_other_methods_that_can_run(qtbot, make_window):
    from PySide6.QtWidgets import QMenu

    from gui.shell.compare import _enable

    w = make_window(opener=Opener())
    w.switcher.set_method("local")
    w.switcher.reasons["realtime"] = "no key"
    menu = w.findChild(QMenu, "compare_menu")
    _enable(w, menu.actions())
    state = {a.objectName(): a.isEnabled() for a in menu.actions()}
    assert state == {"compare_local": False, "compare_rest": True, "compare_realtime": False,
                     "compare_hybrid": True}
    assert next(a for a in menu.actions() if a.objectName() == "compare_realtime").toolTip() \
        == "no key"


def _assert_split_band(w, index: int, left: str, right: str) -> None:
    """The map paints paragraph `index` half in each method's colour."""
    from gui.common.role_style import role_color

    m = w.doc_map
    m.resize(m.width(), 400)
    image = m.grab().toImage()
    tops, scale = m._geometry(), m._scale()
    y = int(1 + (tops[index] + tops[index + 1]) / 2 * scale)
    assert image.pixelColor(m.width() // 4, y).name() == role_color(left).name()
    assert image.pixelColor(m.width() * 3 // 4, y).name() == role_color(right).name()


def test_an_edited_unsaved_draft_is_not_kept_in_the_history(qtbot, make_window, tmp_path):
    from core.review import history

    path = tmp_path / "draft.md"
    path.write_text(TEXT, encoding="utf-8")
    w = make_window(opener=Opener())
    w.load_text(TEXT, str(path), "stones")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.insertPlainText("\n\nAn unsaved paragraph about river stones and lamps.")
    assert w.editor.document().isModified()
    analysed(qtbot, w)
    assert history.load(path) == []
    assert w.findings.findings  # the review itself still runs


def test_saving_an_analysed_draft_keeps_it_and_shows_the_change(qtbot, make_window, tmp_path):
    from core.review import history
    from gui.shell import actions

    path = tmp_path / "draft.md"
    path.write_text(TEXT, encoding="utf-8")
    w = make_window(opener=Opener())
    w.load_text(TEXT, str(path), "stones")
    assert "Analyse the draft" in w.findings.list.item(0).text()
    analysed(qtbot, w)
    assert len(history.load(path)) == 1
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.Start)
    w.editor.insertPlainText("A new opening paragraph about river stones and lamps.\n\n")
    analysed(qtbot, w)  # edited, not saved: not kept
    assert len(history.load(path)) == 1
    assert actions.save_to(w, str(path))
    assert len(history.load(path)) == 2
    assert "1 new or edited paragraph" in w.findings.revision_label.text()

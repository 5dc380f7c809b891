"""Refined Local verdicts: visible in the panel, and a paragraph's look changes at most once
(first verdict -> refined), also when an unchanged draft is analysed again."""

from __future__ import annotations

from dataclasses import replace

from fakes import Opener, role_for

from gui.editor.highlighter import RoleHighlighter

TEXT = "\n\n".join(f"Paragraph number {i} talks about gardens and soil, in some detail."
                   for i in range(12))


class RecordingHighlighter(RoleHighlighter):
    """Remembers every look (background colour and brush style) each block is painted with."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.looks: dict[int, list[tuple]] = {}

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        super().highlightBlock(text)
        number = self.currentBlock().blockNumber()
        fmt = self.format_for_block(number) if text else None
        look = None if fmt is None else (fmt.background().color().name(),
                                         fmt.background().style())
        seq = self.looks.setdefault(number, [])
        if not seq or seq[-1] != look:
            seq.append(look)


def refined_role(i: int) -> str:
    return "noise" if role_for(i) != "noise" else "humor"


def fake_refine(doc, corrections):
    """Every third paragraph gets another role, the next an uncertain same role, the third
    the same verdict (a confident one: it looks as before)."""
    out = []
    for c in doc.chunks:
        roles = (refined_role(c.index),) if c.index % 3 == 0 else (role_for(c.index),)
        confidence = 0.3 if c.index % 3 == 1 else 0.9
        out.append(_result(c, roles, confidence))
    return out


def _result(chunk, roles, confidence):
    from fakes import make_result

    return replace(make_result(chunk, roles[0], "local"), roles=roles, confidence=confidence)


def recording_window(qtbot, make_window):
    w = make_window(opener=Opener())
    w.refiner.refine_fn = fake_refine
    w.refiner.timer.setInterval(0)  # refine as soon as the run ends (the pause is tested below)
    old = w.editor.highlighter
    old.setDocument(None)
    rec = RecordingHighlighter(w.editor.document(), w.editor.state, w.editor.palette())
    w.editor.highlighter = w.editor.sliced.highlighter = rec
    w.load_text(TEXT, None, "gardens")
    w.switcher.set_method("local")
    return w, rec


def analyse_and_refine(qtbot, w) -> None:
    with qtbot.waitSignal(w.refiner.sig_done, timeout=10000):
        with qtbot.waitSignal(w.sig_run_finished, timeout=5000) as blocker:
            assert w.analyze()
        assert blocker.args[0] == "ok"


def after_first_verdict(rec, w, i):
    """The looks of paragraph i from its first verdict on (before it: plain, then pending)."""
    seq = rec.looks[w.editor.state.entries[i].first_block]
    first = w.editor.highlighter.formats.role(role_for(i)).background().color().name()
    k = next(n for n, look in enumerate(seq) if look is not None and look[0] == first)
    return seq[k:]


def test_a_refined_verdict_changes_the_look_once_and_the_panel_says_so(qtbot, make_window):
    w, rec = recording_window(qtbot, make_window)
    analyse_and_refine(qtbot, w)
    book = w.editor.highlighter.formats
    for i, entry in enumerate(w.editor.state.entries):
        assert entry.refined
        looks = after_first_verdict(rec, w, i)
        if i % 3 == 0:
            want = book.role(refined_role(i)).background().color().name()
            assert [x[0] for x in looks] == [looks[0][0], want], i
        elif i % 3 == 1:
            want = book.role(role_for(i), uncertain=True).background().color().name()
            assert [x[0] for x in looks] == [looks[0][0], want], i
        else:
            assert len(looks) == 1, i  # the same look: never repainted differently
    w.editor.go_to_chunk(1)
    assert "refined" in w.details.label.text() and "uncertain (0.30)" in w.details.label.text()
    assert w.progress.done == w.progress.total == len(w.editor.state.entries)


def test_analysing_again_never_goes_back_to_the_first_verdict(qtbot, make_window):
    w, rec = recording_window(qtbot, make_window)
    analyse_and_refine(qtbot, w)
    before = {i: list(after_first_verdict(rec, w, i)) for i in range(12)}
    analyse_and_refine(qtbot, w)  # the same draft again: first verdicts, then the same refined
    for i in range(12):
        assert after_first_verdict(rec, w, i) == before[i], i
        assert w.editor.state.entries[i].refined


def test_a_refinement_for_an_edited_paragraph_is_dropped(qtbot, make_window):
    w, _ = recording_window(qtbot, make_window)
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        assert w.analyze()
    old = w.editor.state.doc
    w.live.setChecked(False)
    w.editor.go_to_chunk(0)
    w.editor.textCursor().insertText("Edited. ")
    stale = fake_refine(old, [])[0]
    assert w.editor.apply_refined(stale) == -1
    assert not w.editor.state.entries[0].refined


def test_a_local_refinement_never_replaces_another_methods_verdict(qtbot, make_window):
    w = make_window(opener=Opener())
    w.load_text(TEXT, None, "gardens")
    w.switcher.set_method("rest")
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        assert w.analyze()
    for r in fake_refine(w.editor.state.doc, []):
        assert w.editor.apply_refined(r) == -1
    assert all(e.result.backend == "rest" and not e.refined for e in w.editor.state.entries)


def test_typing_puts_off_the_refinement_until_the_writer_pauses(qtbot, make_window):
    w, _ = recording_window(qtbot, make_window)
    w.refiner.timer.setInterval(60_000)
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        assert w.analyze()
    assert w.refiner.busy and w.refiner.timer.isActive()  # scheduled, waiting for a pause
    w.live.setChecked(False)
    w.editor.go_to_chunk(0)
    w.editor.textCursor().insertText("Typing. ")
    assert not w.refiner.busy


def test_a_new_correction_refines_again_with_it(qtbot, make_window):
    w, _ = recording_window(qtbot, make_window)
    analyse_and_refine(qtbot, w)
    seen = []
    w.refiner.refine_fn = lambda doc, corrections: seen.append(corrections) or []
    with qtbot.waitSignal(w.refiner.sig_done, timeout=5000):
        w.corrections.mark(2, "humor")
    assert seen == [[(w.editor.state.doc.chunks[2].text, ("humor",))]]


def test_another_methods_answers_replace_refined_verdicts(qtbot, make_window):
    w, _ = recording_window(qtbot, make_window)
    analyse_and_refine(qtbot, w)
    w.switcher.set_method("rest")
    with qtbot.waitSignal(w.sig_run_finished, timeout=5000):
        assert w.analyze()
    for i, e in enumerate(w.editor.state.entries):
        assert e.result.backend == "rest" and e.result.roles == (role_for(i),)
        assert not e.refined

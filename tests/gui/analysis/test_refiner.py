"""The Refiner: works in a worker thread, hands results over in slices, can be cancelled, and
a failing refinement keeps the first verdicts."""

from __future__ import annotations

import threading

import pytest
from fakes import make_result

from core.chunking import make_document
from gui.analysis.refiner import Refiner

DOC = make_document("\n\n".join(f"Paragraph {i}." for i in range(50)), "topic")


def refine_all(doc, corrections):
    assert threading.current_thread() is not threading.main_thread()
    return [make_result(c, "humor", "local") for c in doc.chunks]


def test_results_arrive_for_every_chunk_then_done(qtbot):
    refiner = Refiner(refine_all)
    got = []
    refiner.sig_refined.connect(got.append)
    with qtbot.waitSignal(refiner.sig_done, timeout=5000) as blocker:
        refiner.start(DOC, [("a text", ["humor"])])
    assert blocker.args == [50]
    assert [r.chunk_id for r in got] == [c.id for c in DOC.chunks]


def test_the_corrections_reach_the_model(qtbot):
    seen = []
    refiner = Refiner(lambda doc, corrections: seen.append(corrections) or [])
    with qtbot.waitSignal(refiner.sig_done, timeout=5000):
        refiner.start(DOC, [("my text", ("noise",))])
    assert seen == [[("my text", ("noise",))]]


def test_a_cancelled_refinement_hands_nothing_over(qtbot):
    release = threading.Event()
    started = threading.Event()

    def slow(doc, corrections):
        started.set()
        release.wait(5)
        return refine_all(doc, corrections)
    refiner = Refiner(slow)
    got = []
    refiner.sig_refined.connect(got.append)
    task = refiner.start(DOC)
    qtbot.waitUntil(started.is_set)
    refiner.cancel()
    release.set()
    qtbot.waitUntil(task.done)
    assert task.cancelled() and got == []


def test_a_failing_refinement_is_quiet(qtbot):
    def broken(doc, corrections):
        raise RuntimeError("no encoder")
    refiner = Refiner(broken)
    got = []
    refiner.sig_refined.connect(got.append)
    refiner.sig_done.connect(got.append)
    task = refiner.start(DOC)
    qtbot.waitUntil(task.done)
    assert got == [] and task.exception() is None


def test_a_new_refinement_waits_for_the_previous_thread(qtbot):
    release = threading.Event()
    calls: list[str] = []

    def slow(doc, corrections):
        calls.append("slow")
        release.wait(5)
        calls.append("slow done")
        return refine_all(doc, corrections)

    def fast(doc, corrections):
        calls.append("fast")
        return refine_all(doc, corrections)
    refiner = Refiner(slow)
    first = refiner.start(DOC)
    qtbot.waitUntil(lambda: calls == ["slow"])
    refiner.refine_fn = fast
    with qtbot.waitSignal(refiner.sig_done, timeout=5000):
        refiner.start(DOC)  # cancels the first; its thread is still busy
        qtbot.waitUntil(first.done)
        assert calls == ["slow"]  # not started beside it
        release.set()
    assert calls == ["slow", "slow done", "fast"]


def test_schedule_waits_for_a_pause_and_cancel_drops_it(qtbot):
    refiner = Refiner(refine_all)
    refiner.timer.setInterval(60_000)
    refiner.schedule(lambda: (DOC, []))
    assert refiner.busy
    refiner.cancel()
    assert not refiner.busy and refiner.task is None
    refiner.timer.setInterval(0)
    with qtbot.waitSignal(refiner.sig_done, timeout=5000):
        refiner.schedule(lambda: (DOC, []))


def test_without_the_encoder_there_is_no_refinement(monkeypatch):
    from core.local import embed
    from gui.analysis.refiner import encoder_refine

    doc = make_document("A first paragraph about tea.\n\nA second one.", "tea")
    assert len(encoder_refine(doc, ())) == 2
    monkeypatch.setattr(embed, "available", lambda: False)
    assert encoder_refine(doc, ()) is None


def test_the_gil_is_handed_over_often_until_the_refinement_thread_ends(qtbot):
    """While the encoder's thread computes, the GUI thread waits for the GIL (gui.common.gil);
    the low interval lasts as long as the thread, even when the refinement is cancelled."""
    import sys

    from gui.common import gil

    before = sys.getswitchinterval()
    release, seen = threading.Event(), []

    def slow(doc, corrections):
        seen.append(sys.getswitchinterval())
        release.wait(5)
        return refine_all(doc, corrections)
    refiner = Refiner(slow)
    task = refiner.start(DOC)
    qtbot.waitUntil(lambda: bool(seen))
    refiner.cancel()
    qtbot.waitUntil(task.done)
    # the cancelled run's thread still works
    assert sys.getswitchinterval() == pytest.approx(gil.SWITCH_S)
    release.set()
    qtbot.waitUntil(lambda: sys.getswitchinterval() == before)
    assert seen == [pytest.approx(gil.SWITCH_S)]

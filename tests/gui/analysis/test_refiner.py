"""The Refiner: works in a worker thread, hands results over in slices, can be cancelled, and
a failing refinement keeps the first verdicts."""

from __future__ import annotations

import threading

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

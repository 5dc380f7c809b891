"""The runner queues results and hands them to the GUI once a frame; none is lost or doubled."""

from __future__ import annotations

from fakes import Opener

from core.chunking import make_document
from core.settings import Settings
from gui.analysis import runner as runner_mod
from gui.analysis.runner import AnalysisRunner

DOC = make_document("\n\n".join(f"Paragraph {i}." for i in range(60)), "topic")


def test_results_come_in_frame_batches_and_all_before_finished(qtbot, qloop, monkeypatch):
    monkeypatch.setattr(runner_mod, "DELIVER_BUDGET_S", 0.0)  # one result per frame
    runner = AnalysisRunner(opener=Opener(), use_cache=False)
    events: list[tuple[str, object]] = []
    runner.sig_result.connect(lambda run, r: events.append(("result", r.chunk_id)))
    runner.sig_finished.connect(lambda run, status, msg: events.append(("finished", status)))
    with qtbot.waitSignal(runner.sig_finished, timeout=10000):
        runner.start("rest", Settings(), DOC)
    ids = [x for kind, x in events if kind == "result"]
    assert events[-1] == ("finished", "ok")
    assert sorted(ids) == sorted(c.id for c in DOC.chunks)  # each exactly once
    qtbot.waitUntil(lambda: not runner.tasks, timeout=5000)


def test_a_stopped_run_delivers_what_it_received_before_stopped(qtbot, qloop, monkeypatch):
    monkeypatch.setattr(runner_mod, "FRAME_MS", 10_000)  # the frame timer never fires here
    opener = Opener(pause_after=20)
    runner = AnalysisRunner(opener=opener, use_cache=False)
    got: list[str] = []
    runner.sig_result.connect(lambda run, r: got.append(r.chunk_id))
    runner._frame.setInterval(10_000)
    runner.start("rest", Settings(), DOC)
    qtbot.waitUntil(lambda: len(runner._pending) == 20, timeout=10000)
    assert got == []  # queued, not yet handed over
    with qtbot.waitSignal(runner.sig_finished, timeout=10000) as blocker:
        runner.stop()
    assert blocker.args[1] == "stopped"
    assert got == [c.id for c in DOC.chunks[:20]]

"""A long draft is reviewed on a worker thread: the same findings, never a stale one."""

from __future__ import annotations

import threading

import pytest
from fakes import Opener

from core.review import findings as core_findings
from gui.common import gil
from gui.shell import review
from tests.gui.shell.test_review_compare import TEXT
from tests.gui.shell.test_review_compare import analysed as _analysed


def test_a_long_draft_gets_the_same_findings_from_a_worker_thread(qtbot, make_window,
                                                                  monkeypatch):
    w = make_window(opener=Opener())
    w.load_text(TEXT, None, "stones")
    _analysed(qtbot, w)
    on_gui_thread = [f.to_dict() for f in w.findings.findings]
    assert any(f["id"] == "repeated_paragraphs" for f in on_gui_thread)
    threads: list[str] = []
    real = core_findings.review_results

    def recording(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(review, "review_results", recording)
    monkeypatch.setattr(review, "BACKGROUND_FROM", 3)
    w.findings.set_findings([], analysed=False)
    _analysed(qtbot, w)
    qtbot.waitUntil(lambda: bool(w.findings.findings), timeout=10000)
    assert threads == ["draftlens-review"]
    assert [f.to_dict() for f in w.findings.findings] == on_gui_thread


def test_a_review_superseded_while_it_ran_is_dropped(qtbot, make_window, monkeypatch):
    w = make_window(opener=Opener())
    w.load_text(TEXT, None, "stones")
    _analysed(qtbot, w)
    release, started = threading.Event(), threading.Event()
    real = core_findings.review_results
    calls = 0

    def first_waits(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 1:  # the first review is still running when the second one starts
            started.set()
            release.wait(10)
            return [core_findings.Finding("stale", "warning", [0], "stale", "stale")]
        return real(*args, **kwargs)

    monkeypatch.setattr(review, "review_results", first_waits)
    monkeypatch.setattr(review, "BACKGROUND_FROM", 3)
    shown: list[list[str]] = []
    real_set = w.findings.set_findings
    monkeypatch.setattr(w.findings, "set_findings", lambda found, **kw: (
        shown.append([f.id for f in found]), real_set(found, **kw)))
    review.refresh(w)
    qtbot.waitUntil(started.is_set, timeout=10000)
    review.refresh(w)
    qtbot.waitUntil(lambda: calls == 2 and bool(shown), timeout=10000)
    release.set()
    qtbot.waitUntil(lambda: len(w.tasks) == 0, timeout=10000)  # the stale review ended too
    assert shown and all("stale" not in ids for ids in shown)
    assert "repeated_paragraphs" in [f.id for f in w.findings.findings]


def test_the_gil_is_handed_over_often_while_reviews_run_then_as_before(qtbot, make_window,
                                                                        monkeypatch):
    import sys

    w = make_window(opener=Opener())
    w.load_text(TEXT, None, "stones")
    _analysed(qtbot, w)
    before = sys.getswitchinterval()
    releases = [threading.Event(), threading.Event()]
    seen: list[float] = []

    def overlapping(*args, **kwargs):
        k = len(seen)
        seen.append(sys.getswitchinterval())
        releases[k].wait(10)
        return []

    monkeypatch.setattr(review, "review_results", overlapping)
    monkeypatch.setattr(review, "BACKGROUND_FROM", 3)
    review.refresh(w)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=10000)
    review.refresh(w)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10000)
    releases[0].set()  # the first review ends while the second one still runs
    qtbot.waitUntil(lambda: len(w.tasks) == 1, timeout=10000)
    assert sys.getswitchinterval() == pytest.approx(gil.SWITCH_S)
    releases[1].set()
    qtbot.waitUntil(lambda: len(w.tasks) == 0, timeout=10000)
    assert seen == [pytest.approx(gil.SWITCH_S)] * 2
    assert sys.getswitchinterval() == before

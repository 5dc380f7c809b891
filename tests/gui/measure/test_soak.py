"""A short soak (the CI form of `draftlens soak`): the real window, scripted edits, every
network method against the built-in server with random faults; nothing lost or duplicated."""

from __future__ import annotations

import pytest

from core.settings import Settings
from gui.measure.soak import SoakConfig, network_methods, run_soak


@pytest.mark.slow
def test_short_soak_loses_nothing_under_faults(qtbot, qloop):
    cfg = SoakConfig(seconds=24, seed=5, paragraphs=30, phase_s=6, session_max_s=5.0)
    lines: list[str] = []
    task = qloop.create_task(run_soak(cfg, out=lines.append))
    qtbot.waitUntil(task.done, timeout=240_000)  # generous: CI machines are loaded
    report = task.result()
    summary = "\n".join(report.lines() + lines)
    assert report.ok, summary
    assert report.lost == report.duplicated == report.crashes == 0, summary
    assert set(report.phases) == set(report.methods) >= {"rest", "realtime"}, summary
    assert sum(report.faults.values()) > 0, summary
    assert report.sessions > 1, summary  # Realtime sessions expired and were reopened
    assert report.paragraphs_checked > 0 and sum(report.edits.values()) > 0, summary


def test_the_method_list_is_data_driven(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    methods = network_methods(Settings())
    assert {"rest", "realtime"} <= set(methods) and "local" not in methods
    import gui.measure.soak

    monkeypatch.setattr(gui.measure.soak, "method_status",
                        lambda m, s: None if m.value in ("rest", "hybrid") else "no")
    assert network_methods(Settings()) == ["rest", "hybrid"]

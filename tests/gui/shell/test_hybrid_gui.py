"""Hybrid in the GUI: switcher, breaker chips, which backend answered and how, chart marks."""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import run_async

from core.backends import open_backend
from core.backends.breaker import breaker_for
from core.backends.health import note_server
from core.backends.patience import patience_for
from core.chunking import make_document
from core.emulator.demo import stop_demo
from core.models import ChunkResult, FailureKind, RequestRecord, Timings
from core.settings import Settings
from gui.common.describe import describe_html
from gui.common.draft_state import ChunkState, Entry
from gui.panels.chart import LatencyChart
from gui.panels.health_chips import HealthChips
from gui.shell.switcher import MethodSwitcher

SERVER = "http://127.0.0.1:5/v1"



def test_hybrid_is_enabled_in_the_switcher_in_demo_mode(qtbot):
    switcher = MethodSwitcher()
    qtbot.addWidget(switcher)
    switcher.refresh(Settings(demo=True))
    assert switcher.buttons["hybrid"].isEnabled()
    assert switcher.reasons["hybrid"] is None


def test_details_say_which_backend_answered_and_that_it_was_a_fallback():
    chunk = make_document("One paragraph.", "t").chunks[0]
    result = ChunkResult(chunk.id, 0, chunk.hash, ("example",), "rest", "gpt-5.4-mini",
                         Timings(0.0, done=0.2), route="fallback")
    text = describe_html(Entry(chunk, ChunkState.DONE, result), 0)
    assert "REST (gpt-5.4-mini)" in text
    assert "fallback" in text
    result.route = "hedge"
    assert "hedge" in describe_html(Entry(chunk, ChunkState.DONE, result), 0)
    result.route = ""
    plain = describe_html(Entry(chunk, ChunkState.DONE, result), 0)
    assert "fallback" not in plain and "hedge" not in plain


def test_chart_marks_fallback_requests(qtbot):
    chart = LatencyChart()
    qtbot.addWidget(chart)
    chart.add(RequestRecord("rest", "a", ("x",), 0.0, 0.5))
    chart.add(RequestRecord("rest", "b", ("y",), 0.0, 0.7, route="fallback"))
    chart.redraw()
    xs, ys = chart.series["rest"].rerouted.getData()
    assert list(ys) == [pytest.approx(700.0)]
    assert "fallback" in chart.stats.text()


def test_chips_say_retrying_in_writer_words_and_keep_breaker_terms_for_the_tooltip(qtbot):
    note_server(SERVER)
    for _ in range(3):
        breaker_for(SERVER, "realtime").record_failure(FailureKind.UNREACHABLE)
    chips = HealthChips()
    qtbot.addWidget(chips)
    chips.refresh()
    assert not chips.isHidden()
    assert re.fullmatch(r"Realtime: retrying in \d+ s", chips.chips["realtime"].text())
    assert chips.chips["rest"].text() == "REST: ok"
    assert "circuit breaker: open" in chips.chips["realtime"].toolTip()
    assert "unreachable" in chips.chips["realtime"].toolTip()


def test_chips_show_patience_rate_limits_and_down(qtbot):
    note_server(SERVER)
    now = [100.0]
    rest = patience_for(SERVER, "rest", 45.0)
    rest.clock = rest.gate.clock = lambda: now[0]
    chips = HealthChips()
    qtbot.addWidget(chips)
    rest.failed(FailureKind.HUNG)
    now[0] += 12
    chips.refresh()
    assert chips.chips["rest"].text() == "REST: server not answering — retrying (12 s of 45)"
    rest.rate_limit(3.0)
    chips.refresh()
    assert chips.chips["rest"].text() == "REST: rate limited, resuming in 3 s"
    now[0] += 40
    chips.refresh()
    assert chips.chips["rest"].text() == "REST: down"


def test_chips_are_hidden_before_hybrid_ran(qtbot):
    chips = HealthChips()
    qtbot.addWidget(chips)
    assert chips.isHidden()


def test_hybrid_analysis_in_demo_mode_resolves_every_paragraph(qtbot, qloop, make_window):
    async def demo_opener(method: str, settings: Settings):
        return await open_backend(method, dataclasses.replace(settings, demo=True))

    w = make_window(opener=demo_opener)
    text = "\n\n".join(f"Paragraph {i} is about brewing coffee at home." for i in range(8))
    w.load_text(text, None, "brewing coffee")
    w.select_method("hybrid")
    try:
        with qtbot.waitSignal(w.sig_run_finished, timeout=60000) as blocker:
            assert w.analyze()
        assert blocker.args[0] == "ok"
        entries = w.editor.state.entries
        assert all(e.state is ChunkState.DONE for e in entries)
        assert {e.result.backend for e in entries} <= {"realtime", "rest"}
        w.health_chips.refresh()
        assert not w.health_chips.isHidden()
    finally:
        run_async(qtbot, qloop, stop_demo(), timeout=10000)

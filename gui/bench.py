"""`draftlens bench-gui`: time colouring a large draft, Local or over the network.

Prints (does not assert) the time from Analyze to the last paragraph coloured and the longest
main-thread stall while results stream, measured as the lag of a 5 ms QTimer. With
`--method rest|realtime` the local OpenAI-compatible server runs in its own process, as a
remote server would, so only the client's work lands on the GUI thread.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core.backends.warmup import start_warm_up
from core.settings import Settings
from gui import actions
from gui.app import wait_signal
from gui.main_window import MainWindow
from gui.runner import AnalysisRunner

TICK_MS = 5
BENCH_KEY = "bench-key-not-secret"  # the local server started for the bench accepts only this


def bench_draft(paragraphs: int) -> tuple[str, str]:
    """A draft of `paragraphs` real-looking paragraphs (the samples, cycled, numbered)."""
    text, topic = actions.sample("en")
    body = [p for p in text.split("\n\n") if p.strip() and not p.startswith("#")]
    out = [f"{body[i % len(body)]} ({i + 1})" for i in range(paragraphs)]
    return "\n\n".join(out), topic


class LagMonitor:
    """Records the gaps between ticks of a fast QTimer; a long gap is a stalled GUI thread."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.ends: list[float] = []  # perf_counter() at the end of each gap
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self.ends.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000.0)
        self.ends.append(now)
        self._last = now


@contextlib.contextmanager
def server_process(profile: str) -> Iterator[str]:
    """`draftlens emulator` in its own process; yields its base URL."""
    proc = subprocess.Popen([sys.executable, "-m", "core.cli", "emulator", "--profile", profile,
                             "--api-key", BENCH_KEY],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
        if not line.startswith("READY "):
            raise RuntimeError(f"the local server did not start: {line!r}")
        yield line.split(" ", 1)[1]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def _warm_up() -> None:
    """As the app does at start-up; a user clicks Analyze later than it takes."""
    t0 = time.perf_counter()
    thread = start_warm_up()
    while thread.is_alive():
        await asyncio.sleep(0.02)
    print(f"bench-gui: start-up import warm-up took {(time.perf_counter() - t0) * 1000:.0f} ms"
          " (background thread)")


async def _bench(paragraphs: int, method: str, base_url: str = "") -> int:
    await _warm_up()
    settings = Settings(base_url=base_url)
    window = MainWindow(settings, runner=AnalysisRunner(use_cache=False), interactive=False)
    text, topic = bench_draft(paragraphs)
    window.load_text(text, None, topic)
    window.select_method(method)
    window.show()
    await asyncio.sleep(0.5)
    stamps: list[float] = []
    window.runner.sig_result.connect(lambda *_: stamps.append(time.perf_counter()))
    monitor = LagMonitor()
    try:
        finished = asyncio.ensure_future(wait_signal(window.sig_run_finished))
        monitor.start()
        t0 = time.perf_counter()
        window.analyze()
        status, message = await finished
        await asyncio.sleep(0.2)
        monitor.stop()
        _report(paragraphs, method, window, t0, stamps, monitor.gaps, status, message)
        return 0 if status == "ok" else 1
    finally:
        await window.shutdown()
        window.hide()
        window.deleteLater()


def _report(paragraphs: int, method: str, window: MainWindow, t0: float, stamps: list[float],
            gaps: list[float], status: str, message: str) -> None:
    p = window.progress
    coloured = sum(1 for e in window.editor.state.entries if e.state.value == "done")
    stalls = [max(0.0, g - TICK_MS) for g in gaps]
    print(f"bench-gui: {paragraphs} paragraphs, {method} method, status {status} {message}")
    print(f"  coloured paragraphs:          {coloured}/{len(window.editor.state.entries)}"
          f" (errors {p.errors if p else '?'})")
    if stamps:
        print(f"  Analyze -> first coloured:    {(stamps[0] - t0) * 1000:8.1f} ms")
        target = "  (target 2000)" if method == "local" else ""
        print(f"  Analyze -> last coloured:     {(stamps[-1] - t0) * 1000:8.1f} ms{target}")
    print(f"  longest main-thread stall:    {max(stalls, default=0):8.1f} ms  (target 50;"
          f" 5 ms timer lag)")
    if len(stalls) > 1:
        print(f"  median / p99 timer lag:       {statistics.median(stalls):8.1f} ms /"
              f" {sorted(stalls)[int(0.99 * (len(stalls) - 1))]:.1f} ms over {len(stalls)} ticks")


def run_bench(args: argparse.Namespace) -> int:
    """Entry point of `draftlens bench-gui [--paragraphs N] [--method M] [--profile P]`."""
    method = getattr(args, "method", "local")
    paragraphs = getattr(args, "paragraphs", 1000)
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with contextlib.ExitStack() as stack:
        base_url = ""
        if method != "local":
            base_url = stack.enter_context(server_process(getattr(args, "profile", "openai-like")))
            os.environ["OPENAI_API_KEY"] = BENCH_KEY  # the server accepts only its own key
        with loop:
            return loop.run_until_complete(_bench(paragraphs, method, base_url))

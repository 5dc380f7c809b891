"""`draftlens bench-gui`: open, analyse, scroll and type in a large draft; print the figures.

Prints (does not assert): time to open, Analyze -> first visible / first / last colour, the
longest GUI-thread stall while opening, analysing, scrolling and typing with live
re-analysis (the lag of a 5 ms QTimer), and the peak RSS. With
`--method rest|realtime` the local OpenAI-compatible server runs in its own process, as a
remote server would, so only the client's work lands on the GUI thread.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import resource
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from core.backends.warmup import start_warm_up
from core.bench.methods import BENCH_KEY
from core.settings import Settings
from gui.analysis.runner import AnalysisRunner
from gui.common.aio import async_generators_closed_in_tasks, plain_default_executor
from gui.shell import actions
from gui.shell.app import wait_signal
from gui.shell.main_window import LIVE_DELAY_MS, MainWindow
from gui.shell.window import create_window

TICK_MS = 5


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

    def longest(self, after: float = 0.0) -> float:
        """The longest stall (gap beyond the timer's interval) ending after `after`."""
        return max((g - TICK_MS for g, end in zip(self.gaps, self.ends, strict=True)
                    if end > after), default=0.0)

    @property
    def last_tick(self) -> float:
        return self._last if self.timer.isActive() else time.perf_counter()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000.0)
        self.ends.append(now)
        self._last = now


class StallSampler:
    """A watchdog thread: while the GUI thread's heartbeat is late, sample its Python stack.

    Prints where the longest stalls were spent (`bench-gui --trace-stalls`), so a stall is
    pinned on code rather than guessed.
    """

    def __init__(self, monitor: LagMonitor, threshold_ms: float = 25.0) -> None:
        self.monitor = monitor
        self.threshold = threshold_ms / 1000.0
        self.samples: collections.Counter[str] = collections.Counter()
        self.worst: list[str] = []
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        current: list[str] = []
        while not self._stop.wait(0.005):
            if time.perf_counter() - self.monitor.last_tick < self.threshold:
                if len(current) > len(self.worst):
                    self.worst = current
                current = []
                continue
            frame = sys._current_frames().get(self._main)
            if frame is not None:
                stack = traceback.extract_stack(frame)[-6:]
                where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                    for f in reversed(stack))
                self.samples[where] += 1
                current.append(where)

    def report(self) -> None:
        print("  stall samples (5 ms each, GUI thread late > "
              f"{self.threshold * 1000:.0f} ms):")
        for stack, n in self.samples.most_common(10):
            print(f"    {n:4d}  {stack}")
        print(f"  the longest stall's samples ({len(self.worst)}):")
        for stack, n in collections.Counter(self.worst).most_common(5):
            print(f"    {n:4d}  {stack}")


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


@dataclass
class Figures:
    """What one bench run measured (ms unless named otherwise)."""

    open_ms: float = 0.0
    open_stall: float = 0.0
    first_visible: float | None = None
    all_visible: float | None = None
    first_colour: float | None = None
    last_colour: float | None = None
    analysis_stall: float = 0.0
    analysis_stall_later: float = 0.0  # from 1 s after Analyze (first run's set-up excluded)
    refined: float | None = None  # Analyze -> the Local refinement handed over (if it ran)
    refined_count: int = 0
    refine_stall: float = 0.0
    scroll_stall: float = 0.0
    typing_stall: float = 0.0
    keystroke_max: float = 0.0
    live_runs: int = 0
    peak_rss_mb: float = 0.0


def peak_rss_mb() -> float:
    """The process's resident-memory high-water mark (ru_maxrss, KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


async def _open(window: MainWindow, paragraphs: int, fig: Figures, monitor: LagMonitor,
                idle: float = 0.3) -> None:
    text, topic = bench_draft(paragraphs)
    monitor.start()
    t0 = time.perf_counter()
    window.load_text(text, None, topic)
    loaded = getattr(window.editor, "loaded", None)  # the same bench runs on older editors
    if loaded is not None:
        await loaded()
    fig.open_ms = (time.perf_counter() - t0) * 1000.0
    await asyncio.sleep(idle)
    monitor.stop()
    fig.open_stall = monitor.longest()


async def _analyse(window: MainWindow, fig: Figures, monitor: LagMonitor) -> tuple[str, str]:
    first, last = _visible_range(window.editor)
    stamps: list[tuple[float, int]] = []

    def on_result(_run: int, result) -> None:
        stamps.append((time.perf_counter(), result.index))
    window.runner.sig_result.connect(on_result)
    finished = asyncio.ensure_future(wait_signal(window.sig_run_finished))
    monitor.start()
    t0 = time.perf_counter()
    window.analyze()
    status, message = await finished
    await asyncio.sleep(0.2)
    window.runner.sig_result.disconnect(on_result)
    fig.analysis_stall = monitor.longest()
    fig.analysis_stall_later = monitor.longest(after=t0 + 1.0)
    await _refinement(window, fig, monitor, t0)
    monitor.stop()
    if stamps:
        fig.first_colour = (stamps[0][0] - t0) * 1000.0
        fig.last_colour = (stamps[-1][0] - t0) * 1000.0
        seen = [t for t, i in stamps if first <= i <= last]
        fig.first_visible = (seen[0] - t0) * 1000.0 if seen else None
        if len(seen) >= last - first + 1:
            fig.all_visible = (seen[last - first] - t0) * 1000.0
    return status, message


async def _refinement(window: MainWindow, fig: Figures, monitor: LagMonitor, t0: float) -> None:
    """Wait for the Local refinement (when this model has one) and time it."""
    refiner = getattr(window, "refiner", None)
    if refiner is None:
        return
    done: list[int] = []
    refiner.sig_done.connect(done.append)
    start = time.perf_counter()
    while refiner.busy and time.perf_counter() - start < 120:
        await asyncio.sleep(0.02)
    refiner.sig_done.disconnect(done.append)
    if done:
        fig.refined = (time.perf_counter() - t0) * 1000.0
        fig.refined_count = done[0]
        fig.refine_stall = monitor.longest(after=start)


def _visible_range(editor) -> tuple[int, int]:
    """(first, last) chunk index on screen."""
    entries = editor.state.entries
    top = editor.firstVisibleBlock().blockNumber()
    bottom = editor.cursorForPosition(editor.viewport().rect().bottomLeft()).blockNumber()
    on_screen = [i for i, e in enumerate(entries)
                 if e.last_block >= top and e.first_block <= bottom]
    return (on_screen[0], on_screen[-1]) if on_screen else (0, -1)


async def _scroll(window: MainWindow, fig: Figures, monitor: LagMonitor) -> None:
    bar = window.editor.verticalScrollBar()
    monitor.start()
    for k in range(40):
        bar.setValue(bar.maximum() * k // 40)
        await asyncio.sleep(0.02)
    bar.setValue(bar.maximum() // 2)
    await asyncio.sleep(0.1)
    monitor.stop()
    fig.scroll_stall = monitor.longest()


def _key(editor, ch: str) -> None:
    if ch == "\n":
        QTest.keyClick(editor, Qt.Key.Key_Return)
    else:
        QTest.keyClicks(editor, ch)


async def _type(window: MainWindow, fig: Figures, monitor: LagMonitor) -> None:
    """Type into a visible paragraph with live mode on; pauses let live runs re-analyse."""
    editor = window.editor
    window.live.setChecked(True)
    first, _last = _visible_range(editor)
    block = editor.document().findBlockByNumber(editor.state.entries[first].last_block)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    runs: list[int] = []

    def on_started(run: int, _n: int) -> None:
        runs.append(run)
    window.runner.sig_started.connect(on_started)
    monitor.start()
    for word in (" and", " then", " more words here", "\nA new line", " typed"):
        for ch in word:
            t = time.perf_counter()
            _key(editor, ch)
            fig.keystroke_max = max(fig.keystroke_max, (time.perf_counter() - t) * 1000.0)
            await asyncio.sleep(0.06)  # ~15 characters a second
        await asyncio.sleep(LIVE_DELAY_MS / 1000.0 + 0.6)  # a pause: live re-analysis runs
    while window.runner.running:
        await asyncio.sleep(0.05)
    monitor.stop()
    window.runner.sig_started.disconnect(on_started)
    fig.typing_stall = monitor.longest()
    fig.live_runs = len(runs)


async def _bench(paragraphs: int, method: str, base_url: str = "", trace: bool = False,
                 idle: float = 0.3) -> int:
    await _warm_up()
    settings = Settings(base_url=base_url)
    window = create_window(settings, runner=AnalysisRunner(use_cache=False), interactive=False)
    window.select_method(method)
    window.show()
    await asyncio.sleep(0.3)
    monitor = LagMonitor()
    fig = Figures()
    sampler = StallSampler(monitor) if trace else None
    if sampler is not None:
        sampler.start()
    try:
        await _open(window, paragraphs, fig, monitor, idle)
        status, message = await _analyse(window, fig, monitor)
        await _scroll(window, fig, monitor)
        await _type(window, fig, monitor)
        fig.peak_rss_mb = peak_rss_mb()
        _report(paragraphs, method, window, fig, status, message)
        if sampler is not None:
            sampler.stop()
            sampler.report()
        return 0 if status == "ok" else 1
    finally:
        await window.shutdown()
        window.hide()
        window.deleteLater()


def _ms(value: float | None) -> str:
    return "     n/a" if value is None else f"{value:8.1f}"


def _report(paragraphs: int, method: str, window: MainWindow, fig: Figures, status: str,
            message: str) -> None:
    p = window.progress
    entries = window.editor.state.entries
    coloured = sum(1 for e in entries if e.state.value == "done")
    print(f"bench-gui: {paragraphs} paragraphs, {method} method, status {status} {message}")
    print(f"  coloured paragraphs:             {coloured}/{len(entries)}"
          f" (errors {p.errors if p else '?'})")
    print(f"  open (set text + split):         {_ms(fig.open_ms)} ms"
          f"  (longest stall {fig.open_stall:.1f} ms)")
    print(f"  Analyze -> first visible colour: {_ms(fig.first_visible)} ms  (target ~300)")
    print(f"  Analyze -> all visible coloured: {_ms(fig.all_visible)} ms")
    print(f"  Analyze -> first colour:         {_ms(fig.first_colour)} ms")
    print(f"  Analyze -> last colour:          {_ms(fig.last_colour)} ms")
    print(f"  longest stall, analysis:         {_ms(fig.analysis_stall)} ms  (target 50;"
          f" {fig.analysis_stall_later:.1f} ms from 1 s after Analyze)")
    if fig.refined is not None:
        print(f"  Analyze -> refined ({fig.refined_count}):{_ms(fig.refined)} ms"
              f"  (longest stall meanwhile {fig.refine_stall:.1f} ms)")
    print(f"  longest stall, scrolling:        {_ms(fig.scroll_stall)} ms  (target 50)")
    print(f"  longest stall, typing + live:    {_ms(fig.typing_stall)} ms  (target 50;"
          f" {fig.live_runs} live runs, slowest keystroke {fig.keystroke_max:.1f} ms)")
    print(f"  peak memory (RSS high-water):    {fig.peak_rss_mb:8.1f} MB")


def run_bench(args: argparse.Namespace) -> int:
    """Entry point of `draftlens bench-gui [--paragraphs N] [--method M] [--profile P]`."""
    method = getattr(args, "method", "local")
    paragraphs = getattr(args, "paragraphs", 1000)
    from gui.measure.soak import private_dirs

    private_dirs()  # the window autosaves: never over the user's own recovery record
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with contextlib.ExitStack() as stack:
        base_url = ""
        if method != "local":
            base_url = stack.enter_context(server_process(getattr(args, "profile", "openai-like")))
            os.environ["OPENAI_API_KEY"] = BENCH_KEY  # the server accepts only its own key
        with loop, plain_default_executor(loop), async_generators_closed_in_tasks(loop):
            return loop.run_until_complete(
                _bench(paragraphs, method, base_url, getattr(args, "trace_stalls", False),
                       getattr(args, "idle", 0.3)))

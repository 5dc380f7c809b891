"""`draftlens soak`: the real window, offscreen, edited by a script while every network method
talks to the built-in server with random faults; then checks that nothing was lost.

Each phase picks the next network method that can run (data-driven: a method joins as soon as
its backend can be created), edits the draft at random (type, insert, delete, change, split and
merge paragraphs) with live mode on, then stops editing, lets the live re-analysis settle and
checks: every paragraph of the current text has exactly one result matching its current hash,
or an explicit error; no run delivered two results for one chunk or, when it ended "ok",
fewer results than targets; the incremental split equals a fresh split of the text.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtGui import QTextCursor

from core.backends import method_status
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.local import features
from core.models import ChunkResult, Method
from core.settings import Settings
from gui.analysis.runner import AnalysisRunner
from gui.common.aio import async_generators_closed_in_tasks, plain_default_executor
from gui.common.draft_state import ChunkState
from gui.shell.main_window import MainWindow
from gui.shell.window import create_window

SOAK_KEY = "soak-key-not-secret"
WORDS = ("the", "draft", "river", "garden", "however", "example", "imagine", "storm",
         "quietly", "because", "then", "soil", "engine", "light", "morning", "city", "argument",
         "reader", "noise", "ha")


@dataclass
class SoakConfig:
    """How long, how hard, and which faults (rates are shares of requests)."""

    seconds: float = 180.0
    seed: int = 1
    paragraphs: int = 60
    phase_s: float = 20.0
    fail_rate: float = 0.05
    rate_limit_rate: float = 0.05
    drop_rate: float = 0.05
    stall_rate: float = 0.03
    stall_s: float = 1.5
    malformed_rate: float = 0.04
    session_max_s: float = 12.0   # Realtime sessions expire this often
    profile: str = "openai-like"


@dataclass
class SoakReport:
    """What one soak did and found."""

    seconds: float = 0.0
    methods: list[str] = field(default_factory=list)
    phases: Counter = field(default_factory=Counter)   # method -> phases run
    edits: Counter = field(default_factory=Counter)    # kind -> count
    runs: Counter = field(default_factory=Counter)     # final status -> count
    results: int = 0
    paragraphs_checked: int = 0
    explicit_errors: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    sessions: int = 0
    lost: int = 0
    duplicated: int = 0
    split_mismatches: int = 0
    crashes: int = 0
    crash_messages: list[str] = field(default_factory=list)
    rss_start_mb: float = 0.0
    rss_end_mb: float = 0.0
    rss_max_mb: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.split_mismatches or self.crashes)

    def lines(self) -> list[str]:
        faults = ", ".join(f"{k} {v}" for k, v in sorted(self.faults.items())) or "none"
        runs = ", ".join(f"{k} {v}" for k, v in sorted(self.runs.items()))
        edits = ", ".join(f"{k} {v}" for k, v in sorted(self.edits.items()))
        out = [
            f"soak: {self.seconds:.0f} s, methods {', '.join(self.methods)}"
            f" ({', '.join(f'{m} {n}' for m, n in self.phases.items())} phases)",
            f"  edits:               {sum(self.edits.values())} ({edits})",
            f"  runs:                {sum(self.runs.values())} ({runs}), {self.results} results",
            f"  faults injected:     {sum(self.faults.values())} ({faults});"
            f" {self.sessions} Realtime sessions opened",
            f"  paragraphs checked:  {self.paragraphs_checked} at phase ends"
            f" ({self.explicit_errors} explicit errors)",
            f"  lost:                {self.lost}",
            f"  duplicated:          {self.duplicated}",
            f"  split mismatches:    {self.split_mismatches}",
            f"  crashes:             {self.crashes}",
            f"  memory (RSS):        start {self.rss_start_mb:.1f} MB,"
            f" end {self.rss_end_mb:.1f} MB, max {self.rss_max_mb:.1f} MB",
            f"  verdict:             {'PASS' if self.ok else 'FAIL'}",
        ]
        out += [f"  crash: {m}" for m in self.crash_messages[:5]]
        return out


def rss_mb() -> float:
    """Current resident set size of this process."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def private_dirs() -> None:
    """Config, cache and data (recovery!) in a fresh temporary folder, never the user's."""
    root = tempfile.mkdtemp(prefix="draftlens-soak-")
    for name in ("CONFIG", "CACHE", "DATA"):
        os.environ[f"DRAFTLENS_{name}_DIR"] = os.path.join(root, name.lower())


def network_methods(settings: Settings) -> list[str]:
    """Every network method that can run now (Hybrid joins once its backend exists)."""
    return [m.value for m in Method
            if m is not Method.LOCAL and method_status(m, settings) is None]


class _RunLedger:
    """Counts each run's results per chunk: duplicates, and results missing from 'ok' runs."""

    def __init__(self, report: SoakReport) -> None:
        self.report = report
        self.targets: dict[int, int] = {}
        self.seen: dict[int, Counter] = {}

    def started(self, run_id: int, total: int) -> None:
        self.targets[run_id] = total
        self.seen[run_id] = Counter()

    def result(self, run_id: int, result: ChunkResult) -> None:
        self.report.results += 1
        seen = self.seen.setdefault(run_id, Counter())
        seen[result.chunk_id] += 1
        if seen[result.chunk_id] == 2:
            self.report.duplicated += 1

    def finished(self, run_id: int, status: str, _message: str) -> None:
        self.report.runs[status] += 1
        seen = self.seen.pop(run_id, Counter())
        total = self.targets.pop(run_id, None)
        if status == "ok" and total is not None and len(seen) < total:
            self.report.lost += total - len(seen)


class _CrashCatcher(logging.Handler):
    """Counts errors that escaped: unhandled exceptions and ERROR logs from tasks and runs."""

    def __init__(self, report: SoakReport) -> None:
        super().__init__(logging.ERROR)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        # The app's own loggers; the server's (aiohttp, core.emulator) report injected faults.
        app = record.name.startswith(("gui", "core")) and not record.name.startswith(
            "core.emulator")
        if app or record.name == "asyncio":
            self.crash(f"{record.name}: {record.getMessage()}")

    def crash(self, message: str) -> None:
        self.report.crashes += 1
        self.report.crash_messages.append(message[:300])


class Editor:
    """Random edits through the editor's document, as typing and pasting do."""

    def __init__(self, window: MainWindow, rng: random.Random, report: SoakReport,
                 target: int) -> None:
        self.w, self.rng, self.report, self.target = window, rng, report, target

    def sentence(self) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(4, 18))]
        return " ".join(words).capitalize() + self.rng.choice([".", "!", "?", "..."])

    def edit(self) -> None:
        entries = self.w.editor.state.entries
        n = len(entries)
        kinds = ["type", "change", "insert", "delete", "split", "merge"]
        weights = [4, 3, 2 if n < self.target * 1.5 else 0, 2 if n > self.target // 2 else 0,
                   1, 1 if n > self.target // 2 else 0]
        kind = self.rng.choices(kinds, weights)[0] if n else "insert"
        getattr(self, f"_{kind}")(self.rng.randrange(n) if n else 0)
        self.report.edits[kind] += 1

    def _cursor_in(self, i: int) -> QTextCursor:
        e = self.w.editor.state.entries[i]
        block = self.w.editor.document().findBlockByNumber(
            self.rng.randint(e.first_block, e.last_block))
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + self.rng.randint(0, max(0, block.length() - 1)))
        return cursor

    def _type(self, i: int) -> None:
        cursor = self._cursor_in(i)
        for ch in " " + self.rng.choice(WORDS):
            cursor.insertText(ch)  # one contentsChange per keystroke, like typing

    def _change(self, i: int) -> None:
        cursor = self._cursor_in(i)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfWord,
                            QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(self.rng.choice(WORDS))

    def _insert(self, i: int) -> None:
        entries = self.w.editor.state.entries
        cursor = QTextCursor(self.w.editor.document())
        if entries:
            block = self.w.editor.document().findBlockByNumber(entries[i].last_block)
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.insertText("\n\n" + self.sentence() if entries else self.sentence())

    def _delete(self, i: int) -> None:
        e = self.w.editor.state.entries[i]
        doc = self.w.editor.document()
        cursor = QTextCursor(doc.findBlockByNumber(e.first_block))
        end = doc.findBlockByNumber(e.last_block)
        cursor.setPosition(end.position() + end.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    def _split(self, i: int) -> None:
        cursor = self._cursor_in(i)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfWord)
        cursor.insertText("\n\n")

    def _merge(self, i: int) -> None:
        entries = self.w.editor.state.entries
        if i + 1 >= len(entries):
            return
        doc = self.w.editor.document()
        end = doc.findBlockByNumber(entries[i].last_block)
        cursor = QTextCursor(end)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.setPosition(doc.findBlockByNumber(entries[i + 1].first_block).position(),
                           QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(" ")


async def _idle(window: MainWindow, quiet_s: float = 0.3, limit_s: float = 60.0) -> None:
    """Wait until no run is going and no live re-analysis is due, for `quiet_s`."""
    deadline = time.monotonic() + limit_s
    calm_since = None
    while time.monotonic() < deadline:
        busy = window.runner.running or window._live.pending or window.editor.sliced.busy
        if busy:
            calm_since = None
        elif calm_since is None:
            calm_since = time.monotonic()
        elif time.monotonic() - calm_since >= quiet_s:
            return
        await asyncio.sleep(0.05)


async def _settle(window: MainWindow, report: SoakReport) -> None:
    """Let live analysis finish; re-run for paragraphs a failed run left (as a user would)."""
    for _ in range(4):
        await _idle(window)
        todo = [i for i, e in enumerate(window.editor.state.entries)
                if e.state not in (ChunkState.DONE, ChunkState.ERROR)]
        if not todo:
            return
        window.analyze(todo)
    await _idle(window)


def _check(window: MainWindow, report: SoakReport) -> None:
    """Every paragraph: exactly one result for its current hash, or an explicit error."""
    state = window.editor.state
    fresh = make_document(window.editor.toPlainText(), state.doc.topic)
    if [c.id for c in fresh.chunks] != [c.id for c in state.doc.chunks]:
        report.split_mismatches += 1
    for e in state.entries:
        report.paragraphs_checked += 1
        r = e.result
        if e.state is ChunkState.DONE and r is not None and r.chunk_hash == e.chunk.hash:
            continue
        if e.state is ChunkState.ERROR and r is not None and r.error and \
                r.chunk_hash == e.chunk.hash:
            report.explicit_errors += 1
            continue
        report.lost += 1


async def _phase(window: MainWindow, method: str, editor: Editor, cfg: SoakConfig,
                 rng: random.Random, until: float, report: SoakReport) -> None:
    window.select_method(method)
    window.analyze()  # restarts a running analysis with the new method, as a click does
    end = min(until, time.monotonic() + cfg.phase_s)
    while time.monotonic() < end:
        for _ in range(rng.randint(1, 4)):
            editor.edit()
        await asyncio.sleep(rng.choice([0.05, 0.2, 0.5, 1.0, 1.5]))  # pauses let live run
    await _settle(window, report)
    _check(window, report)
    report.phases[method] += 1


async def run_soak(cfg: SoakConfig, out=print) -> SoakReport:
    """Run the soak on the current (qasync) loop; returns the report."""
    report = SoakReport()
    rng = random.Random(cfg.seed)
    server = Emulator(EmulatorConfig(
        profile=cfg.profile, seed=cfg.seed, fail_rate=cfg.fail_rate,
        rate_limit_rate=cfg.rate_limit_rate, retry_after_s=0.2, drop_rate=cfg.drop_rate,
        stall_rate=cfg.stall_rate, stall_s=cfg.stall_s, malformed_rate=cfg.malformed_rate,
        session_max_s=cfg.session_max_s))
    base_url = await server.start()
    old_key = os.environ.get("OPENAI_API_KEY")
    os.environ["OPENAI_API_KEY"] = SOAK_KEY
    catcher = _CrashCatcher(report)
    logging.getLogger().addHandler(catcher)
    loop = asyncio.get_event_loop()
    old_handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _l, ctx: catcher.crash(str(ctx.get("exception")
                                                                    or ctx.get("message"))))
    old_hook = sys.excepthook
    sys.excepthook = lambda t, v, tb: catcher.crash(f"{t.__name__}: {v}")
    settings = Settings(base_url=base_url, request_timeout=20.0)
    window = create_window(settings, runner=AnalysisRunner(use_cache=False), interactive=False)
    ledger = _RunLedger(report)
    window.runner.sig_started.connect(ledger.started)
    window.runner.sig_result.connect(ledger.result)
    window.runner.sig_finished.connect(ledger.finished)
    try:
        report.methods = network_methods(settings)
        if not report.methods:
            raise RuntimeError("no network method can run")
        window.resize(1000, 700)
        window.show()
        editor = Editor(window, rng, report, cfg.paragraphs)
        window.live.setChecked(True)
        window.load_text("\n\n".join(editor.sentence() for _ in range(cfg.paragraphs)), None,
                         "a writer's draft about rivers and gardens")
        await window.editor.loaded()
        t0 = time.monotonic()
        until = t0 + cfg.seconds
        k = 0
        while time.monotonic() < until or k < len(report.methods):
            method = report.methods[k % len(report.methods)]
            await _phase(window, method, editor, cfg, rng, max(until, time.monotonic() + 3),
                         report)
            if k == 0:
                gc.collect()
                report.rss_start_mb = rss_mb()
            report.rss_max_mb = max(report.rss_max_mb, rss_mb())
            out(f"soak: {time.monotonic() - t0:5.0f} s  {method:9s} "
                f"{len(window.editor.state.entries)} paragraphs, lost {report.lost},"
                f" duplicated {report.duplicated}, crashes {report.crashes},"
                f" faults {sum(server.stats.faults.values())}, RSS {rss_mb():.1f} MB"
                f" (event log {window.event_log.tree.topLevelItemCount()} rows,"
                f" stats cache {len(features._STATS_CACHE)})")
            k += 1
        report.seconds = time.monotonic() - t0
    finally:
        await window.shutdown()
        window.hide()
        window.deleteLater()
        await server.stop()
        report.faults = dict(server.stats.faults)
        report.sessions = server.stats.realtime_sessions
        logging.getLogger().removeHandler(catcher)
        loop.set_exception_handler(old_handler)
        sys.excepthook = old_hook
        if old_key is None:
            os.environ.pop("OPENAI_API_KEY", None)
        else:
            os.environ["OPENAI_API_KEY"] = old_key
    gc.collect()
    report.rss_end_mb = rss_mb()
    report.rss_max_mb = max(report.rss_max_mb, report.rss_end_mb)
    return report


def main(args) -> int:
    """Entry point of `draftlens soak --minutes M --seed S`."""
    import qasync
    from PySide6.QtWidgets import QApplication

    private_dirs()
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    cfg = SoakConfig(seconds=args.minutes * 60.0, seed=args.seed, paragraphs=args.paragraphs)
    # name lookups (the SDK's HTTP stack asks even for 127.0.0.1) on plain threads
    with loop, plain_default_executor(loop), async_generators_closed_in_tasks(loop):
        report = loop.run_until_complete(run_soak(cfg))
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1

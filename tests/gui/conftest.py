"""GUI test setup: offscreen Qt, one session-wide qasync loop, isolated dirs, leak checks."""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(__file__))  # for `fakes`

import pytest  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.settings import Settings  # noqa: E402
from gui.analysis.runner import AnalysisRunner  # noqa: E402
from gui.common.aio import plain_default_executor  # noqa: E402
from gui.shell.main_window import MainWindow  # noqa: E402
from gui.shell.window import create_window  # noqa: E402

IGNORED_TOPLEVEL = {"QTipLabel"}  # Qt's shared tooltip label lives for the whole session


@pytest.fixture(scope="session")
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """One qasync loop for the session (never stopped: that would quit the application)."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    with plain_default_executor(loop):  # as the application does
        yield loop


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch, qloop):
    """Config, cache and data dirs in tmp; no real keyring; our loop is the current one."""
    for name in ("CONFIG", "CACHE", "DATA"):
        path = tmp_path / name.lower()
        path.mkdir()
        monkeypatch.setenv(f"DRAFTLENS_{name}_DIR", str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    asyncio.set_event_loop(qloop)
    asyncio.events._set_running_loop(qloop)
    yield
    # qasync marks its loop as this thread's running loop; hand the thread back, or async
    # tests that run after GUI tests (another order, a subset) cannot start their own loops.
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp: QApplication):
    """Fail a test that leaves a new top-level widget behind."""
    before = set(map(id, qapp.topLevelWidgets()))
    yield
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()  # parentless Python-owned popups (pyqtgraph's ViewBoxMenu) die with their owner
    leaked = [w for w in qapp.topLevelWidgets()
              if id(w) not in before and type(w).__name__ not in IGNORED_TOPLEVEL]
    assert not leaked, f"leaked top-level widgets: {[type(w).__name__ for w in leaked]}"


def run_async(qtbot, qloop, coro, timeout: int = 5000):
    """Run a coroutine on the session loop from a sync test and return its result."""
    task = qloop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


@pytest.fixture
def make_window(qtbot, qloop):
    """Factory of non-interactive main windows; shut down, closed and deleted afterwards."""
    windows: list[MainWindow] = []

    def make(opener=None, status_fn=lambda method, settings: None, interactive=False,
             use_cache=False) -> MainWindow:
        runner = AnalysisRunner(opener=opener, use_cache=use_cache)
        w = create_window(Settings(), runner=runner, interactive=interactive, status_fn=status_fn)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.interactive = False
        w.close()
        run_async(qtbot, qloop, w.shutdown())
        w.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

"""Application start-up: QApplication + qasync loop, the main window, clean shutdown."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import (
    QMessageLogContext,
    QtMsgType,
    SignalInstance,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from core.backends.warmup import start_warm_up
from core.models import Method
from core.settings import load_settings
from gui.common import i18n
from gui.common.aio import async_generators_closed_in_tasks, plain_default_executor
from gui.shell import actions, geometry
from gui.shell.desktop_install import APP_ID
from gui.shell.icon import app_icon
from gui.shell.main_window import MainWindow
from gui.shell.window import create_window


async def wait_signal(signal: SignalInstance) -> tuple:
    """Await the next emission of a Qt signal; return its arguments."""
    future = asyncio.get_event_loop().create_future()

    def fire(*args) -> None:
        if not future.done():
            future.set_result(args)
    signal.connect(fire)
    try:
        return await future
    finally:
        signal.disconnect(fire)


def default_sample_lang() -> str:
    """The bundled sample in the interface language (the system's unless set)."""
    return i18n.language()


def _prepare(window: MainWindow, args: argparse.Namespace) -> str | None:
    """Load the file/sample, topic and method from the command line; return an error or None."""
    if args.method:
        reason = window.switcher.reasons.get(args.method)
        if reason:
            return f"The {args.method} method is unavailable: {reason}"
        window.select_method(args.method)
    if args.file:
        if not actions.open_path(window, args.file):
            return window.last_message
        if window.interactive:  # a crashed window's text is offered whatever was opened
            actions.offer_recovery(window, lambda: None)
    elif window.interactive:
        actions.offer_recovery(window, lambda: actions.load_sample(window, default_sample_lang()))
    else:
        actions.load_sample(window, default_sample_lang())
    if args.topic:
        window.topic.setText(args.topic)
    return None


async def _screenshot(window: MainWindow, out: str) -> int:
    """Analyse to the end, save a PNG of the whole window; 0 on success."""
    await asyncio.sleep(0.1)
    finished = asyncio.ensure_future(wait_signal(window.sig_run_finished))
    if not window.analyze():
        finished.cancel()
        await asyncio.gather(finished, return_exceptions=True)
        print(f"draftlens: {window.last_message}", file=sys.stderr)
        return 1
    status, message = await finished
    window.editor.setFocus()
    window.chart.redraw()
    await asyncio.sleep(0.3)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(out, "PNG"):
        print(f"draftlens: cannot write {out}", file=sys.stderr)
        return 1
    p = window.progress
    if status != "ok" or (p is not None and p.total and p.errors == p.total):
        print(f"draftlens: analysis failed: {message or window.status_label.text()}",
              file=sys.stderr)
        return 1
    if p is not None and p.errors:
        print(f"draftlens: {p.errors} of {p.total} paragraphs failed", file=sys.stderr)
    print(f"draftlens: saved {out} ({window.status_label.text()})")
    return 0


async def _main(window: MainWindow, args: argparse.Namespace) -> int:
    code = 0
    try:
        error = _prepare(window, args)
        if window.interactive:
            geometry.restore(window)
            window.sig_closed.connect(lambda: geometry.save(window))
        window.show()
        if args.screenshot:
            if error:
                print(f"draftlens: {error}", file=sys.stderr)
                return 2
            code = await _screenshot(window, args.screenshot)
        else:
            if error:
                window.show_error("DraftLens", error)
            await wait_signal(window.sig_closed)
    finally:
        await window.shutdown()
        window.hide()
        window.deleteLater()
    return code


_HARMLESS = ("This plugin does not support propagateSizeHints()",)


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Print Qt's messages as usual, minus known platform noise (offscreen plugin)."""
    if message not in _HARMLESS:
        print(message, file=sys.stderr)


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window (or take a screenshot) and run until it closes."""
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("DraftLens")
    app.setOrganizationName("DraftLens")
    app.setDesktopFileName(APP_ID)  # matches the entry of `draftlens install-desktop`
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    settings = load_settings()
    i18n.install(app, settings.language)
    if args.demo:
        settings.demo = True
    if args.method is None and settings.last_method not in {m.value for m in Method}:
        settings.last_method = Method.LOCAL.value
    window = create_window(settings, interactive=not args.screenshot)
    start_warm_up()  # the SDK's lazy imports, off the GUI thread, before the first run
    with loop, plain_default_executor(loop), async_generators_closed_in_tasks(loop):
        return loop.run_until_complete(_main(window, args))

"""The README's screenshots, reproducibly: the Russian window with the document map, and the
Performance panel after a demo-mode Realtime run.

Run: QT_QPA_PLATFORM=offscreen python -m gui.measure.screenshots docs/  (or under xvfb-run for
a real X server). Uses demo mode (the in-process local server): no network, no key.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from core.emulator.demo import stop_demo
from core.settings import Settings
from gui.analysis.runner import AnalysisRunner
from gui.common import i18n
from gui.shell import actions
from gui.shell.app import wait_signal
from gui.shell.main_window import MainWindow
from gui.shell.window import create_window


def _runner() -> AnalysisRunner:
    return AnalysisRunner(use_cache=False)  # real requests, so the chart and log have data


async def _analysed(window: MainWindow, method: str, lang: str) -> None:
    text, topic = actions.sample(lang)
    window.load_text(text, None, topic)
    window.select_method(method)
    finished = asyncio.ensure_future(wait_signal(window.sig_run_finished))
    if not window.analyze():
        raise SystemExit(f"draftlens: {window.last_message}")
    status, message = await finished
    if status != "ok":
        raise SystemExit(f"draftlens: the {method} run failed: {message}")


async def _shoot(window: MainWindow, out: Path) -> None:
    await asyncio.sleep(0.3)  # let the map's coalesced repaint and the chart's timer run
    window.chart.redraw()
    window.event_log.flush()
    QApplication.processEvents()
    if not window.grab().save(str(out), "PNG"):
        raise SystemExit(f"draftlens: cannot write {out}")
    print(f"saved {out}")


async def take(folder: Path, app: QApplication) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    i18n.install(app, "ru")
    window = create_window(Settings(demo=True, language="ru"), _runner(), interactive=False)
    window.resize(1280, 760)
    window.show()
    try:
        await _analysed(window, "local", "ru")
        window.editor.go_to_chunk(3)
        await _shoot(window, folder / "screenshot-ru.png")
        window.close()
        await window.shutdown()
        i18n.install(app, "en")
        window = create_window(Settings(demo=True), _runner(), interactive=False)
        window.resize(1280, 800)
        window.show()
        window.performance.show()
        window.details_dock.hide()
        await _analysed(window, "realtime", "en")
        log = window.event_log.tree
        items = [log.topLevelItem(i) for i in range(log.topLevelItemCount())]
        last = next((i for i in items if i.text(3) == "session.update"), None)
        if last is not None:
            last.setExpanded(True)
            for k in range(last.childCount()):
                last.child(k).setExpanded(True)
            log.scrollToItem(last)
        await _shoot(window, folder / "screenshot-performance.png")
    finally:
        window.close()
        await window.shutdown()
        await stop_demo()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "docs")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(take(folder, app))
    return 0


if __name__ == "__main__":
    sys.exit(main())

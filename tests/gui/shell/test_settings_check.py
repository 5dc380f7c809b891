"""Settings -> Test connection: the real check against servers on 127.0.0.1, never blocking."""

from __future__ import annotations

import socket

from conftest import run_async

from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.settings import Settings
from gui.shell.settings_dialog import SettingsDialog


def test_test_connection_lists_the_steps_and_offers_the_servers_models(qtbot, qloop):
    server = Emulator(EmulatorConfig(profile="instant", seed=1))
    run_async(qtbot, qloop, server.start())
    try:
        dlg = SettingsDialog(Settings(base_url=server.base_url))
        qtbot.addWidget(dlg)
        dlg.api_key.setText("sk-typed-in-the-dialog-123")
        task = dlg.test_connection()
        assert not dlg.test_btn.isEnabled() and "Checking" in dlg.check_result.text()
        qtbot.waitUntil(task.done, timeout=20000)
        text = dlg.check_result.text()
        assert dlg.report is not None and dlg.report.ok, text
        for step in ("models", "chat", "realtime"):
            assert f"<b>{step}</b>" in text
        assert "✗" not in text and " ms" in text and "works with DraftLens" in text
        models = [dlg.editors["model"].itemText(i) for i in range(dlg.editors["model"].count())]
        assert set(dlg.report.models) <= set(models) and len(models) > 1
        assert dlg.editors["model"].currentText() == Settings().model  # the choice is kept
        assert dlg.test_btn.isEnabled()
        assert "sk-typed-in-the-dialog-123" not in text
    finally:
        run_async(qtbot, qloop, server.stop())


def test_a_dead_server_gets_a_clear_answer_and_the_dialog_stays_usable(qtbot):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    dlg = SettingsDialog(Settings(base_url=f"http://127.0.0.1:{port}/v1"))
    qtbot.addWidget(dlg)
    task = dlg.test_connection()
    dlg.editors["batch_size"].setValue(5)  # the dialog answers while the check runs
    qtbot.waitUntil(task.done, timeout=20000)
    text = dlg.check_result.text()
    assert "✗" in text and "<b>models</b>" in text and "does not work" in text
    assert dlg.test_btn.isEnabled() and dlg.result_settings().batch_size == 5


def test_closing_the_dialog_cancels_a_running_check(qtbot):
    dlg = SettingsDialog(Settings(base_url="http://127.0.0.1:9/v1"))
    qtbot.addWidget(dlg)
    task = dlg.test_connection()
    dlg.reject()
    qtbot.waitUntil(task.done, timeout=5000)
    assert task.cancelled()

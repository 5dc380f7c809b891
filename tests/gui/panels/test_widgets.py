"""Switcher, throttle, event log and settings dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from core.backends import method_status
from core.models import Method, WireEvent
from core.redact import register_secret
from core.settings import Settings
from gui.common.throttle import Throttle
from gui.panels.event_log import EventLog
from gui.shell.settings_dialog import SettingsDialog
from gui.shell.switcher import MethodSwitcher


def test_switcher_follows_core_method_status(qtbot):
    switcher = MethodSwitcher()
    qtbot.addWidget(switcher)
    settings = Settings()
    switcher.refresh(settings)
    assert list(switcher.buttons) == [m.value for m in Method]
    for method, button in switcher.buttons.items():
        reason = method_status(method, settings)
        assert button.isEnabled() == (reason is None)
        if reason:
            assert reason in button.toolTip()
    assert switcher.buttons["local"].isEnabled()


def test_switcher_emits_only_on_user_clicks(qtbot):
    switcher = MethodSwitcher(status=lambda m, s: None)
    qtbot.addWidget(switcher)
    switcher.refresh(Settings())
    switcher.set_method("hybrid")
    assert switcher.method() == "hybrid"
    with qtbot.waitSignal(switcher.sig_method_changed) as blocker:
        switcher.buttons["rest"].click()
    assert blocker.args == ["rest"] and switcher.method() == "rest"


def test_throttle_debounces_with_latest_arguments(qtbot):
    calls = []
    throttle = Throttle(lambda *a: calls.append(a), 30)
    for i in range(5):
        throttle(i)
    assert calls == [] and throttle.pending
    qtbot.waitUntil(lambda: calls == [(4,)])
    throttle("x")
    throttle.cancel()
    throttle("y")
    throttle.flush()
    assert calls == [(4,), ("y",)] and not throttle.pending


def test_event_log_never_shows_the_key_and_collapses_deltas(qtbot):
    secret = "sk-test-abcdefghijklmnop1234"
    register_secret(secret)
    log = EventLog()
    qtbot.addWidget(log)
    log.timer.stop()
    log.add(WireEvent(1.0, "rest", "send", "request",
                      {"api_key": secret, "headers": {"Authorization": f"Bearer {secret}"},
                       "note": f"key is {secret}"}))
    for _ in range(3):
        log.add(WireEvent(2.0, "realtime", "recv", "response.output_text.delta", {"delta": "a"}))
    log.add(WireEvent(3.0, "realtime", "recv", "response.done", {}))
    log.flush()
    tree = log.tree
    assert tree.topLevelItemCount() == 3
    assert tree.topLevelItem(1).text(3) == "response.output_text.delta ×3"
    texts = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        item.setExpanded(True)
        texts += [item.text(c) for c in range(4)] + [item.toolTip(3), log.payload_text(i)]
        texts += _subtree_texts(item)
    joined = "\n".join(texts)
    assert secret not in joined and "***" in joined


def _subtree_texts(item) -> list[str]:
    out = []
    for k in range(item.childCount()):
        child = item.child(k)
        out.append(child.text(0))
        out += _subtree_texts(child)
    return out


def test_event_log_expands_an_event_into_a_readable_json_tree(qtbot):
    log = EventLog()
    qtbot.addWidget(log)
    log.timer.stop()
    payload = {"type": "session.update", "session": {"model": "gpt-realtime",
                                                     "output_modalities": ["text"]}}
    log.add(WireEvent(1.0, "realtime", "send", "session.update", payload))
    log.flush()
    item = log.tree.topLevelItem(0)
    assert item.childCount() == 0  # built on first expansion
    item.setExpanded(True)
    rows = {item.child(k).text(0): item.child(k) for k in range(item.childCount())}
    assert set(rows) == {'type: "session.update"', "session: {2 keys}"}
    session = rows["session: {2 keys}"]
    assert [session.child(k).text(0) for k in range(session.childCount())] == [
        'model: "gpt-realtime"', "output_modalities: [1 item]"]
    assert session.child(1).child(0).text(0) == '0: "text"'
    assert '"output_modalities": [' in item.toolTip(3)  # the whole payload, pretty-printed


def test_settings_dialog_edits_every_setting(qtbot):
    dlg = SettingsDialog(Settings())
    qtbot.addWidget(dlg)
    assert dlg.api_key.echoMode() == QLineEdit.EchoMode.Password
    assert "last_method" not in dlg.editors
    assert {"base_url", "model", "realtime_model", "batch_size", "concurrency", "pool_size",
            "inflight_per_session", "request_timeout", "demo"} <= set(dlg.editors)
    dlg.editors["batch_size"].setValue(3)
    dlg.editors["base_url"].setText(" http://127.0.0.1:9999/v1 ")
    dlg.editors["demo"].setChecked(True)
    new = dlg.result_settings()
    assert (new.batch_size, new.base_url, new.demo) == (3, "http://127.0.0.1:9999/v1", True)
    assert dlg.new_api_key() is None
    dlg.api_key.setText("sk-new")
    assert dlg.new_api_key() == "sk-new"


def test_settings_persist_from_the_window(make_window):
    from core.settings import load_settings
    w = make_window()
    s = Settings(batch_size=5, concurrency=2)
    w.apply_settings(s)
    loaded = load_settings()
    assert (loaded.batch_size, loaded.concurrency) == (5, 2)


def test_settings_dialog_puts_writer_fields_first_and_the_rest_under_advanced(qtbot):
    from gui.shell.settings_dialog import WRITER
    dlg = SettingsDialog(Settings(last_method="rest"))
    qtbot.addWidget(dlg)
    assert dlg.tabs.count() == 2 and dlg.minimumWidth() >= 600
    first, advanced = dlg.tabs.widget(0), dlg.tabs.widget(1)
    for name in WRITER:
        assert first.isAncestorOf(dlg.editors[name]), name
    for name in ("batch_size", "concurrency", "breaker_cooldown", "hedging", "hedge_budget",
                 "no_progress_timeout"):
        assert advanced.isAncestorOf(dlg.editors[name]), name
    assert first.isAncestorOf(dlg.api_key) and first.isAncestorOf(dlg.test_btn)
    assert dlg.method.currentData() == "rest"
    dlg.method.setCurrentIndex(dlg.method.findData("hybrid"))
    dlg.editors["language"].setCurrentIndex(dlg.editors["language"].findData("ru"))
    dlg.editors["model"].setCurrentText("my-model")
    new = dlg.result_settings()
    assert (new.last_method, new.language, new.model) == ("hybrid", "ru", "my-model")
    assert "offline" in dlg.findChild(QLabel, "demo_note").text()

"""A whole session with a recognisable fake key: the key is in no file, log, export or view.

The key is typed into the settings dialog (-> set_api_key -> a keyring that is not the OS
one), applied, and sent by the real SDK to a small independent server that echoes it back in
its error texts (REST and Realtime). Then every file the app wrote (config, cache, recovery,
the saved draft, every export format) and everything it logged or showed is searched.
"""

from __future__ import annotations

import contextlib
import json
import logging
import pathlib

import pytest
from aiohttp import WSMsgType, web
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtWidgets import QWidget

import core.settings as settings_module
from core.backends import method_status
from core.settings import KEYRING_SERVICE, KEYRING_USER, load_settings
from gui.shell import actions
from gui.shell.settings_dialog import SettingsDialog

KEY = "canary-7f3a9c1e5b2d4e6f8a0b"  # no `sk-` shape: only knowing the key can mask it
DRAFT = "# Garden\n\nApples grow here.\n\nPears grow there, slowly.\n\nThe end of it."


class MemoryKeyring(KeyringBackend):
    """A keyring in memory: the boundary the app talks to, not the OS one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class EchoServer:
    """Answers every request with an error that quotes the bearer token it was sent."""

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    def _token(self, request: web.Request) -> str:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.tokens.append(token)
        return token

    async def chat(self, request: web.Request) -> web.Response:
        token = self._token(request)
        body = {"error": {"message": f"Upstream failed for key {token} (echoed)",
                          "type": "server_error", "param": None, "code": None}}
        return web.json_response(body, status=500)

    async def realtime(self, request: web.Request) -> web.WebSocketResponse:
        token = self._token(request)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"type": "error", "event_id": "ev_1", "error": {
            "type": "invalid_request_error", "code": "invalid_api_key", "param": None,
            "message": f"Incorrect API key provided: {token}.", "event_id": None}}))
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                await ws.send_str(json.dumps({"type": "error", "event_id": "ev_2", "error": {
                    "type": "server_error", "code": None, "param": None, "event_id": None,
                    "message": f"Session for {token} failed."}}))
        return ws

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self.chat)
        app.router.add_get("/v1/realtime", self.realtime)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/v1"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


@pytest.fixture
def echo_server(qtbot, qloop):
    from conftest import run_async

    server = EchoServer()
    run_async(qtbot, qloop, server.start())
    yield server
    run_async(qtbot, qloop, server.stop())


@pytest.fixture(params=["keyring", "no keyring"])
def key_store(request, monkeypatch):
    """The OS keyring replaced at the module boundary: one that stores, one that fails."""
    import keyring

    previous = keyring.get_keyring()
    store = MemoryKeyring() if request.param == "keyring" else NoKeyring()
    keyring.set_keyring(store)
    monkeypatch.setattr(settings_module, "_session_key", None)
    yield store
    keyring.set_keyring(previous)


def _enter_key_and_server(w, url: str) -> None:
    """What a user does: Settings, type the key and the server URL, OK."""
    dlg = actions.settings_dialog(w)
    dlg.api_key.setText(KEY)
    dlg.editors["base_url"].setText(url)
    dlg.editors["max_retries"].setValue(0)
    dlg.editors["pool_size"].setValue(1)
    dlg.done(SettingsDialog.DialogCode.Accepted)


def _run(qtbot, w, method: str) -> None:
    w.switcher.set_method(method)
    with qtbot.waitSignal(w.sig_run_finished, timeout=60_000):
        assert w.analyze()


def _event_log_text(w) -> str:
    w.event_log.flush()
    tree = w.event_log.tree
    parts = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        parts += [item.text(c) for c in range(4)]
        parts += [item.child(j).text(0) for j in range(item.childCount())]
    return "\n".join(parts)


def _widget_texts(w) -> str:
    """Every label, field, tooltip and text view of the window (the details of the chunk
    under the cursor, the status bar, the health label...)."""
    w.editor.setTextCursor(w.editor.textCursor())
    parts = []
    for widget in w.findChildren(QWidget):
        parts.append(widget.toolTip())
        for getter in ("text", "toPlainText"):
            value = getattr(widget, getter, None)
            if callable(value) and widget is not w.editor:
                with contextlib.suppress(TypeError):
                    parts.append(str(value()))
    return "\n".join(parts)


def _files_with_key(root: pathlib.Path) -> list[str]:
    return [str(p) for p in root.rglob("*")
            if p.is_file() and KEY.encode() in p.read_bytes()]


def test_the_key_leaks_nowhere_in_a_whole_session(tmp_path, qtbot, make_window, echo_server,
                                                  key_store, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    w = make_window(status_fn=method_status, use_cache=True)
    _enter_key_and_server(w, echo_server.url)
    if isinstance(key_store, MemoryKeyring):
        assert key_store.store == {(KEYRING_SERVICE, KEYRING_USER): KEY}
    else:
        assert "this session only" in w.last_message
    assert load_settings().base_url == echo_server.url  # the dialog's settings were applied
    w.settings.patience = 1.0  # the echo server fails every request: give up after 1 s, not 45
    w.load_text(DRAFT, None, "garden")
    _run(qtbot, w, "rest")
    _run(qtbot, w, "realtime")
    assert KEY in echo_server.tokens and len(set(echo_server.tokens)) == 1  # the key was sent
    errors = [e.result.error for e in w.editor.state.entries if e.result is not None]
    assert errors and all(errors)  # the echoed texts reached the app
    shown = [w.last_message, _widget_texts(w), _event_log_text(w), "\n".join(errors)]
    assert "***" in "\n".join(shown) or "***" in caplog.text
    exports = tmp_path / "exports"
    exports.mkdir()
    for fmt in ("md", "html", "json", "csv", "png"):
        assert actions.export_to(w, fmt, str(exports / f"report.{fmt}")), fmt
    w.editor.appendPlainText("one more line")
    w.autosaver.save_now()
    w.autosaver.flush()
    assert actions.save_to(w, str(exports / "draft.md"))
    w.autosaver.save_now()
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert any(p.startswith("config") for p in written) and len(written) >= 7
    assert _files_with_key(tmp_path) == []
    out, err = capfd.readouterr()
    for where, text in [("log", caplog.text), ("stdout", out), ("stderr", err)] + [
            (f"shown {i}", t) for i, t in enumerate(shown)]:
        assert KEY not in text, where

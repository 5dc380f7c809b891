"""The SDK client factory: our settings, and no CA store loaded on the calling thread."""

from __future__ import annotations

import ssl

from core.backends.client import make_client, tls_context, websocket_url
from core.settings import Settings


def test_clients_share_one_tls_context_built_ahead(monkeypatch) -> None:
    tls_context()  # what the start-up warm-up thread does
    loads: list[str] = []
    for name in ("load_verify_locations", "load_default_certs", "set_default_verify_paths"):
        original = getattr(ssl.SSLContext, name)

        def counting(self, *args, _name=name, _original=original, **kwargs):
            loads.append(_name)
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(ssl.SSLContext, name, counting)
    client = make_client(Settings(base_url="https://example.invalid/v1", max_retries=0), "k")
    assert loads == []  # building a context loads the CA store: ~35 ms on the GUI thread
    assert client.max_retries == 0 and str(client.base_url).startswith("https://example.invalid")


def test_websocket_url_follows_the_http_scheme() -> None:
    assert websocket_url("http://127.0.0.1:5/v1") == "ws://127.0.0.1:5/v1"
    assert websocket_url("https://api.openai.com/v1") == "wss://api.openai.com/v1"

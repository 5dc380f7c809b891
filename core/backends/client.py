"""The one place an `AsyncOpenAI` client is made: our retry policy, so SDK retries are off."""

from __future__ import annotations

import functools
import importlib
import ssl

from openai import AsyncOpenAI, DefaultAsyncHttpxClient, Timeout

from core.redact import register_secret
from core.settings import Settings

_WS_SCHEMES = {"http": "ws", "https": "wss"}


def websocket_url(base_url: str) -> str:
    """The Realtime WebSocket base for `base_url` (http -> ws, https -> wss).

    Passed explicitly: SDKs before 2.27 derive it themselves and force wss:// even for a
    plain-http local server.
    """
    scheme, sep, rest = base_url.partition("://")
    return f"{_WS_SCHEMES.get(scheme.lower(), scheme)}{sep}{rest}" if sep else base_url


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verifying TLS context shared by every client.

    Building one loads the CA store (~35 ms): too long for the GUI thread at each Analyze, so
    the start-up warm-up thread builds it once, the way the SDK's HTTP library (httpx or httpx2)
    builds its default.
    """
    library = importlib.import_module(DefaultAsyncHttpxClient.__mro__[1].__module__.split(".")[0])
    create = getattr(library, "create_ssl_context", None)
    if create is not None:
        return create()
    import certifi  # httpx before 0.28 has no public create_ssl_context and uses certifi

    return ssl.create_default_context(cafile=certifi.where())


def make_client(settings: Settings, api_key: str) -> AsyncOpenAI:
    """A client for `settings.effective_base_url()` with `max_retries=0` and our timeouts."""
    register_secret(api_key)
    base_url = settings.effective_base_url()
    timeout = Timeout(settings.request_timeout, connect=settings.connect_timeout)
    return AsyncOpenAI(api_key=api_key, base_url=base_url, max_retries=0, timeout=timeout,
                       websocket_base_url=websocket_url(base_url),
                       http_client=DefaultAsyncHttpxClient(verify=tls_context()))

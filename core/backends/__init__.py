"""Backends by method name."""

from __future__ import annotations

import dataclasses
import importlib

from core.backends.base import Backend, BackendError
from core.models import Method
from core.settings import Settings, get_api_key

# method -> (module, class); a network backend is constructed as Class(settings, api_key)
_NETWORK = {
    Method.REST: ("core.backends.rest", "RestBackend"),
    Method.REALTIME: ("core.backends.realtime", "RealtimeBackend"),
    Method.HYBRID: ("core.backends.hybrid", "HybridBackend"),
}


class MethodUnavailable(BackendError):
    """The method cannot run with the current settings (or is not built yet)."""


def method_status(method: str | Method, settings: Settings | None = None) -> str | None:
    """None when `method` can run with `settings`; else a plain reason (what it needs).

    Cheap: it checks what the method needs without building a backend or a client.
    """
    method = Method(method)
    if method is Method.LOCAL:
        return None
    try:
        _requirements(method, settings or Settings(), None)
    except MethodUnavailable as exc:
        return str(exc)
    return None


def _requirements(method: Method, settings: Settings,
                  api_key: str | None) -> tuple[type[Backend], str]:
    """The backend class and the key a network method will use; MethodUnavailable if missing."""
    cls = _backend_class(method)
    if settings.demo:
        api_key = api_key or "demo"
    api_key = api_key or get_api_key()
    if not api_key:
        raise MethodUnavailable(
            f"The {method.value} method needs an OpenAI API key: set OPENAI_API_KEY or enter "
            "it in Settings (or turn on demo mode to use the built-in local server).")
    return cls, api_key


def _backend_class(method: Method) -> type[Backend]:
    module_name, class_name = _NETWORK[method]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise MethodUnavailable(
            f"The {method.value} method is not available yet in this version.") from None
    return getattr(module, class_name)


def create_backend(method: str | Method, settings: Settings | None = None,
                   api_key: str | None = None) -> Backend:
    """A ready backend for `method`; MethodUnavailable with a plain reason otherwise.

    Creating a backend opens no connection; that happens on first use.
    """
    settings = settings or Settings()
    method = Method(method)
    if method is Method.LOCAL:
        from core.backends.local import LocalBackend

        return LocalBackend()
    cls, api_key = _requirements(method, settings, api_key)
    return cls(settings, api_key)


async def open_backend(method: str | Method, settings: Settings | None = None) -> Backend:
    """Like create_backend, but in demo mode first starts the in-process local server."""
    settings = settings or Settings()
    if settings.demo and Method(method) is not Method.LOCAL:
        from core.emulator.demo import DEMO_KEY, demo_base_url, demo_context

        settings = dataclasses.replace(settings, base_url=await demo_base_url(),
                                       context_paragraphs=demo_context(settings))
        return create_backend(method, settings, DEMO_KEY)
    return create_backend(method, settings)


__all__ = [
    "Backend", "BackendError", "MethodUnavailable", "create_backend", "method_status",
    "open_backend",
]

"""Backends by method name."""

from __future__ import annotations

from core.backends.base import Backend, BackendError
from core.models import Method
from core.settings import Settings


class MethodUnavailable(BackendError):
    """The method cannot run with the current settings (or is not built yet)."""


def method_status(method: str | Method, settings: Settings | None = None) -> str | None:
    """None when `method` can run with `settings`; else a plain reason (what it needs)."""
    try:
        create_backend(method, settings)
    except MethodUnavailable as exc:
        return str(exc)
    return None


def create_backend(method: str | Method, settings: Settings | None = None) -> Backend:
    """A ready backend for `method`; MethodUnavailable with a plain reason otherwise.

    Creating a backend opens no connection; that happens on first use.
    """
    settings = settings or Settings()
    method = Method(method)
    if method is Method.LOCAL:
        from core.backends.local import LocalBackend

        return LocalBackend()
    raise MethodUnavailable(f"The {method.value} method is not available yet in this version.")


async def open_backend(method: str | Method, settings: Settings | None = None) -> Backend:
    """Like create_backend, but may start what the method needs first (demo mode's server)."""
    return create_backend(method, settings)


__all__ = [
    "Backend", "BackendError", "MethodUnavailable", "create_backend", "method_status",
    "open_backend",
]

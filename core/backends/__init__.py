"""Backends by method name."""

from __future__ import annotations

from core.backends.base import Backend, BackendError
from core.models import Method
from core.settings import Settings


class MethodUnavailable(BackendError):
    """The method cannot run with the current settings (or is not built yet)."""


def create_backend(method: str | Method, settings: Settings | None = None) -> Backend:
    """A ready backend for `method`; MethodUnavailable with a plain reason otherwise."""
    settings = settings or Settings()
    method = Method(method)
    if method is Method.LOCAL:
        from core.backends.local import LocalBackend

        return LocalBackend()
    raise MethodUnavailable(f"The {method.value} method is not available yet in this version.")


__all__ = ["Backend", "BackendError", "MethodUnavailable", "create_backend"]

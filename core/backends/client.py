"""The one place an `AsyncOpenAI` client is made: our retry policy, so SDK retries are off."""

from __future__ import annotations

from openai import AsyncOpenAI, Timeout

from core.redact import register_secret
from core.settings import Settings


def make_client(settings: Settings, api_key: str) -> AsyncOpenAI:
    """A client for `settings.effective_base_url()` with `max_retries=0` and our timeouts."""
    register_secret(api_key)
    timeout = Timeout(settings.request_timeout, connect=settings.connect_timeout)
    return AsyncOpenAI(api_key=api_key, base_url=settings.effective_base_url(),
                       max_retries=0, timeout=timeout)

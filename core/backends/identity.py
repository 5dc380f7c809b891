"""What a server says about itself, for the cache key: a digest of its model list.

Two servers behind the same URL and model name (a restarted local server, another proxy) give
different answers; their model lists differ (ids, `created` stamps, owners), so the cache keeps
their answers apart. A server that does not answer the list in time is not identified ("").
"""

from __future__ import annotations

import hashlib
import logging

from openai import AsyncOpenAI, OpenAIError, Timeout

from core.settings import Settings

log = logging.getLogger(__name__)
LIST_TIMEOUT_S = 2.0  # one short look before a run; never a reason for the run to wait long


async def server_identity(settings: Settings, api_key: str) -> str:
    """A short digest of the server's model list, or "" when it cannot be had."""
    from core.backends.client import make_client

    client: AsyncOpenAI = make_client(settings, api_key).with_options(
        timeout=Timeout(LIST_TIMEOUT_S, connect=LIST_TIMEOUT_S), max_retries=0)
    try:
        models = [(m.id, str(getattr(m, "created", "")), str(getattr(m, "owned_by", "")))
                  async for m in client.models.list()]
    except (OpenAIError, OSError, ValueError, TypeError, AttributeError) as exc:
        log.debug("no model list from the server: %s", type(exc).__name__)
        return ""
    finally:
        await client.close()
    digest = hashlib.sha256(repr(sorted(models)).encode())
    return digest.hexdigest()[:16]

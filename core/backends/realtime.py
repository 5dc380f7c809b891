"""The Realtime method: GA Realtime API, one out-of-band response per request.

Each request is `response.create` with `conversation: "none"`, its own `input` and
`metadata.request_id`, so many run in parallel on one socket without the "Conversation
already has an active response" conflict; events are routed strictly by `response_id`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from core.backends.base import Backend, consecutive_batches
from core.backends.client import make_client
from core.backends.health import note_server
from core.backends.patience import patience_for
from core.backends.realtime_pool import Pool, PoolConfig
from core.backends.realtime_request import Job, RunState
from core.models import Chunk, Document, Event
from core.prompt import instructions
from core.settings import Settings


class RealtimeBackend(Backend):
    """Streams results over a small pool of GA Realtime sessions."""

    name = "realtime"

    def __init__(self, settings: Settings, api_key: str, *, expiry_margin_s: float | None = 60.0,
                 cancel_grace_s: float = 2.0) -> None:
        super().__init__()
        self.settings = settings
        self.model = settings.realtime_model
        self.server = settings.effective_base_url()
        self.cacheable = not settings.demo  # demo answers are never cached as real ones
        self._api_key = api_key
        self._expiry_margin_s = expiry_margin_s
        self._cancel_grace_s = cancel_grace_s
        self._client = None
        self._pool: Pool | None = None
        self.patient = True  # wait out transient faults for the patience window (not in Hybrid)

    def _ensure_pool(self) -> Pool:
        if self._pool is None:
            s = self.settings
            self._client = make_client(s, self._api_key)
            config = PoolConfig(
                model=self.model, instructions_for=instructions, pool_size=s.pool_size,
                inflight=s.inflight_per_session, request_timeout=s.request_timeout,
                connect_timeout=s.connect_timeout, no_progress_timeout=s.no_progress_timeout,
                max_retries=max(0, s.max_retries),
                context=s.context_paragraphs, expiry_margin_s=self._expiry_margin_s,
                cancel_grace_s=self._cancel_grace_s)
            self._pool = Pool(self._client, config, self.emit_wire, self.result, self.name,
                              patience_for(self.server, self.name, s.patience), self.patient)
        return self._pool

    @property
    def pool(self) -> Pool | None:
        return self._pool

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        if not targets:
            return
        note_server(self.server)  # the status bar's health chips follow this server
        pool = self._ensure_pool()
        pool.reset()
        run = RunState(doc, {c.id for c in targets})
        for batch in consecutive_batches(targets, max(1, self.settings.batch_size)):
            pool.submit(Job(run, batch))
        finished = False
        try:
            while (event := await run.out.get()) is not None:
                yield event
            finished = True
        finally:
            if not finished:
                pool.abort(run)

    async def identity(self) -> str:
        """A digest of the server's model list (core.backends.identity)."""
        from core.backends.identity import server_identity

        return await server_identity(self.settings, self._api_key)

    async def aclose(self) -> None:
        pool, client = self._pool, self._client
        self._pool = self._client = None
        if pool is not None:
            await pool.aclose()
        if client is not None:
            await client.close()

"""The Local backend: the offline classifier behind the common Backend interface."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Sequence

from core.backends.base import Backend
from core.local.classifier import classify_async
from core.models import Chunk, Document, Event, RequestRecord, Timings


class LocalBackend(Backend):
    """Classifies in-process; lets the event loop breathe every few results."""

    name = "local"
    model = "local-v1"
    cacheable = False  # it is faster than the cache, and its verdict depends on neighbours
    provides_scores = True

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        start = time.perf_counter()
        verdicts = await classify_async(doc)
        classified = time.perf_counter()
        for i, chunk in enumerate(targets):
            if i and i % 32 == 0:
                await asyncio.sleep(0)
            timings = Timings(queued=start, sent=start, first_token=classified)
            result = self.result(chunk, verdicts[chunk.index].roles, timings)
            result.relevance = verdicts[chunk.index].relevance
            result.complexity = verdicts[chunk.index].complexity
            yield result
        yield RequestRecord(
            backend=self.name, request_id=uuid.uuid4().hex[:12],
            chunk_ids=tuple(c.id for c in targets), start=start, end=time.perf_counter(),
            first_token=classified,
        )

"""The Local backend: the offline classifier behind the common Backend interface."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Sequence

from core.backends.base import Backend
from core.local.classifier import DocScorer, LocalVerdict
from core.models import Chunk, ChunkResult, Document, Event, RequestRecord, Timings

SLICE_S = 0.015  # yield to the event loop when no result came for this long (callers slice too)


class LocalBackend(Backend):
    """Classifies in-process, in slices of SLICE_S, so the event loop keeps running."""

    name = "local"
    model = "local-v1"
    cacheable = False  # it is faster than the cache, and its verdict depends on neighbours
    provides_scores = True

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        """Results in the order of `targets` (callers put what the user sees first).

        The learned model needs a pass over the whole draft before any verdict is final (see
        DocScorer), done in slices; then each target's block of rows is scored when its turn
        comes, so the first targets are answered first.
        """
        start = time.perf_counter()
        scorer = DocScorer(doc)
        await scorer.prepare(SLICE_S, order=[c.index for c in targets])
        first = time.perf_counter()
        deadline = first + SLICE_S
        for chunk in targets:
            if time.perf_counter() > deadline:
                await asyncio.sleep(0)
                deadline = time.perf_counter() + SLICE_S
            yield self._result(chunk, scorer.verdict(chunk.index), start)
        yield RequestRecord(
            backend=self.name, request_id=uuid.uuid4().hex[:12],
            chunk_ids=tuple(c.id for c in targets), start=start, end=time.perf_counter(),
            first_token=first,
        )

    def _result(self, chunk: Chunk, verdict: LocalVerdict, start: float) -> ChunkResult:
        now = time.perf_counter()
        result = self.result(chunk, verdict.roles, Timings(queued=start, sent=start,
                                                           first_token=now))
        result.relevance = verdict.relevance
        result.complexity = verdict.complexity
        return result

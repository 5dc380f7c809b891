"""The one entry point: analyse a document with a backend, streaming events.

Guarantees, whatever the backend does: every target chunk ends as exactly one ChunkResult
(roles or an explicit error); duplicates and answers for chunks nobody asked about are dropped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import aclosing

from core.backends.base import Backend, BackendError
from core.cache import ResultCache
from core.local.classifier import DocScorer
from core.models import Chunk, ChunkResult, Document, Event, RequestRecord, Timings

log = logging.getLogger(__name__)


class Analyzer:
    """Runs a backend over a document, with cache, scores and the exactly-once guarantee."""

    def __init__(self, backend: Backend, cache: ResultCache | None = None) -> None:
        self.backend = backend
        self.cache = cache if backend.cacheable else None

    async def run(
        self, doc: Document, targets: Sequence[Chunk] | None = None,
    ) -> AsyncIterator[Event]:
        """Yield events for `targets` (default: every chunk) as they arrive."""
        targets = list(doc.chunks if targets is None else targets)
        scores = _Scores(doc, self.backend.provides_scores)
        try:
            async with aclosing(self._events(doc, targets)) as events:
                async for event in events:
                    if isinstance(event, ChunkResult):
                        await scores.fill(event)
                    yield event
        finally:
            scores.cancel()

    async def _events(self, doc: Document, targets: list[Chunk]) -> AsyncIterator[Event]:
        pending: dict[str, Chunk] = {}
        for chunk in targets:
            hit = self._cached(doc, chunk)
            if hit is None:
                pending[chunk.id] = chunk
            else:
                yield hit
        if pending:
            async with aclosing(self._backend_events(doc, list(pending.values()))) as events:
                async for event in events:
                    if isinstance(event, RequestRecord):
                        yield event
                    elif pending.pop(event.chunk_id, None) is not None:
                        self._store(doc, event)
                        yield event
                    else:
                        log.debug("dropped duplicate or unknown result for %s", event.chunk_id)
        for chunk in pending.values():
            yield self._error(chunk, "the backend returned no answer")

    async def _backend_events(self, doc: Document, chunks: list[Chunk]) -> AsyncIterator[Event]:
        stream = self.backend.run(doc, chunks)
        try:
            async for event in stream:
                yield event
        except BackendError as exc:
            for chunk in chunks:
                yield self._error(chunk, str(exc))
        except Exception as exc:  # a bug or an unforeseen fault: report it per chunk, never crash
            log.exception("backend %s failed", self.backend.name)
            for chunk in chunks:
                yield self._error(chunk, f"internal error: {type(exc).__name__}: {exc}")
        finally:
            await stream.aclose()

    def _cached(self, doc: Document, chunk: Chunk) -> ChunkResult | None:
        if self.cache is None:
            return None
        roles = self.cache.get(chunk.hash, doc.topic, self.backend.name, self.backend.model)
        if roles is None:
            return None
        now = time.perf_counter()
        result = self.backend.result(chunk, roles, Timings(now, now, now, now))
        result.cached = True
        return result

    def _store(self, doc: Document, result: ChunkResult) -> None:
        if self.cache is not None and result.ok and not result.provisional:
            self.cache.put(result.chunk_hash, doc.topic, result.backend, result.model, result.roles)

    def _error(self, chunk: Chunk, message: str) -> ChunkResult:
        now = time.perf_counter()
        return self.backend.result(chunk, (), Timings(now), error=message)

class _Scores:
    """Local relevance/complexity for results that lack them.

    Each needs only its chunk's neighbourhood (paragraph stats are cached by text), so a
    result costs well under a millisecond and never waits for the whole draft.
    """

    def __init__(self, doc: Document, provided: bool) -> None:
        self._scorer = DocScorer(doc)
        self._provided = provided

    async def fill(self, result: ChunkResult) -> None:
        """Attach scores to `result` unless its backend already did."""
        if result.relevance is not None or not 0 <= result.index < len(self._scorer.doc.chunks):
            return
        result.relevance, result.complexity = self._scorer.scores(result.index)

    def cancel(self) -> None:
        """Nothing runs in the background any more (kept for the run's cleanup)."""

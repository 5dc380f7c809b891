"""The one entry point: analyse a document with a backend, streaming events.

Guarantees, whatever the backend does: every target chunk ends as exactly one ChunkResult
(roles or an explicit error); duplicates and answers for chunks nobody asked about are dropped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import aclosing

from core.backends.base import Backend, BackendError
from core.cache import CacheKey, ResultCache
from core.local.classifier import DocScorer
from core.models import Chunk, ChunkResult, Document, Event, FailureKind, RequestRecord, Timings

log = logging.getLogger(__name__)


class Analyzer:
    """Runs a backend over a document, with cache, scores and the exactly-once guarantee."""

    def __init__(self, backend: Backend, cache: ResultCache | None = None,
                 fresh: bool = False) -> None:
        self.backend = backend
        self.cache = cache if backend.cacheable else None
        self.fresh = fresh  # ask the server again (and store its new answers), reading nothing
        self._identity = ""  # what the server said about itself at the start of the run

    async def run(
        self, doc: Document, targets: Sequence[Chunk] | None = None,
    ) -> AsyncIterator[Event]:
        """Yield events for `targets` (default: every chunk) as they arrive."""
        targets = list(doc.chunks if targets is None else targets)
        scores = _Scores(doc, self.backend.provides_scores, targets)
        try:
            async with aclosing(self._events(doc, targets)) as events:
                async for event in events:
                    if isinstance(event, ChunkResult):
                        await scores.fill(event)
                    yield event
        finally:
            scores.cancel()

    async def _events(self, doc: Document, targets: list[Chunk]) -> AsyncIterator[Event]:
        if self.cache is not None and self.backend.server:
            self._identity = await self.backend.identity()
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
                    elif (chunk := pending.pop(event.chunk_id, None)) is not None:
                        self._store(doc, chunk, event)
                        yield event
                    else:
                        log.debug("dropped duplicate or unknown result for %s", event.chunk_id)
        for chunk in pending.values():
            yield self._error(chunk, "the backend returned no answer", FailureKind.INTERNAL)

    async def _backend_events(self, doc: Document, chunks: list[Chunk]) -> AsyncIterator[Event]:
        stream = self.backend.run(doc, chunks)
        try:
            async for event in stream:
                yield event
        except BackendError as exc:
            for chunk in chunks:
                yield self._error(chunk, str(exc), exc.kind)
        except Exception as exc:  # a bug or an unforeseen fault: report it per chunk, never crash
            log.exception("backend %s failed", self.backend.name)
            for chunk in chunks:
                yield self._error(chunk, f"internal error: {type(exc).__name__}: {exc}",
                                  FailureKind.INTERNAL)
        finally:
            await stream.aclose()

    def _cached(self, doc: Document, chunk: Chunk) -> ChunkResult | None:
        if self.cache is None or self.fresh:
            return None
        roles = None
        for backend, model in self.backend.answer_keys():
            roles = self.cache.get(CacheKey.of(doc, chunk, self.backend.server, backend, model,
                                               self._identity))
            if roles is not None:
                break
        if roles is None:
            return None
        now = time.perf_counter()
        result = self.backend.result(chunk, roles, Timings(now, now, now, now))
        result.cached = True
        return result

    def _store(self, doc: Document, chunk: Chunk, result: ChunkResult) -> None:
        """Cache a real answer (never an error, a provisional or a stale one)."""
        if (self.cache is None or not result.ok or result.provisional
                or result.chunk_hash != chunk.hash):
            return
        key = CacheKey.of(doc, chunk, self.backend.server, result.backend, result.model,
                          self._identity)
        self.cache.put(key, result.roles)

    def _error(self, chunk: Chunk, message: str, kind: FailureKind) -> ChunkResult:
        now = time.perf_counter()
        return self.backend.result(chunk, (), Timings(now), error=message, error_kind=kind)


class _Scores:
    """Local relevance/complexity for results that lack them.

    Relevance comes from the learned Local model, whose features include the whole draft's,
    so it needs a pass over the draft: started at once (targets first) so it overlaps the
    network wait, in short slices on the event loop, never a thread (a CPU-bound thread
    beside a GUI thread fights it for the GIL; under qasync the loop's default executor is a
    QThread pool that aborts at exit). Per-paragraph work is cached by text, so the pass is
    cheap for a draft seen before; each result then costs one block of the model at most.
    """

    def __init__(self, doc: Document, provided: bool, targets: Sequence[Chunk] = ()) -> None:
        self._scorer = DocScorer.of(doc)
        self._order = [c.index for c in targets]
        self._task: asyncio.Future[None] | None = None
        if not provided:
            self._start()

    def _start(self) -> asyncio.Future[None]:
        self._task = asyncio.ensure_future(self._scorer.prepare(order=self._order))
        return self._task

    async def fill(self, result: ChunkResult) -> None:
        """Attach scores to `result` unless its backend already did."""
        if result.relevance is not None or not 0 <= result.index < len(self._scorer.doc.chunks):
            return
        await asyncio.shield(self._task or self._start())
        verdict = self._scorer.verdict(result.index)
        result.relevance, result.complexity = verdict.relevance, verdict.complexity

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

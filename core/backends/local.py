"""The Local backend: the offline classifier behind the common Backend interface."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Sequence

from core.backends.base import Backend
from core.local import embed
from core.local.classifier import DocScorer, LocalVerdict, in_a_thread, refine
from core.models import Chunk, ChunkResult, Document, Event, RequestRecord, Timings
from core.slices import Slice

SLICE_S = 0.015  # yield to the event loop when no result came for this long (callers slice too)


class LocalBackend(Backend):
    """Classifies in-process, in slices of SLICE_S, so the event loop keeps running.

    With `refine` (the command line), every verdict is the refined one: the sentence
    embeddings are computed on a worker thread first (disk-cached), then the refining model
    runs, using the writer's `corrections` ((text, roles) pairs). Without it (the GUI's first
    pass), verdicts come from the fast features at once.
    """

    name = "local"
    model = "local-v1"
    cacheable = False  # it is faster than the cache, and its verdict depends on neighbours
    provides_scores = True

    def __init__(self, refine: bool = False,
                 corrections: Sequence[tuple[str, Sequence[str]]] = ()) -> None:
        super().__init__()
        self.refine = refine
        self.corrections = list(corrections)

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        """Results in the order of `targets` (callers put what the user sees first).

        The learned model needs a pass over the whole draft before any verdict is final (see
        DocScorer), done in slices; then each target's block of rows is scored when its turn
        comes, so the first targets are answered first.
        """
        start = time.perf_counter()
        scorer = DocScorer.of(doc)  # the idle warm-up may have passed over this draft
        await scorer.prepare(SLICE_S, order=[c.index for c in targets])
        refined = await self._refined(doc) if self.refine else None
        first = time.perf_counter()
        turn = Slice(SLICE_S)
        for chunk in targets:
            await turn.pause()
            verdict = refined[chunk.index] if refined else await scorer.verdict_soon(chunk.index)
            yield self._result(chunk, verdict, start)
        yield RequestRecord(
            backend=self.name, request_id=uuid.uuid4().hex[:12],
            chunk_ids=tuple(c.id for c in targets), start=start, end=time.perf_counter(),
            first_token=first,
        )

    async def _refined(self, doc: Document) -> list[LocalVerdict] | None:
        """Refined verdicts of the whole draft (None without the encoder: fast ones then)."""
        if not doc.chunks or not embed.available():
            return None
        texts = [c.text for c in doc.chunks]
        corrections = self.corrections
        return await in_a_thread(
            lambda: refine(doc, embed.embed_document(texts, doc.topic), corrections),
            "draftlens-local-refine")

    def _result(self, chunk: Chunk, verdict: LocalVerdict, start: float) -> ChunkResult:
        now = time.perf_counter()
        return scored(self.result(chunk, verdict.roles, Timings(queued=start, sent=start,
                                                                first_token=now)), verdict)


def scored(result: ChunkResult, verdict: LocalVerdict) -> ChunkResult:
    """`result` carrying the Local verdict's relevance, complexity, confidence and runner-up
    (the backend's results, Hybrid's provisional ones, the window's refined ones)."""
    result.relevance, result.complexity = verdict.relevance, verdict.complexity
    result.confidence, result.runner_up = verdict.confidence, verdict.runner_up
    return result

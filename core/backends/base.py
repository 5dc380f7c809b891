"""The interface every backend implements, and helpers they share."""

from __future__ import annotations

import abc
import time
from collections.abc import AsyncIterator, Callable, Sequence

from core.models import Chunk, ChunkResult, Document, Event, FailureKind, Timings, WireEvent
from core.prompt import Prompt, build_prompt, is_truncated
from core.redact import redact, redact_obj

WireSink = Callable[[WireEvent], None]


class BackendError(Exception):
    """A failure with a message fit to show the user as is (no traceback, no secrets).

    `kind` says what failed (core.models.FailureKind); `retry_after` is the server's hint in
    seconds, when it gave one; `detail` holds the values the message names (see
    ChunkResult.error_detail), already redacted.
    """

    def __init__(self, message: str, kind: FailureKind = FailureKind.INTERNAL,
                 retry_after: float | None = None,
                 detail: dict[str, str] | None = None) -> None:
        super().__init__(redact(message))
        self.kind = FailureKind(kind)
        self.retry_after = retry_after
        self.detail = {k: redact(str(v)) for k, v in (detail or {}).items()}


class Backend(abc.ABC):
    """Given a document and the chunks to analyse, stream results and request records.

    Contract: for every target chunk, `run` yields exactly one ChunkResult (roles or error),
    unless cancelled. Backends own their batching, concurrency and retries.
    """

    name: str = "backend"
    model: str = ""
    cacheable: bool = True  # answers are real and depend only on what the cache key holds
    server: str = ""        # the base URL answers come from ("" for in-process backends)
    provides_scores: bool = False  # results already carry relevance and complexity

    def __init__(self) -> None:
        self.wire: WireSink | None = None

    @abc.abstractmethod
    def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        """Stream one ChunkResult per target chunk, plus RequestRecords."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Release connections; safe to call twice."""

    async def identity(self) -> str:
        """What the server says about itself, for the cache key ("" where nothing is known)."""
        return ""

    def answer_keys(self) -> list[tuple[str, str]]:
        """The (backend, model) pairs this backend's answers are cached under, in the order a
        look-up tries them."""
        return [(self.name, self.model)]

    def emit_wire(self, direction: str, type_: str, payload: dict) -> None:
        """Report a protocol event to the event log, if anyone listens."""
        if self.wire is not None:
            self.wire(WireEvent(time.time(), self.name, direction, type_, redact_obj(payload)))

    def result(
        self, chunk: Chunk, roles: tuple[str, ...], timings: Timings, error: str | None = None,
        error_kind: FailureKind | str | None = None, detail: dict[str, str] | None = None,
    ) -> ChunkResult:
        """A ChunkResult for `chunk` stamped with this backend (its error text redacted)."""
        if timings.done is None:
            timings.done = time.perf_counter()
        return ChunkResult(
            chunk_id=chunk.id, index=chunk.index, chunk_hash=chunk.hash,
            roles=() if error else roles, backend=self.name, model=self.model,
            timings=timings, error=redact(error) if error else None,
            error_kind=(str(error_kind or FailureKind.INTERNAL) if error else None),
            truncated=bool(self.server) and not error and is_truncated(chunk.text),
            error_detail={k: redact(str(v)) for k, v in (detail or {}).items()} if error else {},
        )


def consecutive_batches(targets: Sequence[Chunk], size: int) -> list[list[Chunk]]:
    """Group targets into runs of consecutive chunks, at most `size` each.

    Batches come in the order of their earliest target, so the chunks a caller puts first (the
    visible ones) are asked about first.
    """
    batches: list[list[Chunk]] = []
    for chunk in sorted(targets, key=lambda c: c.index):
        last = batches[-1] if batches else None
        if last and len(last) < size and last[-1].index + 1 == chunk.index:
            last.append(chunk)
        else:
            batches.append([chunk])
    position = {c.index: k for k, c in enumerate(targets)}
    batches.sort(key=lambda b: min(position[c.index] for c in b))
    return batches


def batch_prompt(doc: Document, batch: Sequence[Chunk], k: int) -> Prompt:
    """The prompt for `batch` with up to k context chunks on each side."""
    before, after = context_of(doc, batch, k)
    return build_prompt(doc.topic, batch, before, after)


def context_of(
    doc: Document, batch: Sequence[Chunk], k: int = 1,
) -> tuple[list[Chunk], list[Chunk]]:
    """Up to k chunks before the batch's first chunk and after its last one."""
    first, last = batch[0].index, batch[-1].index
    before = list(doc.chunks[max(0, first - k):first])
    after = list(doc.chunks[last + 1:last + 1 + k])
    return before, after

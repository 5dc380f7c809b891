"""Plain data shared by every part of DraftLens: chunks, documents, results, request records."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FailureKind(StrEnum):
    """Why a request or a chunk failed; decides retry, fallback and whether a run stops."""

    UNREACHABLE = "unreachable"      # connection refused / DNS / TLS: nothing answered
    HUNG = "hung"                    # connected, then silent past the no-progress timeout
    CUT = "cut"                      # the stream or socket ended mid-answer
    RATE_LIMITED = "rate_limited"    # 429 (honour retry-after)
    SERVER_ERROR = "server_error"    # 5xx or a server-side error event
    REJECTED = "rejected"            # 400/401/403/404: key, model, parameters; retry cannot fix
    NO_REALTIME = "no_realtime"      # the server has no Realtime endpoint (404 on the upgrade)
    MALFORMED = "malformed"          # an answer we could not parse
    UNAVAILABLE = "unavailable"      # every backend that could answer is known down (breakers open)
    INTERNAL = "internal"            # a bug or an unforeseen fault


class Method(StrEnum):
    """The analysis backends a user can pick."""

    LOCAL = "local"
    REST = "rest"
    REALTIME = "realtime"
    HYBRID = "hybrid"


@dataclass(frozen=True, slots=True)
class Chunk:
    """One paragraph-like unit of a draft, with offsets into the original text."""

    id: str          # stable across edits elsewhere: content hash prefix + occurrence number
    index: int       # position in the document, 0-based
    text: str        # exactly original_text[start:end]
    start: int       # offset in code points
    end: int
    hash: str        # sha256 hex of text
    kind: str = "paragraph"  # paragraph | heading | code | list


@dataclass(frozen=True, slots=True)
class Document:
    """A draft split into chunks, with the topic it is analysed against."""

    text: str
    topic: str
    chunks: tuple[Chunk, ...]

    def neighbours(self, chunk: Chunk, before: int = 1, after: int = 1) -> tuple[Chunk, ...]:
        """Chunks around `chunk` (not including it), in document order."""
        lo = max(0, chunk.index - before)
        hi = min(len(self.chunks), chunk.index + after + 1)
        return tuple(c for c in self.chunks[lo:hi] if c.index != chunk.index)


@dataclass(slots=True)
class Timings:
    """perf_counter() stamps of one chunk's life; None where a stage did not happen."""

    queued: float
    sent: float | None = None
    first_token: float | None = None
    done: float | None = None


@dataclass(slots=True)
class ChunkResult:
    """The one terminal outcome for a chunk: roles, or an explicit error."""

    chunk_id: str
    index: int
    chunk_hash: str
    roles: tuple[str, ...]
    backend: str
    model: str = ""
    timings: Timings = field(default_factory=lambda: Timings(0.0))
    provisional: bool = False
    cached: bool = False
    error: str | None = None
    relevance: float | None = None
    complexity: float | None = None
    error_kind: str | None = None    # a FailureKind value when error is set
    route: str = ""                  # Hybrid: "" (primary), "fallback" or "hedge"
    confidence: float | None = None  # calibrated probability of roles[0]; None: not known
    runner_up: str | None = None     # Local: the most probable role after roles[0]
    truncated: bool = False          # only the paragraph's beginning was classified
    error_detail: dict[str, str] = field(default_factory=dict)
    """Values the error's words are built from (e.g. url, status, seconds), so the GUI and the
    reports can say the error in the writer's language from `error_kind` and these."""

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.roles)

    @property
    def latency_ms(self) -> float | None:
        t = self.timings
        if t.done is None:
            return None
        return (t.done - t.queued) * 1000.0


@dataclass(slots=True)
class RequestRecord:
    """One request sent to a backend, for metrics and the latency chart."""

    backend: str
    request_id: str
    chunk_ids: tuple[str, ...]
    start: float                      # perf_counter() when sent
    end: float                        # perf_counter() when finished (ok or not)
    first_token: float | None = None
    ok: bool = True
    error: str | None = None
    attempt: int = 1
    input_tokens: int | None = None
    output_tokens: int | None = None
    error_kind: str | None = None    # a FailureKind value when not ok
    route: str = ""                  # Hybrid: "" (primary), "fallback" or "hedge"

    @property
    def latency_ms(self) -> float:
        return (self.end - self.start) * 1000.0

    @property
    def ttft_ms(self) -> float | None:
        return None if self.first_token is None else (self.first_token - self.start) * 1000.0


@dataclass(slots=True)
class WireEvent:
    """A protocol-level event for the event log (already redacted of secrets)."""

    t: float                 # time.time()
    backend: str
    direction: str           # "send" | "recv" | "info"
    type: str
    payload: dict


Event = ChunkResult | RequestRecord

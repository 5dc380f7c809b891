"""Patience with a server: a budget of silence, and a client-wide rate-limit pause.

One `Patience` per server (base URL), shared by every backend that talks to it, for the whole
process. A server is given up only after it has given nothing (no answer, no accepted
connection) for `window` seconds since its first failure; until then transient failures are
retried. A 429's Retry-After (or a Realtime `rate_limits.updated` with nothing left) pauses
every request to the server until it passes; requests then resume a few at a time.
A server that has never answered and refuses connections fails fast (a wrong URL).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.backends.breaker import normalise_server
from core.models import FailureKind

Clock = Callable[[], float]

DEFAULT_WINDOW = 45.0
REFUSALS_BEFORE_GIVING_UP = 3  # connection refused in a row, by a server never heard
RESUME_SPACING = 0.1           # seconds between requests released after a rate-limit pause
RESUME_BURST = 24              # how many requests are released spaced out after a pause
# Failures that waiting can fix (the server is restarting, paused, overloaded or limiting us)
TRANSIENT = frozenset({FailureKind.UNREACHABLE, FailureKind.HUNG, FailureKind.CUT,
                       FailureKind.RATE_LIMITED, FailureKind.SERVER_ERROR})
# Failures that say nothing gets through at all: while they last, one request probes at a time
SILENT = frozenset({FailureKind.UNREACHABLE, FailureKind.HUNG})


@dataclass(frozen=True)
class PatienceState:
    """What the writer is shown: "ok", "retrying", "rate_limited" or "down", with numbers."""

    state: str
    silent_s: float = 0.0      # seconds without an answer since the first failure
    window_s: float = DEFAULT_WINDOW
    resume_in_s: float = 0.0   # rate limited: seconds until requests resume


def is_transient(kind: FailureKind | str | None) -> bool:
    """Can waiting fix a failure of this kind?"""
    try:
        return FailureKind(kind) in TRANSIENT if kind else False
    except ValueError:
        return False


class RateGate:
    """The rate-limit pause of one server, shared by every backend that talks to it."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self.paused_until = 0.0
        self._next_turn = 0.0
        self._released = RESUME_BURST            # requests released since the last pause

    def rate_limit(self, seconds: float) -> None:
        """Pause every request to the server for `seconds` (the longest ask wins)."""
        until = self.clock() + max(0.0, seconds)
        if until > self.paused_until:
            self.paused_until = until
            self._released = 0

    def resume_in(self) -> float:
        return max(0.0, self.paused_until - self.clock())

    async def turn(self) -> None:
        """Wait until a request may go: after a rate-limit pause, and spaced out just after
        it, so the requests that waited do not all arrive in the same instant."""
        while True:
            now = self.clock()
            if now < self.paused_until:
                await asyncio.sleep(self.paused_until - now)
                continue
            if self._released >= RESUME_BURST:
                return
            self._released += 1
            slot = max(now, self._next_turn)
            self._next_turn = slot + RESUME_SPACING
            if slot > now:
                await asyncio.sleep(slot - now)
            return


class Patience:
    """The silence budget of one backend on one server, and its server's rate gate."""

    def __init__(self, window: float = DEFAULT_WINDOW, clock: Clock = time.monotonic,
                 gate: RateGate | None = None) -> None:
        self.window = window
        self.clock = clock
        self.gate = gate or RateGate(clock)
        self.ever_heard = False
        self.last_heard: float | None = None
        self.silent_since: float | None = None  # when the silence that failed began
        self.refusals = 0                        # connection refused in a row
        self.last_kind: FailureKind | None = None  # of the last failure since an answer

    # -- what the server did --------------------------------------------------------------

    def heard(self) -> None:
        """The server answered: the silence budget is full again."""
        self.ever_heard = True
        self.last_heard = self.clock()
        self.silent_since = None
        self.refusals = 0
        self.last_kind = None

    @property
    def probing(self) -> bool:
        """Nothing gets through (refused or hung since the last answer): send one at a time."""
        return self.silent_since is not None and self.last_kind in SILENT

    def failed(self, kind: FailureKind | str | None, retry_after: float | None = None,
               waited: float = 0.0) -> None:
        """A request failed with `kind` after waiting `waited` s for it; a rate limit pauses
        every request to the server."""
        now = self.clock()
        if is_transient(kind) and self.silent_since is None:
            began = now - max(0.0, waited)
            self.silent_since = began if self.last_heard is None else max(began,
                                                                          self.last_heard)
        self.refusals = self.refusals + 1 if kind == FailureKind.UNREACHABLE else 0
        if is_transient(kind):
            self.last_kind = FailureKind(kind)  # type: ignore[arg-type]
        if kind == FailureKind.RATE_LIMITED:
            self.rate_limit(1.0 if retry_after is None else retry_after)

    def rate_limit(self, seconds: float) -> None:
        self.gate.rate_limit(seconds)

    # -- decisions ------------------------------------------------------------------------

    def silent_for(self) -> float:
        return 0.0 if self.silent_since is None else max(0.0, self.clock() - self.silent_since)

    def exhausted(self) -> bool:
        """The server has given nothing for the whole window: declare it dead."""
        return self.silent_since is not None and self.silent_for() >= self.window

    def refuses_outright(self) -> bool:
        """Never heard, and refused every connection: a wrong URL or a stopped server."""
        return not self.ever_heard and self.refusals >= REFUSALS_BEFORE_GIVING_UP

    def may_retry(self, kind: FailureKind | str | None) -> bool:
        """Retry a failure of `kind` now-ish? Only transient ones, within the budget."""
        return is_transient(kind) and not self.exhausted() and not self.refuses_outright()

    def seconds_left(self) -> float:
        """Seconds of the budget left (the whole window when nothing failed)."""
        return max(0.0, self.window - self.silent_for())

    def resume_in(self) -> float:
        return self.gate.resume_in()

    async def turn(self) -> None:
        """Wait for the server's rate gate."""
        await self.gate.turn()

    def state(self) -> PatienceState:
        """The writer's view: rate limited, retrying (with the budget), down or ok."""
        if self.resume_in() > 0:
            return PatienceState("rate_limited", self.silent_for(), self.window, self.resume_in())
        if self.exhausted() or self.refuses_outright():
            return PatienceState("down", self.silent_for(), self.window)
        if self.silent_since is not None:
            return PatienceState("retrying", self.silent_for(), self.window)
        return PatienceState("ok", 0.0, self.window)


def dead_message(base_url: str, window: float, last: str) -> str:
    """The one explicit error of paragraphs left when the window ran out."""
    return (f"The server at {base_url} gave no answer for {window:g} s ({last}). "
            "The paragraphs still waiting were not analysed; try again when it is back.")


def dead_detail(base_url: str, window: float) -> dict[str, str]:
    """The values `dead_message` names (ChunkResult.error_detail)."""
    return {"url": base_url, "seconds": f"{window:g}"}


def describe(state: PatienceState) -> str:
    """Plain words for the status line and the CLI, e.g. 'rate limited, resuming in 3 s'."""
    if state.state == "rate_limited":
        return f"rate limited, resuming in {state.resume_in_s:.0f} s"
    if state.state == "retrying":
        return (f"server not answering — retrying ({state.silent_s:.0f} s of "
                f"{state.window_s:g})")
    if state.state == "down":
        return "down"
    return "ok"


_gates: dict[str, RateGate] = {}
_registry: dict[tuple[str, str], Patience] = {}


def patience_for(server: str, backend: str, window: float | None = None) -> Patience:
    """The patience of `backend` on `server` (sharing the server's rate gate), created once
    and kept for the process; `window` updates it."""
    key = normalise_server(server)
    patience = _registry.get((key, backend))
    if patience is None:
        gate = _gates.setdefault(key, RateGate())
        patience = _registry[key, backend] = Patience(
            DEFAULT_WINDOW if window is None else window, gate=gate)
    elif window is not None:
        patience.window = window
    return patience


def reset_patience() -> None:
    """Forget every server (tests; a new session)."""
    _registry.clear()
    _gates.clear()


async def report_changes(server: str, backends: tuple[str, ...], say: Callable[[str], None],
                         every: float = 0.5) -> None:
    """Until cancelled, `say` when a backend's patience on `server` changes state, in words:
    'rest: rate limited, resuming in 3 s', 'rest: answering again' (the CLI's stderr)."""
    shown = dict.fromkeys(backends, "ok")
    while True:
        for backend in backends:
            state = patience_for(server, backend).state()
            if state.state != shown[backend]:
                say(f"{backend}: " + ("answering again" if state.state == "ok" else
                                      describe(state)))
                shown[backend] = state.state
        await asyncio.sleep(every)

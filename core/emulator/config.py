"""Settings of the local OpenAI-compatible server."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

DEFAULT_MODELS = ("gpt-5.4-mini", "gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-5-mini", "o4-mini",
                  "gpt-realtime", "gpt-realtime-mini",
                  "gpt-realtime-2.1-mini", "gpt-realtime-1.5")


@dataclass
class EmulatorConfig:
    """Where it listens, how fast it answers, which faults it injects (all seeded)."""

    host: str = "127.0.0.1"
    port: int = 0
    profile: str = "instant"          # instant | openai-like | slow
    seed: int = 0
    fail_rate: float = 0.0            # share of requests answered with an error (500 / failed)
    rate_limit_rate: float = 0.0      # share answered with 429 + retry-after
    retry_after_s: float = 0.05
    drop_rate: float = 0.0            # share of streams cut mid-answer
    stall_rate: float = 0.0           # share of streams that stop sending and hang
    stall_s: float = 30.0
    malformed_rate: float = 0.0       # share of streams with a garbage chunk / frame
    session_max_s: float = 3600.0     # Realtime session expiry
    models: tuple[str, ...] = DEFAULT_MODELS
    answers: dict[str, list[str]] = field(default_factory=dict)  # paragraph text -> role ids
    api_key: str | None = None        # when set, only this bearer token is accepted
    fault_script: tuple[str | None, ...] = ()  # faults of the first requests, then random
    fault_target: str = "all"         # which endpoint the random faults hit: all | chat | realtime
    realtime_down: bool = False       # refuse every Realtime upgrade (HTTP 503)
    hang: bool = False                # accept every request, never answer


class NotLoopback(ValueError):
    """The server binds to loopback addresses only."""


def check_loopback(host: str) -> None:
    """Raise NotLoopback unless `host` is localhost or a loopback IP."""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise NotLoopback(f"refusing to listen on {host!r}: the local server binds to loopback only")

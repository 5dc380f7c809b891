"""Seeded latency profiles and fault decisions for the local server."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from core.emulator.config import EmulatorConfig


@dataclass(frozen=True)
class LatencyProfile:
    """Time to first token ~ lognormal(median, sigma); then tokens at `tokens_per_s`."""

    name: str
    ttft_median_s: float
    ttft_sigma: float
    tokens_per_s: float  # 0 = no per-token delay

    def ttft(self, rng: random.Random) -> float:
        if self.ttft_median_s <= 0:
            return 0.0
        return self.ttft_median_s * math.exp(rng.gauss(0.0, self.ttft_sigma))

    def token_delay(self, n_tokens: int) -> float:
        return 0.0 if self.tokens_per_s <= 0 else n_tokens / self.tokens_per_s


PROFILES = {
    "instant": LatencyProfile("instant", 0.0, 0.0, 0.0),
    "openai-like": LatencyProfile("openai-like", 0.45, 0.35, 60.0),
    "slow": LatencyProfile("slow", 2.0, 0.5, 15.0),
    "fixed": LatencyProfile("fixed", 0.2, 0.0, 0.0),  # exactly 200 ms, for pipelining bounds
}


@dataclass(frozen=True)
class Plan:
    """What one request will do: how long before the first token, and which fault, if any."""

    ttft_s: float
    fault: str | None  # None | "error" | "rate_limit" | "drop" | "stall" | "malformed"


class Planner:
    """Draws a Plan per request from one seeded RNG, so runs are reproducible."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.profile = PROFILES[config.profile]
        self.rng = random.Random(config.seed)
        self.count = 0

    def plan(self, endpoint: str = "chat") -> Plan:
        """The next request's plan; random faults only hit `config.fault_target` endpoints."""
        c = self.config
        ttft = self.profile.ttft(self.rng)
        roll = self.rng.random()
        self.count += 1
        if self.count <= len(c.fault_script):
            return Plan(ttft, c.fault_script[self.count - 1])
        if c.fault_target not in ("all", endpoint):
            return Plan(ttft, None)
        for fault, rate in (("error", c.fail_rate), ("rate_limit", c.rate_limit_rate),
                            ("drop", c.drop_rate), ("stall", c.stall_rate),
                            ("malformed", c.malformed_rate)):
            if roll < rate:
                return Plan(ttft, fault)
            roll -= rate
        return Plan(ttft, None)

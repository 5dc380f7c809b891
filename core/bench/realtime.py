"""Benchmark of the Realtime method against the local server: `python -m core.bench.realtime`.

1. Throughput: the `instant` profile, paragraphs per second through RealtimeBackend.
2. Pipelining: total time for 30 and 300 paragraphs at several pool x in-flight settings
   (`fixed` 200 ms and `openai-like` profiles) against the ideal bound
   = requests x median request latency / min(pool x in-flight, requests), and against the
   wave bound = ceil(requests / parallel) x median (what whole requests can reach).
3. The original experiment's in-band strategy (legacy, 0.5 s pause) next to ours on 5 and 30
   paragraphs: success rate and total time.

The server runs in-process (same event loop), so its CPU time is counted against the client.
"""

from __future__ import annotations

import asyncio
import math
import sys
import time

from core.backends.base import Backend
from core.backends.realtime import RealtimeBackend
from core.backends.realtime_legacy import LegacyRealtimeBackend
from core.bench.common import Run, synthetic_doc
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.models import ChunkResult, Document, RequestRecord
from core.settings import Settings

_WORDS = ("draft", "topic", "metaphor", "example", "reader", "rhythm", "thesis", "scene",
          "evening", "joke", "river", "argument", "memory", "detail", "turn")


def bench_doc(n: int) -> Document:
    """A synthetic draft of `n` varied paragraphs."""
    return synthetic_doc(n, _WORDS, "how drafts find their topic", min_words=10)


async def measure(backend: Backend, n: int) -> Run:
    """Analyse `n` paragraphs with `backend` (closed afterwards)."""
    doc = bench_doc(n)
    results: list[ChunkResult] = []
    records: list[RequestRecord] = []
    start = time.perf_counter()
    try:
        async for event in backend.run(doc, doc.chunks):
            (results if isinstance(event, ChunkResult) else records).append(event)
    finally:
        await backend.aclose()
    seconds = time.perf_counter() - start
    assert len({r.chunk_id for r in results}) == n, "lost or duplicate paragraphs"
    return Run(n, seconds, sum(r.ok for r in results), records)


def realtime(url: str, pool: int, inflight: int, batch: int) -> RealtimeBackend:
    settings = Settings(base_url=url, pool_size=pool, inflight_per_session=inflight,
                        batch_size=batch, request_timeout=30.0)
    return RealtimeBackend(settings, "bench-key")


async def throughput(rows: list[list[str]]) -> None:
    async with Emulator(EmulatorConfig(profile="instant")) as em:
        await measure(realtime(em.base_url, 2, 8, 8), 300)  # warm-up
        for n in (3000, 3000, 3000):
            run = await measure(realtime(em.base_url, 2, 8, 8), n)
            rows.append(["instant", "ours 2x8 b8", str(n), f"{run.ok}/{n}",
                         f"{run.seconds:.3f}", f"{n / run.seconds:,.0f} par/s", "", "", ""])


async def pipelining(rows: list[list[str]], profile: str,
                     configs: list[tuple[int, int, int]]) -> None:
    async with Emulator(EmulatorConfig(profile=profile, seed=11)) as em:
        for n in (30, 300):
            for pool, inflight, batch in configs:
                run = await measure(realtime(em.base_url, pool, inflight, batch), n)
                requests = len(run.records)
                parallel = min(pool * inflight, requests)
                ideal = requests * run.median_latency / parallel
                waves = math.ceil(requests / parallel) * run.median_latency
                rows.append([profile, f"ours {pool}x{inflight} b{batch}", str(n),
                             f"{run.ok}/{n}", f"{run.seconds:.3f}",
                             f"{requests} req, median {run.median_latency * 1000:.0f} ms",
                             f"{ideal:.3f}", f"{(run.seconds / ideal - 1) * 100:+.1f}%",
                             f"{(run.seconds / waves - 1) * 100:+.1f}%"])


async def versus_legacy(rows: list[list[str]], pause_s: float = 0.5) -> None:
    async with Emulator(EmulatorConfig(profile="openai-like", seed=11)) as em:
        for n in (5, 30):
            settings = Settings(base_url=em.base_url)
            legacy = await measure(LegacyRealtimeBackend(settings, "bench-key", pause_s), n)
            ours = await measure(RealtimeBackend(settings, "bench-key"), n)
            for name, run in ((f"legacy in-band, {pause_s:g}s pause", legacy),
                              ("ours out-of-band 2x8 b8", ours)):
                rows.append(["openai-like", name, str(n), f"{run.ok}/{n}",
                             f"{run.seconds:.3f}", f"success {run.ok / n:.0%}", "", "", ""])


def format_table(rows: list[list[str]]) -> str:
    header = ["profile", "method", "paras", "ok", "total s", "notes", "ideal s", "vs ideal",
              "vs waves"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


async def main() -> int:
    rows: list[list[str]] = []
    await throughput(rows)
    await pipelining(rows, "fixed", [(1, 4, 1), (2, 4, 1), (2, 8, 1), (2, 8, 8)])
    await pipelining(rows, "openai-like", [(2, 8, 1), (4, 8, 1), (2, 8, 8)])
    await versus_legacy(rows)
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

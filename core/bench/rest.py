"""Benchmark of the REST method against the local server: `python -m core.bench.rest`.

1. Client overhead: the `instant` profile, paragraphs per second through RestBackend, and the
   client's CPU time per paragraph (server in its own process, so its work is not counted).
2. Pipelining: total time for 30 and 300 paragraphs at concurrency 1, 4, 8 with the
   `openai-like` profile (own process) and the `fixed` 200 ms profile (in-process), against
   the ideal bound = requests x median request latency / concurrency.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import AsyncIterator

from core.backends.rest import RestBackend
from core.bench import methods as bench
from core.bench.common import Run, synthetic_doc
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.models import ChunkResult, Document, RequestRecord
from core.settings import Settings

BATCH = 8
_WORDS = ("code", "learning", "career", "habit", "practice", "error", "mentor", "project",
          "evening", "course", "python", "patience", "curiosity", "failure", "progress")


def bench_doc(n: int) -> Document:
    """A synthetic draft of `n` varied paragraphs."""
    return synthetic_doc(n, _WORDS, "learning to code at 40", min_words=12)


async def run_rest(url: str, n: int, concurrency: int) -> Run:
    """Analyse `n` paragraphs through RestBackend at `url`."""
    doc = bench_doc(n)
    settings = Settings(base_url=url, batch_size=BATCH, concurrency=concurrency)
    backend = RestBackend(settings, bench.BENCH_KEY)
    records: list[RequestRecord] = []
    ok = 0
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        async for event in backend.run(doc, doc.chunks):
            if isinstance(event, ChunkResult):
                ok += event.ok
            else:
                records.append(event)
    finally:
        await backend.aclose()
    return Run(n, time.perf_counter() - wall, ok, records, time.process_time() - cpu)


@contextlib.asynccontextmanager
async def server_process(profile: str) -> AsyncIterator[str]:
    """`draftlens emulator` in its own process, as `draftlens bench` starts it; its base URL."""
    async with bench.server_process(profile, "none", seed=1) as server:
        yield server.url


@contextlib.asynccontextmanager
async def server_in_process(profile: str) -> AsyncIterator[str]:
    async with Emulator(EmulatorConfig(profile=profile, seed=1)) as em:
        yield em.base_url


async def overhead(n: int = 3000) -> list[str]:
    lines = ["Client overhead (instant profile, batch 8, concurrency 8)",
             f"{'server':<14} {'paragraphs':>10} {'seconds':>8} {'para/s':>8} "
             f"{'client CPU ms/para':>19} {'ok':>5}"]
    for where, server in (("own process", server_process), ("in-process", server_in_process)):
        async with server("instant") as url:
            await run_rest(url, 80, 8)  # warm up (imports, classifier, connections)
            run = await run_rest(url, n, 8)
        cpu = f"{run.cpu_seconds / n * 1000:.3f}" if where == "own process" else "(shared)"
        lines.append(f"{where:<14} {n:>10} {run.seconds:>8.2f} {n / run.seconds:>8.0f} "
                     f"{cpu:>19} {run.ok:>5}")
    return lines


def _row(profile: str, run: Run, concurrency: int) -> str:
    requests = len(run.records)
    median = run.median_latency
    ideal = requests * median / concurrency
    waves = math.ceil(requests / concurrency) * median
    return (f"{profile:<12} {run.paragraphs:>5} {concurrency:>5} {requests:>5} "
            f"{median * 1000:>9.0f} {run.seconds:>8.2f} {ideal:>8.2f} {run.seconds / ideal:>6.2f} "
            f"{waves:>8.2f} {run.seconds / waves:>6.2f} {run.ok:>5}")


async def pipelining() -> list[str]:
    lines = ["Pipelining (batch 8): total time vs ideal = requests x median latency / concurrency;",
             "'waves' = ceil(requests / concurrency) x median latency (reachable bound)",
             f"{'profile':<12} {'paras':>5} {'conc':>5} {'reqs':>5} {'median ms':>9} "
             f"{'total s':>8} {'ideal s':>8} {'ratio':>6} {'waves s':>8} {'ratio':>6} {'ok':>5}"]
    for profile, server in (("openai-like", server_process), ("fixed", server_in_process)):
        async with server(profile) as url:
            for n in (30, 300):
                for concurrency in (1, 4, 8):
                    run = await run_rest(url, n, concurrency)
                    lines.append(_row(profile, run, concurrency))
    return lines


async def _main() -> str:
    return "\n".join([*await overhead(), "", *await pipelining()])


def main() -> int:
    print(asyncio.run(_main()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

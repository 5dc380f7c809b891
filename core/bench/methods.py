"""`draftlens bench`: every method on the same labeled drafts, side by side, under faults.

For each fault setting the built-in server runs in its own process (so its work is not counted
against the client), unless `--base-url` names another server. Each method x size x fault run
starts with fresh circuit breakers and health, analyses one draft built from the labeled corpus
(repeated to size), and is scored against the labels. Writes DIR/results.json and
DIR/results.md; the launcher adds the PNG charts (core draws nothing).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.backends.base import Backend
from core.bench.fault_script import SCRIPTED, scripted
from core.chunking import make_document
from core.evaluate import LabeledDraft, load_corpus
from core.models import ChunkResult, Document, RequestRecord
from core.settings import Settings
from core.textio import DraftError

METHODS = ("local", "rest", "realtime", "hybrid", "hybrid-hedged", "legacy")
PROFILES = ("instant", "openai-like", "fixed", "slow")
LEGACY_PAUSE_S = 0.5
BENCH_KEY = "bench-key-not-secret"
# emulator command-line flags per fault setting
FAULTS: dict[str, list[str]] = {
    "none": [],
    "realtime-flaky": ["--fault-target", "realtime", "--fail-rate", "0.15", "--drop-rate", "0.05"],
    "realtime-down": ["--realtime-down"],
    "rest-429": ["--fault-target", "chat", "--rate-limit-rate", "0.3"],
    "drops": ["--drop-rate", "0.2"],
    "stalls": ["--stall-rate", "0.1", "--stall-seconds", "20"],
    "hung": ["--hang"],
    "5xx-30": ["--fail-rate", "0.3"],
    **{name: [] for name in SCRIPTED},  # restart, pause, storm, gone: core/bench/fault_script
}


@dataclass
class BenchOptions:
    methods: list[str]
    sizes: list[int]
    profile: str = "openai-like"
    faults: list[str] = field(default_factory=lambda: ["none"])
    repeat: int = 1
    out: Path = Path("bench-results")
    base_url: str | None = None
    corpus: Path | None = None
    seed: int = 1


@dataclass
class RunResult:
    """One method x size x fault run: the fields of results.json."""

    method: str
    size: int
    profile: str
    faults: str
    repeat: int
    total_chunks: int
    successful: int
    failed: int
    total_time: float
    avg_time_per_chunk: float
    first_result_s: float | None
    p50_latency_ms: float | None
    p95_latency_ms: float | None
    accuracy: float
    errors_by_kind: dict[str, int]
    requests_by_backend: dict[str, int]
    routes: dict[str, int]
    ideal_s: float
    overhead_ratio: float
    hybrid_attempts: dict[str, int] = field(default_factory=dict)
    server_requests: dict[str, int] = field(default_factory=dict)  # what the server saw, by path
    latencies_ms: list[float] = field(default_factory=list)  # for the charts


# ---------------------------------------------------------------------- drafts

def default_corpus() -> Path:
    """The shipped copy of the labeled corpus (shared/corpus/dev.jsonl)."""
    return Path(__file__).resolve().parents[2] / "resources" / "bench_corpus.jsonl"


def bench_draft(drafts: list[LabeledDraft], size: int) -> tuple[Document, list[tuple[str, ...]]]:
    """A draft of `size` paragraphs cycled from the corpus, and their gold roles."""
    paragraphs = [(t, r) for d in drafts for t, r in zip(d.paragraphs, d.roles, strict=True)]
    picked = [paragraphs[i % len(paragraphs)] for i in range(size)]
    doc = make_document("\n\n".join(t for t, _ in picked), drafts[0].topic)
    if len(doc.chunks) != size:
        raise DraftError("the corpus paragraphs do not split one-to-one into chunks")
    return doc, [r for _, r in picked]


# ---------------------------------------------------------------------- server

@dataclass
class Server:
    """A server the benchmark talks to; `stats` is what the built-in one saw (after it ends)."""

    url: str
    stats: dict = field(default_factory=dict)
    proc: asyncio.subprocess.Process | None = None  # the built-in server's process, if any
    command: list[str] = field(default_factory=list)  # how it was started (for a restart)


@contextlib.asynccontextmanager
async def server_process(profile: str, fault: str, seed: int) -> AsyncIterator[Server]:
    """`draftlens emulator` with the fault's flags in its own process (a fresh one per run, so
    every method meets the same seeded faults)."""
    command = [sys.executable, "-m", "core.cli", "emulator", "--profile", profile, "--seed",
               str(seed), *FAULTS[fault], "--stats", "--api-key", BENCH_KEY]
    proc = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    server = Server("", proc=proc, command=command)
    try:
        line = (await proc.stdout.readline()).decode().strip()
        if not line.startswith("READY "):
            raise DraftError(f"the local server did not start: {line!r}")
        server.url = line.split(" ", 1)[1]
        yield server
    finally:
        proc = server.proc or proc  # a scripted restart may have replaced it
        assert proc.stdout is not None
        if proc.returncode is None:
            proc.terminate()
        rest = (await proc.stdout.read()).decode()
        await proc.wait()
    for line in rest.splitlines():
        if line.startswith("STATS "):
            with contextlib.suppress(ValueError):
                server.stats = json.loads(line[6:])


# ---------------------------------------------------------------------- backends

Parallel = dict[str, int]  # requests a method may have in flight, per backend it uses


def rows_of(method: str) -> list[str]:
    """The result rows of a method: `legacy` is two (its REST and its Realtime strategy)."""
    return ["legacy-rest", "legacy-realtime"] if method == "legacy" else [method]


def make_backend(row: str, url: str) -> tuple[Backend, Parallel]:
    """The backend of a result row, and the requests it may have in flight per backend."""
    from core.backends.hybrid import HybridBackend
    from core.backends.local import LocalBackend
    from core.backends.realtime import RealtimeBackend
    from core.backends.realtime_legacy import LegacyRealtimeBackend
    from core.backends.rest import RestBackend

    s = Settings(base_url=url)
    both = {"realtime": s.pool_size * s.inflight_per_session, "rest": s.concurrency}
    if row == "local":
        return LocalBackend(), {"local": 1}
    if row == "rest":
        return RestBackend(s, BENCH_KEY), {"rest": s.concurrency}
    if row == "realtime":
        return RealtimeBackend(s, BENCH_KEY), {"realtime": both["realtime"]}
    if row == "hybrid":
        return HybridBackend(s, BENCH_KEY), both
    if row == "hybrid-hedged":
        return HybridBackend(Settings(base_url=url, hedging=True), BENCH_KEY), both
    if row == "legacy-rest":
        return RestBackend(Settings(base_url=url, batch_size=1, concurrency=1), BENCH_KEY), {
            "rest": 1}
    return LegacyRealtimeBackend(s, BENCH_KEY, LEGACY_PAUSE_S), {"realtime-legacy": 1}


# ---------------------------------------------------------------------- one run

Progress = Callable[[int], None]


async def measure(name: str, backend: Backend, parallel: Parallel, doc: Document,
                  gold: list[tuple[str, ...]], opts: BenchOptions, fault: str, rep: int,
                  progress: Progress) -> RunResult:
    """Analyse `doc` once with `backend` (closed afterwards) and score the outcome."""
    from core.backends.breaker import reset_breakers
    from core.backends.health import reset_health
    from core.backends.patience import reset_patience

    reset_breakers()
    reset_health()
    reset_patience()
    results: dict[str, ChunkResult] = {}
    records: list[RequestRecord] = []
    first: float | None = None
    start = time.perf_counter()
    try:
        async for event in backend.run(doc, doc.chunks):
            if isinstance(event, RequestRecord):
                records.append(event)
            elif event.chunk_id not in results:
                results[event.chunk_id] = event
                if first is None and event.ok:
                    first = time.perf_counter() - start
                progress(len(results))
    finally:
        total = time.perf_counter() - start
        attempts = dict(getattr(backend, "sent", {}) or {})
        await backend.aclose()
    return _score(name, doc, gold, results, records, total, first, parallel, opts, fault, rep,
                  attempts)


def _score(name: str, doc: Document, gold: list[tuple[str, ...]],
           results: dict[str, ChunkResult], records: list[RequestRecord], total: float,
           first: float | None, parallel: Parallel, opts: BenchOptions, fault: str, rep: int,
           attempts: dict[str, int]) -> RunResult:
    n = len(doc.chunks)
    ok = [r for r in results.values() if r.ok]
    correct = sum(1 for r in ok if r.roles[0] in gold[r.index])
    errors = Counter(r.error_kind or "internal" for r in results.values() if not r.ok)
    errors["lost"] = n - len(results)
    latencies = sorted(r.latency_ms for r in ok if r.latency_ms is not None)
    ideal = _ideal(records, parallel, total)
    return RunResult(
        method=name, size=n, profile=opts.profile, faults=fault, repeat=rep, total_chunks=n,
        successful=len(ok), failed=n - len(ok), total_time=round(total, 3),
        avg_time_per_chunk=round(total / n, 4),
        first_result_s=None if first is None else round(first, 3),
        p50_latency_ms=_pct(latencies, 0.5), p95_latency_ms=_pct(latencies, 0.95),
        accuracy=round(correct / n, 3), errors_by_kind={k: v for k, v in errors.items() if v},
        requests_by_backend=dict(Counter(r.backend for r in records)),
        routes=dict(Counter(f"{r.backend}{'/' + r.route if r.route else ''}" for r in ok)),
        ideal_s=round(ideal, 3), overhead_ratio=round(total / ideal, 2) if ideal else 0.0,
        hybrid_attempts=attempts, latencies_ms=[round(x, 1) for x in latencies])


def _ideal(records: list[RequestRecord], parallel: Parallel, total: float) -> float:
    """Requests packed perfectly on the parallelism of the backends that answered: sum of
    latencies / parallel, and never less than the longest single request."""
    ok = [r for r in records if r.ok]
    if not ok:
        return total
    slots = sum(parallel.get(b, 1) for b in {r.backend for r in ok})
    seconds = [r.latency_ms / 1000 for r in ok]
    return max(max(seconds), sum(seconds) / max(1, slots))


def _pct(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return round(sorted_values[0], 1)
    return round(statistics.quantiles(sorted_values, n=100, method="inclusive")[
        max(0, min(98, round(q * 100) - 1))], 1)


# ---------------------------------------------------------------------- the whole bench

class ProgressBar:
    """A one-line bar on stderr."""

    def __init__(self, total_runs: int, stream=sys.stderr) -> None:
        self.total_runs, self.stream, self.run = total_runs, stream, 0
        self.label, self.size = "", 1
        self.tty = stream.isatty()

    def start(self, label: str, size: int) -> None:
        self.run += 1
        self.label, self.size = label, size
        self(0)

    def __call__(self, done: int) -> None:
        if not self.tty and done not in (0, self.size):
            return
        width = 24
        fill = int(width * done / max(1, self.size))
        line = (f"\r[{'#' * fill}{'.' * (width - fill)}] run {self.run}/{self.total_runs} "
                f"{self.label} {done}/{self.size}")
        self.stream.write(line.ljust(70) + ("\n" if not self.tty and done == self.size else ""))
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")


async def run_bench(opts: BenchOptions) -> list[RunResult]:
    drafts = load_corpus(opts.corpus or default_corpus())
    if opts.base_url and opts.faults != ["none"]:
        raise DraftError("--faults needs the built-in server (leave out --base-url)")
    rows = [r for m in opts.methods for r in rows_of(m)]
    bar = ProgressBar(len(rows) * len(opts.sizes) * len(opts.faults) * opts.repeat)
    await _warm_up(rows, opts, drafts)
    runs: list[RunResult] = []
    for fault in opts.faults:
        for size in opts.sizes:
            doc, gold = bench_draft(drafts, size)
            for row in rows:
                for rep in range(1, opts.repeat + 1):
                    bar.start(f"{row} {size} {fault}", size)
                    async with _server(opts, fault) as server, \
                            scripted(fault, server, size) as script:
                        backend, parallel = make_backend(row, server.url)
                        run = await _guarded(row, backend, parallel, doc, gold, opts, fault,
                                             rep, script.wrap(bar))
                    run.server_requests = dict(server.stats.get("requests", {}))
                    runs.append(run)
    bar.close()
    return runs


async def _warm_up(rows: list[str], opts: BenchOptions, drafts: list[LabeledDraft]) -> None:
    """Untimed: the SDK's lazy imports, the classifier, one tiny run per method."""
    from core.backends.warmup import warm_imports
    from core.local.classifier import classify

    warm_imports()
    doc, gold = bench_draft(drafts, 2)
    classify(doc)
    quiet = BenchOptions(methods=[], sizes=[2])
    async with _server(opts, "none") as server:
        for row in rows:
            if row != "legacy-realtime":  # its fixed pauses make it slow and prove nothing
                backend, parallel = make_backend(row, server.url)
                await _guarded(row, backend, parallel, doc, gold, quiet, "none", 0,
                               lambda _n: None)


async def _guarded(name: str, backend: Backend, parallel: Parallel, doc: Document,
                   gold: list[tuple[str, ...]], opts: BenchOptions, fault: str, rep: int,
                   bar: Progress) -> RunResult:
    try:
        return await measure(name, backend, parallel, doc, gold, opts, fault, rep, bar)
    except Exception as exc:  # one method failing outright must not end the benchmark
        failed = {doc.chunks[0].id: ChunkResult(doc.chunks[0].id, 0, "", (), name,
                                                error=f"{type(exc).__name__}: {exc}",
                                                error_kind="internal")}
        return _score(name, doc, gold, failed, [], 0.0, None, parallel, opts, fault, rep, {})


@contextlib.asynccontextmanager
async def _server(opts: BenchOptions, fault: str) -> AsyncIterator[Server]:
    if opts.base_url:
        yield Server(opts.base_url)
        return
    async with server_process(opts.profile, fault, opts.seed) as server:
        yield server


# ---------------------------------------------------------------------- outputs

COLUMNS = ("method", "size", "faults", "successful", "failed", "total_time", "first_result_s",
           "p50_latency_ms", "p95_latency_ms", "accuracy", "ideal_s", "overhead_ratio")


def results_json(runs: list[RunResult]) -> dict:
    return {"runs": [asdict(r) for r in runs]}


def results_markdown(runs: list[RunResult], opts: BenchOptions) -> str:
    head = ["method", "size", "faults", "ok", "failed", "total s", "first s", "p50 ms",
            "p95 ms", "accuracy", "ideal s", "x ideal", "errors", "requests", "server saw"]
    lines = [f"# DraftLens benchmark ({opts.profile} profile)", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in runs:
        cells = [r.method, r.size, r.faults, f"{r.successful}/{r.total_chunks}", r.failed,
                 f"{r.total_time:.2f}", _fmt(r.first_result_s), _fmt(r.p50_latency_ms, 0),
                 _fmt(r.p95_latency_ms, 0), f"{r.accuracy:.0%}", f"{r.ideal_s:.2f}",
                 f"{r.overhead_ratio:.2f}", _pairs(r.errors_by_kind),
                 _pairs(r.requests_by_backend | {f"{k} tries": v
                                                 for k, v in r.hybrid_attempts.items()}),
                 _pairs({_PATHS.get(k, k): v for k, v in r.server_requests.items()})]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines) + "\n"


_PATHS = {"/v1/chat/completions": "chat", "/v1/realtime": "realtime upgrades",
          "/v1/models": "models"}


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _pairs(d: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(d.items())) or "—"


def write_outputs(runs: list[RunResult], opts: BenchOptions) -> list[Path]:
    opts.out.mkdir(parents=True, exist_ok=True)
    js, md = opts.out / "results.json", opts.out / "results.md"
    js.write_text(json.dumps(results_json(runs), indent=2, ensure_ascii=False), encoding="utf-8")
    md.write_text(results_markdown(runs, opts), encoding="utf-8")
    return [js, md]


def options_from_args(args) -> BenchOptions:
    def items(text: str, allowed: tuple[str, ...] | None = None) -> list[str]:
        values = [v.strip() for v in text.split(",") if v.strip()]
        bad = [v for v in values if allowed is not None and v not in allowed]
        if bad or not values:
            raise DraftError(f"unknown value(s) {', '.join(bad) or text!r}; choose from "
                             f"{', '.join(allowed or ())}")
        return values

    try:
        sizes = [int(v) for v in items(args.sizes)]
    except ValueError:
        raise DraftError(f"--sizes takes whole numbers, e.g. 5,30,300 (got {args.sizes!r})") \
            from None
    if any(s < 1 for s in sizes):
        raise DraftError("--sizes must be positive")
    return BenchOptions(methods=items(args.methods, METHODS), sizes=sizes, profile=args.profile,
                        faults=items(args.faults, tuple(FAULTS)), repeat=max(1, args.repeat),
                        out=Path(args.out), base_url=args.base_url,
                        corpus=Path(args.corpus) if args.corpus else None)


def main(args) -> int:
    opts = options_from_args(args)
    runs = asyncio.run(run_bench(opts))
    paths = write_outputs(runs, opts)
    print(results_markdown(runs, opts))
    print("wrote " + ", ".join(map(str, paths)), file=sys.stderr)
    return 0 if all(r.failed == 0 for r in runs if r.faults == "none") else 1

"""`draftlens bench-local`: paragraphs per second of the offline Local analyzer.

Two stages are timed: `classify` alone, and the whole path a user waits for (chunking, then
`Analyzer` with `LocalBackend` until every result is out). Two inputs: the dev corpus (each
draft separately) and a generated 1,000-paragraph draft whose paragraphs are deterministic
mixes of corpus sentences. "cold" clears the stem and paragraph caches before every run (a
draft never seen before); "warm" does not (re-analysis after an edit).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from core.analyzer import Analyzer
from core.backends.local import LocalBackend
from core.chunking import make_document
from core.evaluate import LabeledDraft, load_corpus
from core.local import text as tx
from core.local.classifier import classify, model
from core.local.encode import clear_caches
from core.local.training import shared_dir
from core.models import ChunkResult

DEV_CORPUS = (shared_dir() or Path("shared")) / "corpus" / "dev.jsonl"
REPEATS = 5
GENERATED_PARAGRAPHS = 1000

Draft = tuple[str, str]  # (text, topic)


def generated_draft(drafts: list[LabeledDraft], n: int = GENERATED_PARAGRAPHS,
                    seed: int = 7) -> Draft:
    """A deterministic n-paragraph draft: each paragraph is 1-4 corpus sentences, shuffled."""
    pool = [s for d in drafts for p in d.paragraphs for s in tx.sentences(p)]
    rng = random.Random(seed)
    paragraphs = [". ".join(rng.sample(pool, rng.randint(1, 4))) + "." for _ in range(n)]
    return "\n\n".join(paragraphs), drafts[0].topic


def _classify_only(drafts: list[Draft]) -> int:
    n = 0
    for text, topic in drafts:
        n += len(classify(make_document(text, topic)))
    return n


async def _pipeline_async(drafts: list[Draft]) -> int:
    n = 0
    for text, topic in drafts:
        analyzer = Analyzer(LocalBackend())
        async for event in analyzer.run(make_document(text, topic)):
            n += isinstance(event, ChunkResult) and event.ok
    return n


def _pipeline(drafts: list[Draft]) -> int:
    return asyncio.run(_pipeline_async(drafts))


def _rates(stage: Callable[[list[Draft]], int], drafts: list[Draft], cold: bool,
           repeats: int) -> list[float]:
    """Paragraphs per second of `repeats` runs of `stage`."""
    rates = []
    for _ in range(repeats):
        if cold:
            clear_caches()
        start = time.perf_counter()
        n = stage(drafts)
        rates.append(n / (time.perf_counter() - start))
    return rates


def run_bench(corpus: str | Path = DEV_CORPUS, repeats: int = REPEATS) -> str:
    """Run every combination and return a readable table."""
    labeled = load_corpus(corpus)
    model()  # loaded once at start-up (in the background in the GUI); not part of a run
    inputs = {
        f"dev corpus ({len(labeled)} drafts)":
            [("\n\n".join(d.paragraphs), d.topic) for d in labeled],
        f"generated {GENERATED_PARAGRAPHS}-paragraph draft": [generated_draft(labeled)],
    }
    stages = {"classify": _classify_only, "chunk + Analyzer(Local)": _pipeline}
    lines = [f"Local analyzer: paragraphs/second, best and median of {repeats} runs, one core",
             f"{'input':<34} {'stage':<24} {'caches':<6} {'best':>9} {'median':>9}"]
    for name, drafts in inputs.items():
        paragraphs = sum(len(make_document(t, topic).chunks) for t, topic in drafts)
        for stage_name, stage in stages.items():
            for cold in (True, False):
                rates = _rates(stage, drafts, cold, repeats)
                lines.append(f"{name:<34} {stage_name:<24} {'cold' if cold else 'warm':<6} "
                             f"{max(rates):>9,.0f} {statistics.median(rates):>9,.0f}")
        lines.append(f"{'':<34} ({paragraphs} paragraphs per run)")
    from core.bench.encoder import bench_encoder

    big = f"generated {GENERATED_PARAGRAPHS}-paragraph draft"
    return "\n".join(lines) + "\n\n" + bench_encoder(*inputs[big][0], big)

"""`draftlens bench`: drafts from the labeled corpus, options, and one small real run."""

from __future__ import annotations

import argparse
import json

import pytest

from core.bench.methods import (
    BenchOptions,
    bench_draft,
    default_corpus,
    options_from_args,
    run_bench,
    write_outputs,
)
from core.evaluate import load_corpus
from core.textio import DraftError

FIELDS = {"method", "size", "profile", "faults", "total_chunks", "successful", "failed",
          "total_time", "avg_time_per_chunk", "first_result_s", "p50_latency_ms",
          "p95_latency_ms", "accuracy", "errors_by_kind", "requests_by_backend", "ideal_s",
          "overhead_ratio"}


def args(**kw) -> argparse.Namespace:
    base = {"methods": "rest,hybrid", "sizes": "5,30", "profile": "instant", "faults": "none",
            "repeat": 1, "out": "x", "base_url": None, "corpus": None}
    return argparse.Namespace(**(base | kw))


def test_the_shipped_corpus_is_repeated_to_size_with_its_labels():
    drafts = load_corpus(default_corpus())
    n = sum(len(d.paragraphs) for d in drafts)
    doc, gold = bench_draft(drafts, n + 3)
    assert len(doc.chunks) == len(gold) == n + 3
    assert gold[n] == drafts[0].roles[0]
    assert doc.chunks[n].text == drafts[0].paragraphs[0]


@pytest.mark.parametrize(("kw", "message"), [
    ({"methods": "rest,carrier-pigeon"}, "carrier-pigeon"),
    ({"sizes": "5,many"}, "whole numbers"),
    ({"sizes": "0"}, "positive"),
    ({"faults": "gremlins"}, "gremlins"),
])
def test_bad_options_get_a_clear_message(kw, message):
    with pytest.raises(DraftError, match=message):
        options_from_args(args(**kw))


async def test_faults_need_the_built_in_server():
    opts = BenchOptions(methods=["rest"], sizes=[2], faults=["drops"],
                        base_url="http://127.0.0.1:9/v1")
    with pytest.raises(DraftError, match="built-in server"):
        await run_bench(opts)


async def test_a_small_bench_writes_one_row_per_method_size_and_fault(tmp_path):
    opts = BenchOptions(methods=["local", "hybrid"], sizes=[3], profile="instant",
                        faults=["none", "realtime-down"], out=tmp_path)
    runs = await run_bench(opts)
    write_outputs(runs, opts)
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    rows = data["runs"]
    assert [(r["method"], r["faults"]) for r in rows] == [
        ("local", "none"), ("hybrid", "none"), ("local", "realtime-down"),
        ("hybrid", "realtime-down")]
    assert all(set(r) >= FIELDS for r in rows)
    assert all(r["successful"] == r["total_chunks"] == 3 for r in rows)
    down = rows[3]
    assert set(down["routes"]) <= {"rest", "rest/fallback"}
    assert 0 < down["server_requests"]["/v1/realtime"] <= 4  # refused upgrades, not one each
    assert rows[1]["server_requests"]["/v1/realtime"] >= 1
    assert "| hybrid | 3 | realtime-down | 3/3 |" in (tmp_path / "results.md").read_text()

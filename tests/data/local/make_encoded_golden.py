"""Write encoded_golden.npz: the Local model's input for a few corpus drafts, as the full
pass over each draft computed it before the fast path existed (commit c93779a).

tests/core/local/test_fast_path.py checks that today's encoding equals it (to float32 rounding:
the last bits of log1p and dot products differ between CPUs), so the fast path can never change
a verdict. Regenerate (`python tests/data/local/make_encoded_golden.py`) only when the features
are changed on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from core.local.encode import clear_caches, encode

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
SOURCES = ("train_en_blog.jsonl", "train_ru_informal.jsonl")


def drafts() -> list[tuple[str, list[str], str]]:
    """(name, paragraphs, topic): each draft of SOURCES, and all of them joined as one big
    draft under its first draft's topic (so the draft-wide statistics have much to count)."""
    out = []
    for source in SOURCES:
        rows = [json.loads(line) for line in (CORPUS / source).read_text("utf-8").splitlines()
                if line.strip()]
        out += [(r["id"], [p["text"] for p in r["paragraphs"]], r["topic"]) for r in rows]
    joined = [t for _name, texts, _topic in out for t in texts]
    out = out[:2] + [("joined", joined, out[0][2])]
    out.append(("joined_no_topic", joined, ""))
    return out


def main() -> None:
    arrays: dict[str, np.ndarray] = {}
    for name, texts, topic in drafts():
        clear_caches()
        enc = encode(texts, topic)
        for key, col in enc.dense.items():
            arrays[f"{name}|dense|{key}"] = col
        arrays[f"{name}|rows"] = enc.rows.astype(np.int32)
        arrays[f"{name}|cols"] = enc.cols.astype(np.int16)  # < SPARSE_BUCKETS = 2 ** 14
        arrays[f"{name}|vals"] = enc.vals
    np.savez_compressed(HERE / "encoded_golden.npz", **arrays)


if __name__ == "__main__":
    main()

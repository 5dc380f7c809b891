"""Pieces the REST and Realtime benchmarks share: a run's outcome and a synthetic draft."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from core.chunking import make_document
from core.models import Document, RequestRecord


@dataclass
class Run:
    """One benchmark run: wall time, client CPU time, results and request records."""

    paragraphs: int
    seconds: float
    ok: int
    records: list[RequestRecord]
    cpu_seconds: float = 0.0

    @property
    def median_latency(self) -> float:
        return statistics.median(r.latency_ms for r in self.records) / 1000.0


def synthetic_doc(n: int, words: Sequence[str], topic: str, min_words: int = 10) -> Document:
    """A deterministic draft of `n` varied paragraphs built from `words`."""
    paragraphs = []
    for i in range(n):
        picked = [words[(i * 7 + k * 3) % len(words)] for k in range(min_words + i % 9)]
        paragraphs.append(f"Paragraph {i}: " + " ".join(picked).capitalize() + ".")
    return make_document("\n\n".join(paragraphs), topic)

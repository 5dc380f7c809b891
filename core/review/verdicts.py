"""What the review rules read about each paragraph: its roles, confidence and relevance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.models import ChunkResult

UNCERTAIN_BELOW = 0.5
"""A verdict whose calibrated confidence is below this is uncertain (findings say so)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """One paragraph as the rules see it; `roles` is empty when it has no answer."""

    index: int
    text: str
    roles: tuple[str, ...] = ()
    confidence: float | None = None
    relevance: float | None = None
    kind: str = "paragraph"

    @property
    def primary(self) -> str:
        return self.roles[0] if self.roles else ""

    @property
    def uncertain(self) -> bool:
        return self.confidence is not None and self.confidence < UNCERTAIN_BELOW


def from_results(texts: Sequence[str], results: Mapping[int, ChunkResult | None],
                 kinds: Sequence[str] | None = None) -> list[Verdict]:
    """Verdicts for paragraphs `texts` from the results known for them (errors: no roles)."""
    out = []
    for i, text in enumerate(texts):
        r = results.get(i)
        kind = kinds[i] if kinds else "paragraph"
        if r is None or not r.ok:
            out.append(Verdict(i, text, kind=kind))
        else:
            out.append(Verdict(i, text, tuple(r.roles), r.confidence, r.relevance, kind))
    return out


def from_labels(texts: Sequence[str], roles: Sequence[Sequence[str]]) -> list[Verdict]:
    """Verdicts from gold labels (a labeled corpus): certain, no relevance."""
    return [Verdict(i, t, tuple(r)) for i, (t, r) in enumerate(zip(texts, roles, strict=True))]

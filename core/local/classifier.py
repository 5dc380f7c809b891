"""The offline Local classifier: roles, topic relevance and complexity per paragraph.

Each role gets a linear score over general features (cue phrases, shape, punctuation, topic
overlap, position and neighbours; see features.py and weights.py). The best role is primary;
the runner-up is added as a second role when it is nearly as strong.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from core.local.features import document_features, paragraph_stats
from core.local.weights import BIAS, CAPS, WEIGHTS
from core.models import Document
from core.roles import ROLE_IDS

SECOND_ROLE_MARGIN = 0.35  # runner-up within this of the best score becomes a second role
SECOND_ROLE_MIN = 0.6      # ... and must be at least this confident on its own


@dataclass(frozen=True, slots=True)
class LocalVerdict:
    """Roles (primary first), topic relevance 0-1 and complexity 0-1 for one chunk."""

    roles: tuple[str, ...]
    relevance: float
    complexity: float


def role_scores(features: dict[str, float]) -> dict[str, float]:
    """Linear score of every role for one paragraph's features."""
    capped = {k: min(v, CAPS[k]) if k in CAPS else v for k, v in features.items()}
    return {
        role: BIAS[role] + sum(w * capped.get(name, 0.0) for name, w in WEIGHTS[role].items())
        for role in ROLE_IDS
    }


def pick_roles(scores: dict[str, float]) -> tuple[str, ...]:
    """Primary role, plus the runner-up when it is close and confident."""
    ranked = sorted(ROLE_IDS, key=lambda r: scores[r], reverse=True)
    best, second = ranked[0], ranked[1]
    close = scores[best] - scores[second] <= SECOND_ROLE_MARGIN
    if close and scores[second] >= SECOND_ROLE_MIN:
        return best, second
    return (best,)


async def classify_async(doc: Document, slice_s: float = 0.004) -> list[LocalVerdict]:
    """`classify`, letting the event loop run every `slice_s` seconds.

    The costly part, each paragraph's stats, is cached by text: warm it in slices, then the
    whole-document pass is quick. No thread, so no lock-step with a GUI thread over the GIL.
    """
    deadline = time.perf_counter() + slice_s
    for chunk in doc.chunks:
        paragraph_stats(chunk.text)
        if time.perf_counter() > deadline:
            await asyncio.sleep(0)
            deadline = time.perf_counter() + slice_s
    return classify(doc)


def classify(doc: Document) -> list[LocalVerdict]:
    """One verdict per chunk of `doc`, in order."""
    if not doc.chunks:
        return []
    stats, feats = document_features(doc)
    return [
        LocalVerdict(pick_roles(role_scores(f)), round(f["relevance"], 4),
                     round(s.complexity, 4))
        for s, f in zip(stats, feats, strict=True)
    ]

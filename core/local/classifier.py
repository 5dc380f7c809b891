"""The offline Local classifier: roles, topic relevance and complexity per paragraph.

Each role gets a linear score over general features (cue phrases, shape, punctuation, topic
overlap, position and neighbours; see features.py and weights.py). The best role is primary;
the runner-up is added as a second role when it is nearly as strong.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from core.local.features import DocFeatures
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
    """`classify`, letting the event loop run every `slice_s` seconds."""
    scorer = DocScorer(doc)
    await scorer.prepare(slice_s)
    out = []
    deadline = time.perf_counter() + slice_s
    for i in range(len(doc.chunks)):
        out.append(scorer.verdict(i))
        if time.perf_counter() > deadline:
            await asyncio.sleep(0)
            deadline = time.perf_counter() + slice_s
    return out


def classify(doc: Document) -> list[LocalVerdict]:
    """One verdict per chunk of `doc`, in order."""
    scorer = DocScorer(doc)
    scorer.prepare_now()
    return [scorer.verdict(i) for i in range(len(doc.chunks))]


class DocScorer:
    """Local verdicts of one document, per chunk on demand, in the order callers want.

    A chunk's relevance and complexity need only its neighbours' stats (the costly part,
    cached by text); its roles also need the draft's common vocabulary, so `prepare` first
    computes every chunk's stats in slices. No thread: a CPU-bound thread beside the GUI thread
    fights it for the GIL.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._features = DocFeatures([c.text for c in doc.chunks], doc.topic)
        self._ready = False
        self._verdicts: dict[int, LocalVerdict] = {}

    @property
    def ready(self) -> bool:
        return self._ready

    async def prepare(self, slice_s: float = 0.004) -> None:
        """Compute every chunk's stats, yielding to the event loop every `slice_s` seconds."""
        deadline = time.perf_counter() + slice_s
        for i in range(len(self._features)):
            self._features.stat(i)
            if time.perf_counter() > deadline:
                await asyncio.sleep(0)
                deadline = time.perf_counter() + slice_s
        self.prepare_now()

    def prepare_now(self) -> None:
        if not self._ready:
            _ = self._features.common
            self._ready = True

    def scores(self, index: int) -> tuple[float, float]:
        """(relevance, complexity) of chunk `index`; needs no `prepare`."""
        return (round(self._features.relevance(index), 4),
                round(self._features.stat(index).complexity, 4))

    def verdict(self, index: int) -> LocalVerdict:
        """The verdict of chunk `index` (after `prepare`, or it computes every chunk's stats)."""
        got = self._verdict(index, early=False)
        assert got is not None
        return got

    def early_verdict(self, index: int) -> LocalVerdict | None:
        """The verdict from chunk `index`'s neighbourhood alone, when that already settles it
        (most chunks); None when it needs the whole draft (`prepare`, then `verdict`)."""
        return self._verdict(index, early=True)

    def _verdict(self, index: int, early: bool) -> LocalVerdict | None:
        got = self._verdicts.get(index)
        if got is None:
            f = self._features.features(index, early)
            if f is None:
                return None
            relevance, complexity = self.scores(index)
            got = self._verdicts[index] = LocalVerdict(pick_roles(role_scores(f)), relevance,
                                                       complexity)
        return got

"""The writer's corrections teach the Local model: nearest neighbours in embedding space.

A correction is a paragraph the writer labeled (text, roles). Each paragraph being judged looks
up its nearest corrections by meaning (cosine of sentence embeddings); where they are close,
their roles' vote is blended into the model's probabilities, the more the closer they are (an
identical paragraph follows the writer's label). Optionally, a per-writer prior (the roles the
writer tends to use) shifts every verdict a little. Works on plain (text, roles) pairs, so it
does not depend on how the corrections are stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.local.embed import embed_texts
from core.roles import ROLE_IDS

K = len(ROLE_IDS)
NEIGHBOURS = 5
NEAR, SAME = 0.45, 0.9   # cosine where the neighbours start to count / count fully
MAX_WEIGHT = 0.9         # the neighbours' share of the blend at cosine SAME
SHARPNESS = 20.0         # softmax temperature over the neighbours' cosines


@dataclass(frozen=True)
class Adapter:
    """Embedded corrections and their primary roles."""

    vectors: np.ndarray   # (m, DIM), unit length
    labels: np.ndarray    # (m,) role indices
    prior_weight: float = 0.0

    @classmethod
    def from_pairs(cls, pairs: Sequence[tuple[str, Sequence[str]]],
                   prior_weight: float = 0.0) -> Adapter:
        """Embed the corrections' texts (disk-cached; blocking the first time)."""
        kept = [(t, r[0]) for t, r in pairs if t.strip() and r and r[0] in ROLE_IDS]
        vectors = embed_texts([t for t, _ in kept]) if kept else np.zeros((0, 512), np.float32)
        labels = np.array([ROLE_IDS.index(r) for _, r in kept], dtype=np.int64)
        return cls(vectors, labels, prior_weight)

    def blend(self, probs: np.ndarray, paragraphs: np.ndarray) -> np.ndarray:
        """`probs` (n, K) of paragraphs with embeddings (n, DIM), moved toward the corrections."""
        if not len(self.labels) or not len(probs):
            return probs
        out = probs
        if self.prior_weight:
            out = out * self.prior() ** self.prior_weight
            out /= out.sum(axis=1, keepdims=True)
        sims = paragraphs @ self.vectors.T                      # (n, m)
        k = min(NEIGHBOURS, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]      # k nearest per row
        s = np.take_along_axis(sims, top, axis=1)
        w = np.exp(SHARPNESS * (s - s.max(axis=1, keepdims=True)))
        w /= w.sum(axis=1, keepdims=True)
        votes = np.zeros_like(out)
        np.add.at(votes, (np.repeat(np.arange(len(out)), k), self.labels[top].ravel()), w.ravel())
        alpha = MAX_WEIGHT * np.clip((s.max(axis=1) - NEAR) / (SAME - NEAR), 0.0, 1.0)[:, None]
        return (1.0 - alpha) * out + alpha * votes

    def prior(self) -> np.ndarray:
        """How much more often the writer uses each role than uniform (smoothed)."""
        counts = np.bincount(self.labels, minlength=K).astype(np.float64) + 1.0
        return counts / counts.sum() * K

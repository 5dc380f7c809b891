"""The writer's corrections teach the Local model: nearest neighbours in embedding space.

A correction is a paragraph the writer labeled (text, roles). Each paragraph being judged looks
up its nearest corrections by meaning (cosine of sentence embeddings). Two rules:

- **evidence adds up**: every near correction (cosine above NEAR) adds to the log-probability
  of its role, the more the closer it is; so a kind of paragraph the writer relabels again and
  again (their sign-offs, their link lists) follows them, where one stray correction of a
  loosely similar paragraph does not;
- **the same paragraph follows the writer**: a correction of (nearly) this very text takes the
  verdict over (a re-wrapped or lightly edited paragraph keeps the writer's label).

Paragraphs unlike every correction do not move. Works on plain (text, roles) pairs, so it does
not depend on how the corrections are stored. Measured in docs/local-model.md ("Corrections").
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.local.embed import embed_texts
from core.local.optim import softmax
from core.roles import ROLE_IDS

K = len(ROLE_IDS)
NEIGHBOURS = 10          # corrections each paragraph consults
NEAR = 0.45              # cosine where a correction starts to count as evidence
EVIDENCE = 5.0           # log-odds a correction at cosine 1 adds to its role
SAME, SAME_FULL = 0.85, 0.95  # cosine where "the same paragraph" starts / counts fully
MAX_WEIGHT = 0.9         # the same paragraph's share of the final blend

Pairs = Sequence[tuple[str, Sequence[str]]]
_last: tuple[tuple, Adapter] | None = None  # the last corrections embedded (the GUI repeats them)
_last_lock = threading.Lock()


@dataclass(frozen=True)
class Adapter:
    """Embedded corrections and their primary roles."""

    vectors: np.ndarray   # (m, DIM), unit length
    labels: np.ndarray    # (m,) role indices

    @classmethod
    def from_pairs(cls, pairs: Pairs) -> Adapter:
        """Embed the corrections' texts (disk-cached; blocking the first time)."""
        kept = tuple((t, r[0]) for t, r in pairs if t.strip() and r and r[0] in ROLE_IDS)
        global _last
        with _last_lock:
            if _last is not None and _last[0] == kept:
                return _last[1]
        vectors = embed_texts([t for t, _ in kept]) if kept else np.zeros((0, 512), np.float32)
        labels = np.array([ROLE_IDS.index(r) for _, r in kept], dtype=np.int64)
        adapter = cls(vectors, labels)
        with _last_lock:
            _last = (kept, adapter)
        return adapter

    def blend(self, probs: np.ndarray, paragraphs: np.ndarray) -> np.ndarray:
        """`probs` (n, K) of paragraphs with embeddings (n, DIM), moved toward the corrections."""
        if not len(self.labels) or not len(probs):
            return probs
        sims = paragraphs @ self.vectors.T                      # (n, m)
        k = min(NEIGHBOURS, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]      # k nearest per row
        s = np.take_along_axis(sims, top, axis=1)
        rows = np.repeat(np.arange(len(probs)), k)
        evidence = np.zeros_like(probs)
        np.add.at(evidence, (rows, self.labels[top].ravel()),
                  (EVIDENCE * np.clip((s - NEAR) / (1.0 - NEAR), 0.0, None)).ravel())
        out = softmax(np.log(np.clip(probs, 1e-9, 1.0)) + evidence)
        nearest = s.argmax(axis=1)
        alpha = MAX_WEIGHT * np.clip((s.max(axis=1) - SAME) / (SAME_FULL - SAME), 0.0, 1.0)
        same = np.eye(K)[self.labels[top[np.arange(len(probs)), nearest]]]
        return (1.0 - alpha[:, None]) * out + alpha[:, None] * same


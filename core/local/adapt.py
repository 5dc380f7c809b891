"""The writer's corrections teach the Local model: nearest neighbours in embedding space.

A correction is a paragraph the writer labeled (text, roles). Three rules, by meaning (sentence
embeddings):

- **the writer's style**: the corrections of each role, centred on the mean of all the
  corrections, have a mean direction; a paragraph (centred on its draft's mean) that points the
  same way gains log-odds for that role. The mean is shrunk towards zero for a role with few
  corrections, and corrections of a role that point every which way cancel out, so one stray
  correction moves little, while a writer's consistent way with a role carries over to their
  other drafts (measured gains are small: docs/local-model.md, "Corrections");

- **evidence adds up**: every near correction (cosine above NEAR) adds to the log-probability
  of its role, the more the closer it is; so a kind of paragraph the writer relabels again and
  again (their sign-offs, their link lists) follows them, where one stray correction of a
  loosely similar paragraph does not;
- **the same paragraph follows the writer**: a correction of (nearly) this very text takes the
  verdict over (a re-wrapped or lightly edited paragraph keeps the writer's label).

Apart from the style, paragraphs unlike every correction do not move. Works on plain (text,
roles) pairs, so it does not depend on how the corrections are stored.
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
STYLE = 5.0              # log-odds per unit of (centred paragraph . a role's style direction)
STYLE_SHRINK = 1.0       # a role's direction is scaled by n / (n + STYLE_SHRINK), n corrections

Pairs = Sequence[tuple[str, Sequence[str]]]
_last: tuple[tuple, Adapter] | None = None  # the last corrections embedded (the GUI repeats them)
_last_lock = threading.Lock()


@dataclass(frozen=True)
class Adapter:
    """Embedded corrections and their primary roles."""

    vectors: np.ndarray   # (m, DIM), unit length
    labels: np.ndarray    # (m,) role indices
    style: np.ndarray     # (K, DIM) each role's shrunk mean of the centred corrections

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
        adapter = cls(vectors, labels, _style(vectors, labels))
        with _last_lock:
            _last = (kept, adapter)
        return adapter

    def blend(self, probs: np.ndarray, paragraphs: np.ndarray,
              centre: np.ndarray | None = None) -> np.ndarray:
        """`probs` (n, K) of paragraphs with embeddings (n, DIM), moved toward the corrections;
        `centre` is the mean embedding of the whole draft (default: of `paragraphs`)."""
        if not len(self.labels) or not len(probs):
            return probs
        centred = paragraphs - (paragraphs.mean(axis=0) if centre is None else centre)
        centred /= np.linalg.norm(centred, axis=1, keepdims=True) + 1e-9
        sims = paragraphs @ self.vectors.T                      # (n, m)
        k = min(NEIGHBOURS, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]      # k nearest per row
        s = np.take_along_axis(sims, top, axis=1)
        rows = np.repeat(np.arange(len(probs)), k)
        evidence = np.zeros_like(probs)
        np.add.at(evidence, (rows, self.labels[top].ravel()),
                  (EVIDENCE * np.clip((s - NEAR) / (1.0 - NEAR), 0.0, None)).ravel())
        style = STYLE * centred @ self.style.T
        out = softmax(np.log(np.clip(probs, 1e-9, 1.0)) + evidence + style)
        nearest = s.argmax(axis=1)
        alpha = MAX_WEIGHT * np.clip((s.max(axis=1) - SAME) / (SAME_FULL - SAME), 0.0, 1.0)
        same = np.eye(K)[self.labels[top[np.arange(len(probs)), nearest]]]
        return (1.0 - alpha[:, None]) * out + alpha[:, None] * same



def _style(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(K, DIM): each role's mean of the corrections centred on all their mean, scaled by
    n / (n + STYLE_SHRINK) for a role with n corrections (zero without any)."""
    if not len(labels):
        return np.zeros((K, vectors.shape[1]), np.float32)
    onehot = np.eye(K, dtype=np.float32)[labels]
    n = onehot.sum(axis=0)
    means = onehot.T @ (vectors - vectors.mean(axis=0)) / np.maximum(n, 1.0)[:, None]
    return means * (n / (n + STYLE_SHRINK))[:, None]

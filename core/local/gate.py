"""The topic gate: is this draft about the topic it is analysed against at all?

A tiny logistic regression on draft-level topic similarities (encode.py), trained on drafts
under their own topic against the same drafts under other drafts' topics. Where it is closed,
`gated` moves a paragraph's role probability to noise (or topic change).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.local.encode import Encoded
from core.local.optim import Adam, dense_matrix
from core.roles import ROLE_IDS


@dataclass
class Gate:
    """Logistic 'this paragraph's draft is about the given topic' from topic similarities.

    Trained on real drafts (on topic) against the same drafts under other drafts' topics.
    """

    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    w: np.ndarray
    b: float

    def on_topic(self, enc: Encoded) -> np.ndarray:
        """(n,) probability that each paragraph is judged against a topic it belongs to."""
        x = (dense_matrix(enc, self.names) - self.mean) / self.scale
        p = 1.0 / (1.0 + np.exp(-(x @ self.w + self.b)))
        given = enc.dense.get("topic_given")
        return p if given is None else np.where(given > 0, p, 1.0)

    def arrays(self, prefix: str = "gate") -> dict[str, np.ndarray]:
        return {f"{prefix}_names": np.array(self.names),
                f"{prefix}_mean": self.mean.astype(np.float32),
                f"{prefix}_scale": self.scale.astype(np.float32),
                f"{prefix}_w": self.w.astype(np.float32),
                f"{prefix}_b": np.array(self.b, dtype=np.float32)}

    @classmethod
    def from_arrays(cls, z, prefix: str = "gate") -> Gate:
        return cls([str(n) for n in z[f"{prefix}_names"]], z[f"{prefix}_mean"],
                   z[f"{prefix}_scale"], z[f"{prefix}_w"], float(z[f"{prefix}_b"]))


GATE_FEATURES = ["sim_doc_topic", "sim_doc_topic_max", "topic_doc_overlap"]
GATE_OPEN, GATE_RAMP = 0.25, 0.2
NOISE, TOPIC_CHANGE = ROLE_IDS.index("noise"), ROLE_IDS.index("topic_change")


def gated(probs: np.ndarray, on_topic: np.ndarray) -> np.ndarray:
    """Move the off-topic share of each paragraph's probability to noise (or topic change).

    Nothing moves while the gate is at least GATE_OPEN; everything has moved at 0.05 (a topic
    phrased in other words than the draft is better kept than silenced).
    """
    off = np.clip((GATE_OPEN - on_topic) / GATE_RAMP, 0.0, 1.0)[:, None]
    out = probs * (1.0 - off)
    out[:, NOISE] += off[:, 0] * (1.0 - probs[:, TOPIC_CHANGE])
    out[:, TOPIC_CHANGE] += off[:, 0] * probs[:, TOPIC_CHANGE]
    return out


def fit_gate(on: list[Encoded], off: list[Encoded], l2: float = 1e-2,
             steps: int = 300, features: tuple[str, ...] = ()) -> Gate:
    """Logistic regression: paragraphs of drafts under their own topic vs under a wrong one
    (on `features`, default GATE_FEATURES)."""
    names = list(features or GATE_FEATURES)
    x = np.concatenate([dense_matrix(e, names) for e in on + off]).astype(np.float64)
    y = np.concatenate([np.full(e.n, 1.0) for e in on] + [np.zeros(e.n) for e in off])
    return fit_logistic(x, y, names, l2, steps)


def fit_logistic(x: np.ndarray, y: np.ndarray, names: list[str], l2: float = 1e-2,
                 steps: int = 300) -> Gate:
    """Logistic regression of y (0/1) on the standardised columns `names` of x, the two
    classes weighted equally (full-batch Adam, zero start: deterministic)."""
    w_on, w_off = 0.5 / max(1, (y == 1).sum()), 0.5 / max(1, (y == 0).sum())
    sample = np.where(y == 1, w_on, w_off)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    xs = (x - mean) / scale
    params = [np.zeros(xs.shape[1]), np.zeros(1)]
    adam = Adam(params, 0.1)
    for _ in range(steps):
        w, b = params
        p = 1.0 / (1.0 + np.exp(-(xs @ w + b[0])))
        g = (p - y) * sample
        adam.step([xs.T @ g + l2 * w, np.array([g.sum()])])
    return Gate(names, mean.astype(np.float32), scale.astype(np.float32),
                params[0].astype(np.float32), float(params[1][0]))

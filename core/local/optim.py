"""Numeric helpers shared by the role model and the topic gate: softmax, Adam, dense columns."""

from __future__ import annotations

import numpy as np

from core.local.encode import Encoded


def dense_matrix(enc: Encoded, names: list[str]) -> np.ndarray:
    """The dense columns in the model's order (a feature the draft lacks is zero)."""
    zero = np.zeros(enc.n, dtype=np.float32)
    return np.stack([enc.dense.get(name, zero) for name in names], axis=1) if names else \
        np.zeros((enc.n, 0), dtype=np.float32)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class Adam:
    """Adam steps on a list of parameter arrays, updated in place."""

    def __init__(self, params: list[np.ndarray], lr: float) -> None:
        self.params, self.lr, self.t = params, lr, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads: list[np.ndarray]) -> None:
        self.t += 1
        b1, b2 = 0.9, 0.999
        for p, g, m, v in zip(self.params, grads, self.m, self.v, strict=True):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            mhat = m / (1 - b1 ** self.t)
            vhat = v / (1 - b2 ** self.t)
            p -= self.lr * mhat / (np.sqrt(vhat) + 1e-8)

"""Calibrated confidence: the probability that a verdict's primary role is right.

Platt scaling on the logit of the model's top probability, fitted on out-of-fold predictions
(grouped by draft) so that it learns how often the model is right when it says p, not how
often it is right on drafts it was trained on. Two numbers, shipped in the model's metadata.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-4
PRIOR_WEIGHT = 1.0  # a light pull toward (1, 0), "trust the model", for tiny or separable sets


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow for large |z|


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


def fit_platt(top: np.ndarray, correct: np.ndarray, steps: int = 500) -> tuple[float, float]:
    """(a, b) of P(correct) = sigmoid(a * logit(top) + b), by Newton steps on the log-loss."""
    x = _logit(np.asarray(top, dtype=np.float64))
    y = np.asarray(correct, dtype=np.float64)
    a, b = 1.0, 0.0
    for _ in range(steps):
        p = _sigmoid(a * x + b)
        g = np.array([((p - y) * x).sum() + PRIOR_WEIGHT * (a - 1.0),
                      (p - y).sum() + PRIOR_WEIGHT * b])
        w = p * (1 - p) + 1e-9
        h = np.array([[(w * x * x).sum(), (w * x).sum()], [(w * x).sum(), w.sum()]])
        h += np.eye(2) * PRIOR_WEIGHT
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-9:
            break
    return float(a), float(b)


def apply(top: np.ndarray, calibration: tuple[float, float] | None) -> np.ndarray:
    """Calibrated confidence for top probabilities (unchanged without a calibration)."""
    top = np.asarray(top, dtype=np.float64)
    if calibration is None:
        return top
    a, b = calibration
    return _sigmoid(a * _logit(top) + b)

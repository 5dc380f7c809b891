"""The learned role model: multinomial logistic regression over dense + hashed sparse features.

`RoleModel.probabilities` scores one encoded draft; `fit` trains a model (full-batch Adam on
the L2-regularised cross-entropy, deterministic: zero start, no sampling). `save`/`load` use
one compact .npz file (float16 weights) that ships in resources/local_model/.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.local import calibrate
from core.local.encode import SPARSE_BUCKETS, Encoded
from core.local.gate import Gate, gated
from core.local.optim import Adam, dense_matrix, softmax
from core.local.semantic import EMB_PREFIX
from core.roles import ROLE_IDS

K = len(ROLE_IDS)


@dataclass
class RoleModel:
    """Weights of the linear softmax model and the dense features' standardisation."""

    names: list[str]          # dense feature names, in column order
    mean: np.ndarray          # (d,)
    scale: np.ndarray         # (d,)
    w_dense: np.ndarray       # (d, K)
    w_sparse: np.ndarray      # (SPARSE_BUCKETS, K)
    bias: np.ndarray          # (K,)
    meta: dict
    gate: Gate | None = None  # is the draft about its topic at all? (None: always yes)
    meaning_gate: Gate | None = None  # the same by meaning; the draft is on topic if either says so
    relevance: Gate | None = None  # P(a paragraph belongs to the topic by meaning), relevance.py

    def logits(self, enc: Encoded) -> np.ndarray:
        """(n, K) scores of every role for every paragraph."""
        x = (dense_matrix(enc, self.names) - self.mean) / self.scale
        out = x @ self.w_dense + self.bias
        if enc.rows.size:
            out += _sparse_dot(enc.rows, enc.cols, enc.vals, self.w_sparse, enc.n)
        return out

    def probabilities(self, enc: Encoded) -> np.ndarray:
        """(n, K) role probabilities, shifted toward noise where the topic gate is closed."""
        probs = softmax(self.logits(enc))
        on_topic = self.on_topic(enc)
        return probs if on_topic is None else gated(probs, on_topic)

    def on_topic(self, enc: Encoded) -> np.ndarray | None:
        """(n,) the topic gates' P(the draft is about its topic): open if either gate is
        (None without a gate)."""
        if self.gate is None:
            return None
        on_topic = self.gate.on_topic(enc)
        if self.meaning_gate is not None:
            on_topic = np.maximum(on_topic, self.meaning_gate.on_topic(enc))
        return on_topic

    def confidence(self, probs: np.ndarray) -> np.ndarray:
        """(n,) calibrated probability that each row's most probable role is right."""
        cal = self.meta.get("calibration")
        return calibrate.apply(probs.max(axis=1), tuple(cal) if cal else None)

    def save(self, path: str | Path) -> None:
        """Write the model as one compressed .npz file."""
        np.savez_compressed(
            path, names=np.array(self.names), mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32), w_dense=self.w_dense.astype(np.float32),
            w_sparse=self.w_sparse.astype(np.float16), bias=self.bias.astype(np.float32),
            meta=np.array(json.dumps(self.meta, sort_keys=True)),
            **(self.gate.arrays() if self.gate is not None else {}),
            **(self.meaning_gate.arrays("mgate") if self.meaning_gate is not None else {}),
            **(self.relevance.arrays("rel") if self.relevance is not None else {}))


def load(path: str | Path) -> RoleModel:
    """Read a model written by `RoleModel.save`."""
    with np.load(path, allow_pickle=False) as z:
        return RoleModel(
            names=[str(n) for n in z["names"]], mean=z["mean"], scale=z["scale"],
            w_dense=z["w_dense"], w_sparse=z["w_sparse"].astype(np.float32), bias=z["bias"],
            meta=json.loads(str(z["meta"])),
            gate=Gate.from_arrays(z) if "gate_w" in z else None,
            meaning_gate=Gate.from_arrays(z, "mgate") if "mgate_w" in z else None,
            relevance=Gate.from_arrays(z, "rel") if "rel_w" in z else None)


@dataclass(frozen=True)
class FitOptions:
    """Training hyper-parameters."""

    l2_dense: float = 5e-2
    l2_sparse: float = 1e-3
    steps: int = 200
    lr: float = 0.05
    class_power: float = 0.5  # class weight = (share of the class) ** -power, normalised
    embedding_weight: float = 0.5  # embedding columns scaled by this (a stronger L2 on them)


def fit(encoded: list[Encoded], labels: list[np.ndarray], weights: list[np.ndarray],
        opts: FitOptions | None = None, meta: dict | None = None) -> RoleModel:
    """Train on encoded drafts with integer role labels and per-paragraph sample weights."""
    opts = opts or FitOptions()
    names = sorted({name for e in encoded for name in e.dense})
    x = np.concatenate([dense_matrix(e, names) for e in encoded])
    y = np.concatenate(labels)
    sw = np.concatenate(weights).astype(np.float64)
    offsets = np.cumsum([0] + [e.n for e in encoded[:-1]])
    rows = np.concatenate([e.rows + o for e, o in zip(encoded, offsets, strict=True)])
    cols = np.concatenate([e.cols for e in encoded])
    vals = np.concatenate([e.vals for e in encoded]).astype(np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    scale[[n.startswith(EMB_PREFIX) for n in names]] /= opts.embedding_weight
    xs = (x - mean) / scale
    used, local_cols = np.unique(cols, return_inverse=True)  # train only the buckets in use
    counts = np.bincount(y, weights=(sw >= 1.0).astype(float), minlength=K)  # real examples
    cw = (np.maximum(counts, 1.0) / counts.sum()) ** -opts.class_power
    sample = sw * cw[y]
    sample /= sample.sum()
    onehot = np.eye(K)[y]
    params = [np.zeros((xs.shape[1], K)), np.zeros((len(used), K)), np.zeros(K)]
    adam = Adam(params, opts.lr)
    n = len(y)
    for _ in range(opts.steps):
        wd, ws, b = params
        z = xs @ wd + b + _sparse_dot(rows, local_cols, vals, ws, n)
        g = (softmax(z) - onehot) * sample[:, None]
        adam.step([xs.T @ g + opts.l2_dense * wd,
                   _sparse_tdot(rows, local_cols, vals, g, len(used)) + opts.l2_sparse * ws,
                   g.sum(axis=0)])
    wd, ws, b = params
    w_sparse = np.zeros((SPARSE_BUCKETS, K), dtype=np.float32)
    w_sparse[used] = ws
    return RoleModel(names, mean.astype(np.float32), scale.astype(np.float32),
                     wd.astype(np.float32), w_sparse, b.astype(np.float32), dict(meta or {}))


def _sparse_dot(rows, cols, vals, w, n) -> np.ndarray:
    out = np.empty((n, K))
    for k in range(K):
        out[:, k] = np.bincount(rows, weights=w[cols, k] * vals, minlength=n)
    return out


def _sparse_tdot(rows, cols, vals, g, n_cols) -> np.ndarray:
    out = np.empty((n_cols, K))
    for k in range(K):
        out[:, k] = np.bincount(cols, weights=g[rows, k] * vals, minlength=n_cols)
    return out

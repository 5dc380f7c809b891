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

from core.local.encode import SPARSE_BUCKETS, Encoded
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
        if self.gate is None:
            return probs
        return gated(probs, self.gate.on_topic(enc))

    def save(self, path: str | Path) -> None:
        """Write the model as one compressed .npz file."""
        np.savez_compressed(
            path, names=np.array(self.names), mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32), w_dense=self.w_dense.astype(np.float32),
            w_sparse=self.w_sparse.astype(np.float16), bias=self.bias.astype(np.float32),
            meta=np.array(json.dumps(self.meta, sort_keys=True)),
            **(self.gate.arrays() if self.gate is not None else {}))


def load(path: str | Path) -> RoleModel:
    """Read a model written by `RoleModel.save`."""
    with np.load(path, allow_pickle=False) as z:
        return RoleModel(
            names=[str(n) for n in z["names"]], mean=z["mean"], scale=z["scale"],
            w_dense=z["w_dense"], w_sparse=z["w_sparse"].astype(np.float32), bias=z["bias"],
            meta=json.loads(str(z["meta"])),
            gate=Gate.from_arrays(z) if "gate_w" in z else None)


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

    def arrays(self) -> dict[str, np.ndarray]:
        return {"gate_names": np.array(self.names), "gate_mean": self.mean.astype(np.float32),
                "gate_scale": self.scale.astype(np.float32), "gate_w": self.w.astype(np.float32),
                "gate_b": np.array(self.b, dtype=np.float32)}

    @classmethod
    def from_arrays(cls, z) -> Gate:
        return cls([str(n) for n in z["gate_names"]], z["gate_mean"], z["gate_scale"],
                   z["gate_w"], float(z["gate_b"]))


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
             steps: int = 300) -> Gate:
    """Logistic regression: paragraphs of drafts under their own topic vs under a wrong one."""
    x = np.concatenate([dense_matrix(e, GATE_FEATURES) for e in on + off]).astype(np.float64)
    y = np.concatenate([np.full(e.n, 1.0) for e in on] + [np.zeros(e.n) for e in off])
    w_on, w_off = 0.5 / max(1, (y == 1).sum()), 0.5 / max(1, (y == 0).sum())
    sample = np.where(y == 1, w_on, w_off)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    xs = (x - mean) / scale
    params = [np.zeros(xs.shape[1]), np.zeros(1)]
    adam = _Adam(params, 0.1)
    for _ in range(steps):
        w, b = params
        p = 1.0 / (1.0 + np.exp(-(xs @ w + b[0])))
        g = (p - y) * sample
        adam.step([xs.T @ g + l2 * w, np.array([g.sum()])])
    return Gate(list(GATE_FEATURES), mean.astype(np.float32), scale.astype(np.float32),
                params[0].astype(np.float32), float(params[1][0]))


def dense_matrix(enc: Encoded, names: list[str]) -> np.ndarray:
    """The dense columns in the model's order (a feature the draft lacks is zero)."""
    zero = np.zeros(enc.n, dtype=np.float32)
    return np.stack([enc.dense.get(name, zero) for name in names], axis=1) if names else \
        np.zeros((enc.n, 0), dtype=np.float32)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class FitOptions:
    """Training hyper-parameters."""

    l2_dense: float = 5e-2
    l2_sparse: float = 1e-3
    steps: int = 200
    lr: float = 0.05
    class_power: float = 0.5  # class weight = (share of the class) ** -power, normalised


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
    xs = (x - mean) / scale
    used, local_cols = np.unique(cols, return_inverse=True)  # train only the buckets in use
    counts = np.bincount(y, weights=(sw >= 1.0).astype(float), minlength=K)  # real examples
    cw = (np.maximum(counts, 1.0) / counts.sum()) ** -opts.class_power
    sample = sw * cw[y]
    sample /= sample.sum()
    onehot = np.eye(K)[y]
    params = [np.zeros((xs.shape[1], K)), np.zeros((len(used), K)), np.zeros(K)]
    adam = _Adam(params, opts.lr)
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


class _Adam:
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

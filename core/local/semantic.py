"""Features from sentence embeddings (embed.py) for the refining model.

Per paragraph: the embedding itself (what it says, by meaning, in any of the encoder's
languages) and cosines by meaning: to the topic (absolute and relative to the draft's mean),
of the whole draft to the topic, to the rest of the draft and to each neighbour. Because the
encoder maps paraphrases and translations close together, a topic named in words the draft
never uses still matches.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from core.local.embed import DocEmbeddings
from core.local.encode import Encoded

EMB_PREFIX = "emb_"    # embedding columns; the model penalises them more (FitOptions)
EMB_NAMES = [f"{EMB_PREFIX}{i:03d}" for i in range(512)]
# The refining model's topic gate judges by meaning only: the whole draft's similarity to the
# topic (not the best paragraph's: one borscht paragraph does not make a bicycle guide a
# recipe) and not the n-gram features (a topic in other words or another language still fits).
GATE_FEATURES = ["msim_doc_topic", "msim_topic_mean"]


def meaning_features(emb: DocEmbeddings) -> dict[str, np.ndarray]:
    """Columns (one value per paragraph) of the whole draft's meaning features."""
    p, t = emb.paragraphs, emb.topic
    n = len(p)
    full = lambda value: np.full(n, value, np.float32)  # noqa: E731
    given = float(np.any(t))
    to_topic = (p @ t).astype(np.float32) if n else np.zeros(0, np.float32)
    mean_topic = float(to_topic.mean()) if n else 0.0
    total = p.sum(axis=0)
    mean = total / max(1, n)
    doc_topic = float(_unit(mean) @ t)
    rest = total[None, :] - p
    to_rest = np.einsum("ij,ij->i", p, rest) / np.maximum(np.linalg.norm(rest, axis=1), 1e-9)
    pair = np.einsum("ij,ij->i", p[1:], p[:-1]) if n > 1 else np.zeros(0, np.float32)
    prev = np.concatenate([[0.0], pair]).astype(np.float32) if n else np.zeros(0, np.float32)
    nxt = np.concatenate([pair, [0.0]]).astype(np.float32) if n else np.zeros(0, np.float32)
    out = {
        "msim_topic": to_topic, "msim_topic_rel": to_topic - mean_topic,
        "msim_topic_mean": full(mean_topic),
        "msim_doc_topic": full(doc_topic), "msim_doc_topic_max": full(float(to_topic.max(
            initial=0.0))), "msim_rest": to_rest.astype(np.float32), "msim_prev": prev,
        "msim_next": nxt, "msim_neigh_max": np.maximum(prev, nxt), "msim_topic_given": full(given),
    }
    for j, name in enumerate(EMB_NAMES):
        out[name] = p[:, j]
    return out


def with_meaning(enc: Encoded, feats: dict[str, np.ndarray], start: int = 0) -> Encoded:
    """`enc` (rows start..start+enc.n-1 of the draft) with the meaning columns added."""
    stop = start + enc.n
    dense = dict(enc.dense)
    dense.update({name: col[start:stop] for name, col in feats.items()})
    return dataclasses.replace(enc, dense=dense)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)

"""The softmax model's arithmetic and the topic gate."""

from __future__ import annotations

import numpy as np

from core.local.encode import SPARSE_BUCKETS, encode
from core.local.gate import NOISE, TOPIC_CHANGE, gated
from core.local.model import RoleModel
from core.local.optim import dense_matrix
from core.roles import ROLE_IDS

K = len(ROLE_IDS)


def test_gated_keeps_open_paragraphs_and_moves_closed_ones_off_topic():
    probs = np.full((3, K), 1.0 / K)
    probs[2] = 0.0
    probs[2, TOPIC_CHANGE], probs[2, 0] = 0.6, 0.4
    out = gated(probs, np.array([0.9, 0.0, 0.0]))
    assert np.allclose(out.sum(axis=1), 1.0)
    assert np.allclose(out[0], probs[0])                       # open: unchanged
    assert out[1, NOISE] == out[1].max() and np.isclose(out[1, NOISE], 1 - 1.0 / K)
    assert np.isclose(out[2, TOPIC_CHANGE], 0.6) and np.isclose(out[2, NOISE], 0.4)


def test_logits_add_the_sparse_weights_of_each_paragraph():
    enc = encode(["Tomatoes need sun.", "Subscribe to the newsletter!"], "tomatoes")
    rng = np.random.default_rng(0)
    names = sorted(enc.dense)
    model = RoleModel(names, np.zeros(len(names), np.float32), np.ones(len(names), np.float32),
                      rng.normal(size=(len(names), K)).astype(np.float32),
                      rng.normal(size=(SPARSE_BUCKETS, K)).astype(np.float32),
                      np.zeros(K, np.float32), {})
    dense = np.zeros((enc.n, SPARSE_BUCKETS))
    np.add.at(dense, (enc.rows, enc.cols), enc.vals)
    expected = dense_matrix(enc, names) @ model.w_dense + dense @ model.w_sparse
    assert np.allclose(model.logits(enc), expected, atol=1e-3)
    assert np.allclose(model.probabilities(enc).sum(axis=1), 1.0)

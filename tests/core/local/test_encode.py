"""The learned model's input: dense features, topic similarities and hashed sparse features."""

from __future__ import annotations

import numpy as np

from core.local.encode import SPARSE_BUCKETS, encode
from core.roles import ROLE_IDS

TOPIC = "growing tomatoes at home"
TEXTS = [
    "Tomatoes need six hours of sun, a deep pot and regular watering at home.",
    "For example, last summer I grew two cherry tomato plants on a windowsill.",
    "Subscribe to our newsletter and follow us on Instagram!",
]


def test_one_value_per_paragraph_for_every_dense_feature():
    enc = encode(TEXTS, TOPIC)
    assert enc.n == 3
    for name, col in enc.dense.items():
        assert col.shape == (3,), name
        assert np.isfinite(col).all(), name
    for role in ROLE_IDS:  # the hand-set scorer's role scores are features
        assert f"score_{role}" in enc.dense
    assert enc.dense["h_opener_example"][1] > 0
    assert enc.dense["score_noise"][2] > enc.dense["score_noise"][0]


def test_topic_similarity_depends_on_the_topic():
    own = encode(TEXTS, TOPIC).dense
    wrong = encode(TEXTS, "mortgage rates and the central bank").dense
    assert own["sim_topic"][0] > own["sim_topic"][2]
    assert own["sim_doc_topic"][0] > 2 * wrong["sim_doc_topic"][0]
    assert own["topic_given"][0] == 1.0
    assert encode(TEXTS, "").dense["topic_given"][0] == 0.0


def test_sparse_features_are_hashed_stems_and_openers():
    enc = encode(TEXTS, TOPIC)
    assert enc.rows.shape == enc.cols.shape == enc.vals.shape
    assert set(enc.rows.tolist()) == {0, 1, 2}
    assert enc.cols.min() >= 0 and enc.cols.max() < SPARSE_BUCKETS
    again = encode(list(reversed(TEXTS)), TOPIC)
    first = set(enc.cols[enc.rows == 0].tolist())
    assert first == set(again.cols[again.rows == 2].tolist())  # depends on the text only
    for i in range(3):  # each paragraph's sparse row has unit length
        assert np.isclose(float((enc.vals[enc.rows == i] ** 2).sum()), 1.0, atol=1e-5)

"""The writer's corrections move the Local model's verdicts on paragraphs close in meaning."""

from __future__ import annotations

import numpy as np
import pytest

from core.local import embed
from core.local.adapt import Adapter
from core.roles import ROLE_IDS

pytestmark = pytest.mark.skipif(not embed.available(), reason="encoder not installed")

SIGN_OFF = "Обнимаю, ваша Марина. До следующей пятницы!"
OTHER = "The carburettor needs a new gasket before the engine will idle evenly."


def _uniformish(n: int, favourite: str = "topic_disclosure") -> np.ndarray:
    p = np.full((n, len(ROLE_IDS)), 0.05)
    p[:, ROLE_IDS.index(favourite)] = 0.55
    return p / p.sum(axis=1, keepdims=True)


def test_the_same_paragraph_follows_the_writers_label_and_others_barely_move():
    adapter = Adapter.from_pairs([(SIGN_OFF, ("noise",)), ("Короче, вот так.", ("transition",))])
    vecs = embed.embed_texts([SIGN_OFF, OTHER])
    probs = _uniformish(2)
    out = adapter.blend(probs, vecs)
    assert ROLE_IDS[int(out[0].argmax())] == "noise"
    assert ROLE_IDS[int(out[1].argmax())] == "topic_disclosure"
    assert np.allclose(out.sum(axis=1), 1.0)
    assert np.abs(out[1] - probs[1]).max() < 0.1


def test_no_corrections_change_nothing():
    adapter = Adapter.from_pairs([])
    probs = _uniformish(1)
    assert adapter.blend(probs, embed.embed_texts([OTHER])) is probs


def test_bad_pairs_are_skipped():
    adapter = Adapter.from_pairs([("  ", ("humor",)), ("text", ("not_a_role",)), ("ok", ())])
    assert len(adapter.labels) == 0

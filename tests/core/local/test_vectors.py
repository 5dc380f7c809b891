"""Hashed character n-gram meaning vectors."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import numpy as np

from core.local import vectors as vx


def _sim(a: str, b: str) -> float:
    m = vx.matrix([vx.text_grams(a), vx.text_grams(b)])
    return float(m[0] @ m[1])


def _buckets_in_a_new_process(hash_seed: str) -> str:
    code = ("from core.local import vectors as vx; from core.local.encode import encode; "
            "print(vx.word_grams('garden'), encode(['Tomatoes need sun.'], 'x').cols.tolist())")
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True, cwd=pathlib.Path(__file__).resolve().parents[3]).stdout


def test_buckets_are_stable_across_runs():
    """Not Python's per-process salted hash: the shipped weights depend on the buckets."""
    assert _buckets_in_a_new_process("1") == _buckets_in_a_new_process("2")


def test_inflections_and_word_formation_stay_similar():
    assert _sim("велосипеды в городе", "велосипедная дорожка") > 0.3
    assert _sim("gardening on a balcony", "my balcony garden") > 0.4
    assert _sim("велосипеды в городе", "рецепт борща со свёклой") < 0.1


def test_stop_words_and_empty_texts_give_zero_vectors():
    m = vx.matrix([vx.text_grams("and the of it is"), vx.text_grams("")])
    assert not m.any()
    assert np.isfinite(m).all()

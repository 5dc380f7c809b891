"""Calibrated confidence and the reliability figures of `eval --cv`."""

from __future__ import annotations

import numpy as np

from core.local import calibrate, evaluation


def test_platt_scaling_recovers_a_known_relation():
    rng = np.random.default_rng(0)
    top = rng.uniform(0.1, 0.99, 20_000)
    z = np.log(top / (1 - top))
    right = rng.uniform(size=top.size) < 1 / (1 + np.exp(-(2.0 * z - 0.5)))
    a, b = calibrate.fit_platt(top, right)
    assert abs(a - 2.0) < 0.15 and abs(b + 0.5) < 0.1


def test_an_overconfident_model_is_pulled_down():
    top = np.full(1000, 0.9)
    right = np.arange(1000) < 600  # right 60% of the time
    cal = calibrate.fit_platt(top, right)
    assert abs(float(calibrate.apply(np.array([0.9]), cal)[0]) - 0.6) < 0.01
    assert calibrate.apply(np.array([0.9]), None)[0] == 0.9


def test_coverage_accuracy_takes_the_most_confident_share():
    conf = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05])
    right = np.array([1, 1, 1, 0, 1, 0, 0, 1, 0, 0], dtype=bool)
    assert evaluation.coverage_accuracy(conf, right, 0.5) == 0.8
    assert evaluation.coverage_accuracy(conf, right, 0.3) == 1.0
    assert evaluation.coverage_accuracy(conf, right, 1.0) == 0.5


def test_reliability_bins_count_every_verdict_once():
    conf = np.array([0.05, 0.35, 0.35, 0.95, 1.0])
    right = np.array([0, 1, 0, 1, 1], dtype=bool)
    bins = evaluation.reliability(conf, right)
    assert sum(b.count for b in bins) == 5
    b35 = next(b for b in bins if b.low == 0.3)
    assert (b35.count, b35.accuracy) == (2, 0.5)
    assert next(b for b in bins if b.low == 0.9).count == 2
    table = evaluation.format_reliability(conf, right)
    assert "50% (the most confident half)" in table


def test_cross_fitted_confidence_never_fits_on_the_draft_it_scores():
    """Half the drafts always right, half always wrong at the same raw probability: a
    calibration fitted on the rows it scores would say 0.5; cross-fitted, each half gets the
    other half's accuracy."""
    groups = [f"d{i}" for i in range(4) for _ in range(10)]
    top = np.full(40, 0.7)
    right = np.array([g in ("d0", "d2") for g in groups])  # sorted halves: d0,d2 | d1,d3
    conf = evaluation.cross_fitted_confidence(groups, top, right)
    assert np.all(conf[right] < 0.2) and np.all(conf[~right] > 0.8)

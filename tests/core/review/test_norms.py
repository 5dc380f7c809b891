"""The genre norms the digression rule compares against are what the corpora measure."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.review.norms import ANY, MARGIN, OFF_TOPIC_NORMS, measure_norms, norm_for

REPO = Path(__file__).resolve().parents[3]


def test_the_table_matches_the_labeled_corpora(shared_dir):
    paths = sorted((REPO / "tests" / "data" / "corpus").glob("train_*.jsonl"))
    paths += [shared_dir / "corpus" / "dev.jsonl", shared_dir / "corpus" / "real_dev.jsonl"]
    measured = measure_norms(paths)
    assert set(measured) == set(OFF_TOPIC_NORMS)
    for genre, norm in OFF_TOPIC_NORMS.items():
        assert measured[genre].drafts == norm.drafts, genre
        assert measured[genre].median == pytest.approx(norm.median, abs=0.002), genre
        assert measured[genre].highest == pytest.approx(norm.highest, abs=0.002), genre


def test_threshold_is_the_highest_labeled_share_plus_the_margin():
    norm = OFF_TOPIC_NORMS["essay"]
    assert norm.threshold == pytest.approx(norm.highest + MARGIN, abs=0.005)


def test_an_unknown_genre_uses_every_genre():
    assert norm_for("poetry") == (ANY, OFF_TOPIC_NORMS[ANY])
    assert norm_for(None)[0] == ANY
    assert norm_for("blog") == ("blog", OFF_TOPIC_NORMS["blog"])

"""The drift finding on Local's refined verdicts: text carried in from another draft is found."""

from __future__ import annotations

import pytest

from core.chunking import make_document
from core.local import embed
from core.local.classifier import refine
from core.review.findings import review
from core.review.verdicts import Verdict
from tests.core.local.splice_texts import BIKE, BORSCHT

pytestmark = pytest.mark.skipif(not embed.available(), reason="encoder not installed")


def _drifts(paragraphs: list[str], topic: str) -> list[list[int]]:
    doc = make_document("\n\n".join(paragraphs), topic)
    verdicts = refine(doc, embed.embed_document([c.text for c in doc.chunks], topic))
    rows = [Verdict(i, c.text, v.roles, v.confidence, v.relevance)
            for i, (c, v) in enumerate(zip(doc.chunks, verdicts, strict=True))]
    return [f.paragraphs for f in review(rows, "en", None) if f.id == "off_topic_run"]


def test_a_recipe_carried_into_a_bicycle_guide_is_a_drift_and_the_guide_alone_is_not():
    assert _drifts(BIKE[:4] + BORSCHT + BIKE[4:], "choosing a bicycle") == [[4, 5, 6]]
    assert _drifts(BIKE, "choosing a bicycle") == []

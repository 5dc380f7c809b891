"""LIX-based complexity: ordered sensibly in both languages, always within 0..1."""

from __future__ import annotations

import pytest

from core.local.readability import complexity, lix
from core.local.text import detect_lang, sentences, words

SIMPLE_EN = "The cat sat on the mat. It was warm. We had tea. The sun was out."
ACADEMIC_EN = (
    "Consolidation of declarative memories presupposes coordinated hippocampal-neocortical "
    "interactions, whereby thalamocortical spindles synchronise with hippocampal sharp-wave "
    "ripples, facilitating the redistribution of representations into distributed networks."
)
SIMPLE_RU = "Кот спит. Мы пьём чай. На улице тепло. Дом стоит у реки."
ACADEMIC_RU = (
    "Консолидация декларативной памяти предполагает скоординированное взаимодействие "
    "гиппокампальных и неокортикальных структур, вследствие которого таламокортикальные "
    "веретёна синхронизируются с высокочастотными гиппокампальными осцилляциями."
)


def _complexity(text: str) -> float:
    return complexity(words(text), len(sentences(text)), detect_lang(text))


@pytest.mark.parametrize(("simple", "academic"), [(SIMPLE_EN, ACADEMIC_EN),
                                                  (SIMPLE_RU, ACADEMIC_RU)])
def test_academic_text_is_more_complex_than_simple_text(simple, academic):
    assert _complexity(academic) > _complexity(simple) + 0.3


@pytest.mark.parametrize("text", [SIMPLE_EN, ACADEMIC_EN, SIMPLE_RU, ACADEMIC_RU, "a", "Да."])
def test_complexity_is_within_unit_interval(text):
    assert 0.0 <= _complexity(text) <= 1.0


def test_empty_text_has_zero_complexity():
    assert complexity([], 0, "en") == 0.0
    assert lix([], 0, "ru") == 0.0


def test_lix_formula():
    # 4 words, 1 sentence, 2 words over 6 letters: 4 + 100 * 2 / 4
    assert lix(["short", "elephant", "wonderful", "cat"], 1, "en") == pytest.approx(54.0)

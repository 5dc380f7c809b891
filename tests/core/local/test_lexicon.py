"""Cue words of the Local model's hand-set features, as a writer phrases them."""

from __future__ import annotations

import pytest

from core.local.features import paragraph_stats


@pytest.mark.parametrize("text", ["Итого: тренер, дыхание, регулярность.",
                                  "Подводя итог: лёгкая и двухслойная.",
                                  "To summarize: cooler water, fewer leaves."])
def test_a_summing_up_line_has_a_summary_cue(text):
    assert paragraph_stats(text).cues["summary"] >= 1


@pytest.mark.parametrize("text", ["Unrelated, but my dentist says I grind my teeth.",
                                  "Side note: the pub quiz is on Thursday.",
                                  "Which reminds me that my car failed its inspection.",
                                  "Отвлекусь: у нас отключили горячую воду.",
                                  "К слову, соседи опять делают ремонт."])
def test_an_aside_about_something_else_has_a_topic_change_cue(text):
    assert paragraph_stats(text).cues["topic_change"] >= 1


def test_plain_content_has_neither():
    cues = paragraph_stats("Store the leaves in an airtight tin, away from light.").cues
    assert cues["summary"] == cues["topic_change"] == 0

"""Every finding has words in both languages, filled from the same values."""

from __future__ import annotations

import string

from core.review import texts
from core.review.findings import review
from tests.core.review.drafts import draft


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_name_the_same_values():
    for finding_id, langs in texts.TEXTS.items():
        assert set(langs) == set(texts.LANGS), finding_id
        for part in range(2):
            assert _fields(langs["en"][part]) == _fields(langs["ru"][part]), finding_id


def test_every_rule_id_has_words():
    verdicts = draft("transition", "topic_disclosure", "transition", "topic_change",
                     "noise", "noise", "noise", "topic_disclosure")
    for f in review(verdicts, "ru"):
        assert f.id in texts.TEXTS


def test_where_reads_as_the_writer_counts():
    assert texts.where([39, 40, 41, 42, 43, 44, 45, 46]) == "¶40–47"
    assert texts.where([2]) == "¶3"
    assert texts.where([2, 8]) == "¶3 and ¶9"
    assert texts.where([0, 3, 8], "ru") == "¶1, ¶4 и ¶9"
    assert texts.where(list(range(0, 20, 2))).endswith(", …")


def test_paragraph_counts_take_the_plural_their_number_asks_for():
    three, _ = texts.words("off_topic_run", "ru", where="¶4–6", count=3)
    many, _ = texts.words("disclosure_without_example", "ru", where="¶1–5", count=22)
    one_en, _ = texts.words("off_topic_run", "en", where="¶4–6", count=3)
    assert "(3 абзаца подряд)" in three and "22 абзаца рассуждения" in many
    assert "(3 paragraphs in a row)" in one_en

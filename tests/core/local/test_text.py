"""Tokenising, language detection and stemming helpers of the Local analyzer."""

from __future__ import annotations

from core.local.lexicon import compile_cues
from core.local.text import content_stems, detect_lang, sentences, stem, words


def test_detect_lang():
    assert detect_lang("Как вакцины тренируют иммунитет") == "ru"
    assert detect_lang("Learning to code at 40") == "en"
    assert detect_lang("Мой ассистент на базе ChatGPT") == "ru"


def test_words_fold_case_and_yo():
    assert words("Ёлка, ЁЖИК и don’t-stop 42") == ["елка", "ежик", "и", "don't-stop"]


def test_sentences():
    assert sentences("One. Two? Three! Four… five") == ["One", "Two", "Three", "Four", "five"]


def test_stems_match_across_word_forms():
    assert stem("вакцины") == stem("вакцина")
    assert stem("gardening") == stem("garden")
    assert content_stems(words("The gardens and the garden")) == [stem("gardens"), stem("garden")]


def test_cue_entries_match_whole_words_or_prefixes():
    rx = compile_cues(("like a", "пример*"))
    assert rx.search("it works like a charm")
    assert not rx.search("unlike anything")
    assert rx.search("на примере кори")
    assert not rx.search("apprimer")

"""The recovery offer counts words and paragraphs with the right plural forms (en and ru)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from gui.common import i18n
from gui.files.autosave import Orphan


def orphan(text: str) -> Orphan:
    return Orphan(Path("x.json"), QLockFile("/nonexistent/x.lock"),
                  {"path": "", "saved_at": 0, "text": text})


@pytest.mark.parametrize(("lang", "text", "want"), [
    ("en", "one two three four five six seven eight", "8 words in 1 paragraph"),
    ("en", "one\n\ntwo", "2 words in 2 paragraphs"),
    ("ru", "раз два три четыре пять шесть семь восемь", "8 слов, 1 абзац"),
    ("ru", "раз\n\nдва\n\nтри", "3 слова, 3 абзаца"),
    ("ru", "слово", "1 слово, 1 абзац"),
])
def test_recovery_offer_plurals(qapp, lang, text, want):
    i18n.install(qapp, lang)
    try:
        assert orphan(text).describe().endswith(want)
    finally:
        i18n.install(qapp, "en")

"""Reports and CLI tables in the writer's language: Russian words, role names and numbers."""

from __future__ import annotations

import csv
import io
import re

import pytest

from core.chunking import make_document
from core.models import ChunkResult, Timings
from core.output.messages import RU, cli_language, paragraphs, words
from core.output.report import build_report, to_csv, to_html, to_markdown
from core.output.table import format_table

TEXT = "# Заголовок\n\nПервый абзац про сад.\n\nВторой абзац.\n\nТретий, без ответа."


def report(lang: str):
    doc = make_document(TEXT, "сад")
    c = doc.chunks
    results = {
        0: ChunkResult(c[0].id, 0, c[0].hash, ("key_thesis",), "local"),
        1: ChunkResult(c[1].id, 1, c[1].hash, ("example", "humor"), "rest", "m",
                       Timings(1.0, done=1.2505), relevance=0.8),
        2: ChunkResult(c[2].id, 2, c[2].hash, (), "rest", error="timed out"),
    }
    return build_report(doc, results, "Черновик", "hybrid", lang)


def latin_words(text: str) -> set[str]:
    text = re.sub(r"<[^>]+>|&\w+;|\{[^}]*\}|[\w-]+=\"[^\"]*\"", " ", text)
    return set(re.findall(r"[A-Za-z]{3,}", text)) - {"REST", "Realtime", "DraftLens", "timed",
                                                     "out", "rest", "local", "sans", "serif"}


def test_markdown_and_html_in_russian_have_no_english_words():
    md = to_markdown(report("ru"))
    assert "Тема" in md and "ключевой тезис" in md and "не проанализирован" in md
    assert "Гибрид" in md
    assert not latin_words(md), latin_words(md)
    page = to_html(report("ru"))
    assert "Форма черновика" in page and "Доля текста по ролям" in page
    assert "1 абзац" in page and 'lang="ru"' in page
    body = page.split("</style>", 1)[1]
    assert not latin_words(body), latin_words(body)


def test_english_report_is_unchanged_in_english():
    md = to_markdown(report("en"))
    assert "Topic" in md and "key thesis" in md and "Shape" not in md
    assert "Shape of the draft" in to_html(report("en"))


def test_russian_csv_has_russian_header_and_role_names():
    rows = list(csv.reader(io.StringIO(to_csv(report("ru")))))
    assert rows[0][:3] == ["№", "основная роль", "роли"]
    assert rows[2][1] == "пояснение на примере"
    assert rows[2][2].endswith(";юмор или ирония или сарказм")
    english = list(csv.reader(io.StringIO(to_csv(report("en")))))
    assert english[0][:3] == ["index", "primary_role", "roles"] and english[2][1] == "example"


def test_every_catalog_entry_is_used_or_a_csv_header():
    t = words("ru")
    assert t("Topic") == "Тема" and t("unknown words") == "unknown words"
    assert all(v and v != k for k, v in RU.items() if k not in ("rest", "realtime"))


@pytest.mark.parametrize(("n", "want"), [(1, "1 абзац"), (3, "3 абзаца"), (5, "5 абзацев"),
                                         (11, "11 абзацев"), (21, "21 абзац"),
                                         (22, "22 абзаца")])
def test_russian_plurals(n, want):
    assert paragraphs(n, "ru") == want


def test_cli_language_follows_the_option_then_the_locale():
    assert cli_language("ru", {"LANG": "en_US.UTF-8"}) == "ru"
    assert cli_language(None, {"LANG": "ru_RU.UTF-8"}) == "ru"
    assert cli_language(None, {"LC_ALL": "en_GB.UTF-8", "LANG": "ru_RU.UTF-8"}) == "en"
    assert cli_language(None, {"LANG": "C.UTF-8"}) == "en"
    assert cli_language(None, {}) == "en"


def test_table_in_russian_uses_a_decimal_comma():
    rows = [{"index": 0, "roles": ["key_thesis"], "error": None, "latency_ms": 551.5,
             "relevance": 0.5, "complexity": None, "backend": "local"}]
    table = format_table(rows, ["Первый абзац"], "ru")
    assert "ключевой тезис" in table and "551,5" in table and "текст" in table.splitlines()[0]

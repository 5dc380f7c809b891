"""The words of reports, CLI tables and file messages in the writer's language (no Qt).

`words(lang)` gives a lookup: English text in, the language's text out (English unchanged when
the catalog has no entry). `say(sentence, lang)` does the same for the sentences core writes
about files (DraftError messages, how a file was read), matched by shape, values kept.
`cli_language()` picks the language the CLI speaks: an explicit
option, else $LC_ALL / $LC_MESSAGES / $LANG (POSIX order), else English.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping

from core.roles import BY_ID

SUPPORTED = ("en", "ru")

RU: dict[str, str] = {
    # report headings and labels
    "Topic": "Тема",
    "Method": "Метод",
    "Created": "Создан",
    "Role": "Роль",
    "Paragraphs": "Абзацы",
    "Share": "Доля",
    "Error": "Ошибка",
    "error": "ошибка",
    "not analysed": "не проанализирован",
    "Shape of the draft": "Форма черновика",
    "Findings": "Замечания",
    "warning": "предупреждение",
    "info": "заметка",
    "Each band is a paragraph, as wide as its share of the text, in its role colour (click to "
    "jump); the line is its relevance to the topic (higher is closer).":
        "Каждая полоса — абзац, её ширина — доля абзаца в тексте, цвет — его роль (нажмите, "
        "чтобы перейти); линия — близость к теме (выше — ближе).",
    "relevance to the topic": "близость к теме",
    "document map": "карта текста",
    "Share of the text by role": "Доля текста по ролям",
    "share of the text by role": "доля текста по ролям",
    # CLI table
    "text": "текст",
    "roles": "роли",
    "backend": "метод",
    "ms": "мс",
    "rel": "близ.",
    "cpx": "слож.",
    "conf": "увер.",
    "ERROR": "ОШИБКА",
    "note": "заметка",
    "provisional": "предварительно",
    "cached": "из кэша",
    # CSV columns (English keeps the field names)
    "csv:index": "№", "csv:primary_role": "основная роль", "csv:roles": "роли",
    "csv:backend": "метод", "csv:model": "модель", "csv:latency_ms": "задержка, мс",
    "csv:relevance": "близость к теме", "csv:complexity": "сложность",
    "csv:provisional": "предварительно", "csv:cached": "из кэша", "csv:error": "ошибка",
    "csv:text": "текст",
    # methods
    "local": "Локально",
    "rest": "REST",
    "realtime": "Realtime",
    "hybrid": "Гибрид",
}
CATALOGS: dict[str, Mapping[str, str]] = {"ru": RU}
_NOUNS = {"en": ("paragraph", "paragraphs", "paragraphs"), "ru": ("абзац", "абзаца", "абзацев")}


def words(lang: str) -> Callable[[str], str]:
    """A lookup from English to `lang` (English text comes back unchanged; "csv:x" -> "x")."""
    catalog = CATALOGS.get(lang, {})
    return lambda text: catalog.get(text, text.removeprefix("csv:"))


def role_name(role_id: str, lang: str) -> str:
    """A role's name in `lang` (the roles table's Russian label in Russian)."""
    role = BY_ID.get(role_id)
    if role is None:
        return role_id
    return role.ru if lang == "ru" else role.en


def plural_index(n: int, lang: str) -> int:
    """Which noun form goes with `n`: 0 one, 1 few (Russian 2-4, 22-24 ...), 2 many."""
    if lang == "ru":
        mod10, mod100 = n % 10, n % 100
        if mod10 == 1 and mod100 != 11:
            return 0
        return 1 if 2 <= mod10 <= 4 and not 12 <= mod100 <= 14 else 2
    return 0 if n == 1 else 2


def paragraphs(n: int, lang: str) -> str:
    """'1 paragraph', '3 paragraphs'; '1 абзац', '3 абзаца', '5 абзацев'."""
    return f"{n} {_NOUNS.get(lang, _NOUNS['en'])[plural_index(n, lang)]}"


def number(value: float, decimals: int, lang: str) -> str:
    """`value` with `decimals` places, with a decimal comma in Russian."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "ru" else text


def cli_language(option: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """`option` if supported, else the locale's language from the environment, else English."""
    if option in SUPPORTED:
        return option
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in SUPPORTED else "en"
    return "en"


# English sentences core writes about files -> Russian, %1 %2 ... for the pattern's groups
SENTENCES_RU: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), ru) for pattern, ru in (
        (r"(.+) looks like a binary file, not a text draft\.",
         "%1 похож на двоичный файл, а не на текст черновика."),
        (r"(.+) is not readable text in UTF-8 or a common code page; save it as UTF-8 and try "
         r"again\.", "%1 не читается как текст ни в UTF-8, ни в распространённой кодировке; "
                     "сохраните его в UTF-8 и попробуйте снова."),
        (r"(.+) is larger than (\d+) MB; drafts up to that size are supported\. Split it into "
         r"smaller files\.", "%1 больше %2 МБ — черновики поддерживаются только до этого "
                             "размера. Разделите его на файлы поменьше."),
        (r"(.+) starts with a (.+) mark but is not valid .+ text\.",
         "%1 начинается с метки %2, но это не текст в %2."),
        (r"(.+) is a folder; give a text file\.", "%1 — это папка; укажите текстовый файл."),
        (r"(.+): no such file\.", "%1: файла нет."),
        (r"(.+): permission denied\.", "%1: нет доступа."),
        (r"(.+): cannot read \((.+)\)\.", "%1: не удаётся прочитать (%2)."),
        (r"(.+) is saved as (.+), which cannot hold “(.+)” \((U\+[0-9A-F]+)\) and other "
         r"characters you typed\.", "%1 сохранён в кодировке %2, в которой нет символа «%3» "
                                   "(%4) и других набранных вами символов."),
        (r"Cannot save (.+): (.+)\.", "Не удаётся сохранить %1: %2."),
        (r"(.+) was read as (.+) \(not UTF-8; detected — check accented letters\)",
         "%1 прочитан как %2 (не UTF-8; кодировка определена автоматически — проверьте буквы "
         "с диакритикой)"),
        (r"(.+) was read as (.+)", "%1 прочитан как %2"),
        (r"read as (.+) \(not UTF-8; detected — check accented letters\)",
         "прочитан как %1 (не UTF-8; кодировка определена автоматически — проверьте буквы с "
         "диакритикой)"),
        (r"read as (.+)", "прочитан как %1"),
        (r'topic: "(.+)" \(the draft\'s title; set another with --topic\)',
         "тема: «%1» (заголовок черновика; другую задайте через --topic)"),
        (r"The draft is empty: there is nothing to analyse\.",
         "Черновик пуст: анализировать нечего."),
        (r"The topic is empty: name what the draft is about \(--topic\)\.",
         "Тема не задана: назовите, о чём черновик (--topic)."),
    ))
SENTENCES: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {"ru": SENTENCES_RU}


def say(sentence: str, lang: str) -> str:
    """A sentence core wrote in English, in `lang` when its shape is known (else unchanged)."""
    for pattern, template in SENTENCES.get(lang, ()):
        m = pattern.fullmatch(sentence)
        if m:
            return re.sub(r"%(\d)", lambda v, m=m: m.group(int(v.group(1))), template)
    return sentence

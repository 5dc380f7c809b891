"""The words of every finding, in English and Russian, keyed by finding id.

Each entry is (explanation, suggestion); both are format strings filled with the finding's
values (`where` is a paragraph range such as "¶40–47", 1-based as the writer counts).
"""

from __future__ import annotations

from core.output.messages import paragraphs

LANGS = ("en", "ru")

TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "no_key_thesis": {
        "en": ("No paragraph states the draft's central idea.",
               "Say in one or two sentences what the reader should take away, near the start."),
        "ru": ("Ни один абзац не формулирует главную мысль текста.",
               "Скажите в одном-двух предложениях, что читатель должен вынести, ближе к началу."),
    },
    "thesis_late": {
        "en": ("The key thesis first appears only in the last third ({where}).",
               "Consider announcing it early, so the reader knows where the text is going."),
        "ru": ("Ключевой тезис появляется только в последней трети ({where}).",
               "Подумайте, не заявить ли его раньше, чтобы читатель знал, куда ведёт текст."),
    },
    "no_conclusion": {
        "en": ("The ending ({where}) draws no conclusion: no key thesis and no summing up.",
               "End with what the text has shown: a thesis, a summary or a call to act."),
        "ru": ("Концовка ({where}) не подводит итог: в ней нет ни тезиса, ни вывода.",
               "Закончите тем, что текст показал: тезисом, выводом или призывом."),
    },
    "off_topic_run": {
        "en": ("{where} drift from the topic ({paragraphs} in a row).",
               "Cut them, move them to a separate piece, or tie them back to the topic."),
        "ru": ("{where} уходят от темы ({paragraphs} подряд).",
               "Сократите их, вынесите в отдельный текст или свяжите с темой."),
    },
    "off_topic_share": {
        "en": ("{share} of the text is digression, humor or noise; {genre} drafts usually "
               "have {typical} (at most {highest} in the labeled corpora).",
               "Keep the digressions that serve the topic and cut the rest."),
        "ru": ("{share} текста — отступления, юмор или шум; в жанре «{genre}» обычно "
               "{typical} (не больше {highest} в размеченных корпусах).",
               "Оставьте отступления, которые работают на тему, остальное сократите."),
    },
    "disclosure_without_example": {
        "en": ("{where}: {paragraphs} of explanation without a single example.",
               "Add a concrete case, a number or an everyday situation in this stretch."),
        "ru": ("{where}: {paragraphs} рассуждения без единого примера.",
               "Добавьте в этот отрезок конкретный случай, цифру или житейскую ситуацию."),
    },
    "dangling_transition": {
        "en": ("The transition at {where} leads nowhere: {reason}.",
               "Finish the thought it announces, or remove the bridge."),
        "ru": ("Переход в {where} никуда не ведёт: {reason}.",
               "Доведите до конца то, что он обещает, или уберите его."),
    },
    "repeated_paragraphs": {
        "en": ("{where} repeat each other almost word for word.",
               "Keep one of them, or make each say something of its own."),
        "ru": ("{where} почти дословно повторяют друг друга.",
               "Оставьте один из них или пусть каждый говорит своё."),
    },
}

REASONS: dict[str, dict[str, str]] = {
    "end": {"en": "the draft ends right after it", "ru": "сразу после него текст кончается"},
    "topic_change": {"en": "the topic changes right after it",
                     "ru": "сразу после него меняется тема"},
    "noise": {"en": "what follows is off topic", "ru": "за ним идёт текст не по теме"},
}

UNCERTAIN_NOTE = {
    "en": " Rests on {count} uncertain verdict(s) ({where}): check them first.",
    "ru": " Опирается на неуверенные оценки ({count}: {where}) — проверьте их сначала.",
}

GENRES = {"ru": {"blog": "блог", "essay": "эссе", "fiction": "рассказ", "howto": "инструкция",
                 "newsletter": "рассылка", "other": "соцсети", "any": "любой"},
          "en": {"any": "all"}}


def words(finding_id: str, lang: str, **values: object) -> tuple[str, str]:
    """The finding's explanation and suggestion in `lang` (English if unknown), filled."""
    lang = lang if lang in LANGS else "en"
    if "count" in values:  # "3 абзаца", "5 абзацев": the core catalog's plural
        values["paragraphs"] = paragraphs(int(values["count"]), lang)  # type: ignore[arg-type]
    explanation, suggestion = TEXTS[finding_id][lang]
    return explanation.format(**values), suggestion.format(**values)


def reason(key: str, lang: str) -> str:
    return REASONS[key][lang if lang in LANGS else "en"]


def uncertain_note(lang: str, count: int, where: str) -> str:
    return UNCERTAIN_NOTE[lang if lang in LANGS else "en"].format(count=count, where=where)


def genre_name(genre: str, lang: str) -> str:
    return GENRES.get(lang, {}).get(genre, genre)


AND = {"en": " and ", "ru": " и "}


def where(indexes: list[int], lang: str = "en") -> str:
    """Paragraph indexes (0-based) as the writer reads them: "¶3", "¶40–47", "¶3 and ¶9",
    "¶1, ¶4 and ¶9" (more than six: the first six, then "…")."""
    if not indexes:
        return ""
    s = sorted(set(indexes))
    if s[-1] - s[0] + 1 == len(s) and len(s) > 1:
        return f"¶{s[0] + 1}–{s[-1] + 1}"
    names = [f"¶{i + 1}" for i in s]
    if len(names) > 6:
        return ", ".join(names[:6]) + ", …"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + AND.get(lang, AND["en"]) + names[-1]

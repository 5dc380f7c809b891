"""The ten semantic roles a paragraph can play relative to the draft's topic."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """One role: stable id, labels and a one-line meaning."""

    id: str
    ru: str
    en: str
    meaning: str
    topical: bool  # judged relative to the topic (the prompt names the topic in its meaning)


ROLES: tuple[Role, ...] = (
    Role("topic_disclosure", "раскрытие темы", "topic disclosure",
         "develops, expands or continues the main topic", True),
    Role("example", "пояснение на примере", "example",
         "illustrates the topic with a concrete case, analogue or everyday situation", True),
    Role("lyrical_digression", "лирическое отступление", "lyrical digression",
         "a meaningful departure: cultural, philosophical or emotional reflection", True),
    Role("key_thesis", "ключевой тезис", "key thesis",
         "a concise statement of the central idea or main conclusion", True),
    Role("noise", "шум", "noise", "unrelated to the topic, adds no value", True),
    Role("metaphor", "метафора или аналогия", "metaphor",
         "figurative expression, comparison, allegory", False),
    Role("humor", "юмор или ирония или сарказм", "humor",
         "meant to amuse; irony, sarcasm", False),
    Role("transition", "связующий переход", "transition",
         "a bridge between parts of the text", False),
    Role("topic_change", "смена темы", "topic change",
         "an explicit or implicit switch to another topic", False),
    Role("contrast", "противопоставление или контраст", "contrast",
         "stresses a difference, opposition or conflict of ideas", False),
)

ROLE_IDS: tuple[str, ...] = tuple(r.id for r in ROLES)
BY_ID: dict[str, Role] = {r.id: r for r in ROLES}


def _key(text: str) -> str:
    """Fold case, punctuation, dashes and spacing so variants compare equal."""
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[\s_\-–—.,;:!?\"'«»()\[\]*`]+", " ", text)
    return text.strip()


def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for role in ROLES:
        for name in (role.id, role.ru, role.en):
            table[_key(name)] = role.id
        # each part of a compound Russian label ("метафора или аналогия") is a variant too
        for part in re.split(r"\s+или\s+", role.ru):
            table.setdefault(_key(part), role.id)
    extra = {
        "thesis": "key_thesis", "key idea": "key_thesis", "main idea": "key_thesis",
        "тезис": "key_thesis", "disclosure": "topic_disclosure",
        "topic development": "topic_disclosure", "раскрытие": "topic_disclosure",
        "пример": "example", "illustration": "example", "digression": "lyrical_digression",
        "lyrical": "lyrical_digression", "отступление": "lyrical_digression",
        "analogy": "metaphor", "irony": "humor", "sarcasm": "humor", "joke": "humor",
        "переход": "transition", "bridge": "transition", "topic shift": "topic_change",
        "смена": "topic_change", "противопоставление": "contrast", "контраст": "contrast",
        "opposition": "contrast", "юмор": "humor", "ирония": "humor", "сарказм": "humor",
    }
    for name, rid in extra.items():
        table.setdefault(_key(name), rid)
    return table


_ALIASES = _aliases()


def normalize_role(text: str) -> str | None:
    """Return the role id for an id, label or obvious variant; None when unknown."""
    return _ALIASES.get(_key(text))


def split_role_list(text: str) -> list[str]:
    """Split '<role>, <role>' / '<role> / <role>' / '<role> или <role>' into parts."""
    parts = re.split(r"\s*(?:,|/|;|\+|\||&|\s(?:или|and|or|и)\s)\s*", text.strip())
    return [p for p in (s.strip() for s in parts) if p]


def parse_roles(text: str) -> tuple[str, ...] | None:
    """Parse a role list into 1-2 role ids (primary first); None if any part is unknown.

    A whole compound label ("метафора или аналогия") is tried before splitting it.
    """
    whole = normalize_role(text)
    if whole:
        return (whole,)
    ids: list[str] = []
    for part in split_role_list(text):
        rid = normalize_role(part)
        if rid is None:
            return None
        if rid not in ids:
            ids.append(rid)
    if not ids:
        return None
    return tuple(ids[:2])

"""Findings about a draft's shape: run the rules, word each hit in the writer's language."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from core.models import ChunkResult
from core.review import texts
from core.review.rules import RULES, Hit
from core.review.verdicts import Verdict, from_results

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN = re.compile(r"[a-z]", re.IGNORECASE)


@dataclass
class Finding:
    """One thing the writer should look at: a stable id, where, and what to do."""

    id: str
    severity: str                    # "info" | "warning"
    paragraphs: list[int]            # 0-based indexes
    message: str                     # one sentence: what is wrong (plus the uncertainty note)
    suggestion: str
    uncertain: list[int] = field(default_factory=list)  # indexes of uncertain verdicts it uses

    def to_dict(self) -> dict:
        return asdict(self)


def draft_lang(paragraphs: Sequence[str]) -> str:
    """'ru' when the draft's first letters are mostly Cyrillic, else 'en'."""
    sample = "\n".join(paragraphs)[:4000]
    return "ru" if len(CYRILLIC.findall(sample)) > len(LATIN.findall(sample)) else "en"


def review(verdicts: Sequence[Verdict], lang: str | None = None,
           genre: str | None = None) -> list[Finding]:
    """Every finding about the draft, warnings first, then by first paragraph."""
    lang = lang or draft_lang([v.text for v in verdicts])
    by_index = {v.index: v for v in verdicts}
    hits = [hit for rule in RULES for hit in rule(verdicts, genre)]
    found = [_word(hit, lang, by_index) for hit in hits]
    found.sort(key=lambda f: (f.severity != "warning", f.paragraphs[:1] or [-1]))
    return found


def review_results(texts_: Sequence[str], results: Mapping[int, ChunkResult | None],
                   lang: str | None = None, genre: str | None = None,
                   kinds: Sequence[str] | None = None) -> list[Finding]:
    """Findings from paragraph texts and the results known for them."""
    return review(from_results(texts_, results, kinds), lang, genre)


def _word(hit: Hit, lang: str, by_index: Mapping[int, Verdict]) -> Finding:
    values = dict(hit.values)
    values["where"] = texts.where(hit.paragraphs, lang)
    if "reason" in values:
        values["reason"] = texts.reason(str(values["reason"]), lang)
    if "genre_key" in values:
        values["genre"] = texts.genre_name(str(values["genre_key"]), lang)
    explanation, suggestion = texts.words(hit.id, lang, **values)
    unsure = [i for i in hit.basis if i in by_index and by_index[i].uncertain]
    if unsure:
        explanation += texts.uncertain_note(lang, len(unsure), texts.where(unsure, lang))
    return Finding(hit.id, hit.severity, list(hit.paragraphs), explanation, suggestion, unsure)

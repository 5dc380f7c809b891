"""Tokenising, language detection, sentence splitting and cached stemming (ru + en)."""

from __future__ import annotations

import re

import snowballstemmer

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?…]+[»\"')\]]*(?=\s|$)")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN = re.compile(r"[a-z]", re.IGNORECASE)

_STEMMERS = {"ru": snowballstemmer.stemmer("russian"), "en": snowballstemmer.stemmer("english")}
_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_MAX = 200_000

_STOP_TEXT = """
a an the and or but if then so as of to in on at by for with from into onto about over under
is are was were be been being am do does did done have has had having it its it's this that
these those there here i me my mine we us our you your he him his she her they them their
what which who whom whose when where why how not no nor too very can could would should will
shall may might must just also only even than more most much many some any all each every
one two own same other such both few out up down off again once s t don
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни
быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть
надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто
этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были
куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти
нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше
чуть том нельзя такой им более всегда конечно всю между это эта это как-то так-то очень
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())


def normalize(text: str) -> str:
    """Lower-case, fold ё to е and curly apostrophes to straight ones."""
    return text.lower().replace("ё", "е").replace("’", "'")


def detect_lang(text: str) -> str:
    """'ru' when Cyrillic letters outnumber Latin ones, else 'en'."""
    sample = text[:2000]
    return "ru" if len(CYRILLIC.findall(sample)) > len(LATIN.findall(sample)) else "en"


def words(text: str) -> list[str]:
    """Normalised word tokens (letters, inner hyphens and apostrophes)."""
    return WORD.findall(normalize(text))


def sentences(text: str) -> list[str]:
    """Split into sentences on . ! ? … (a rough splitter, good enough for statistics)."""
    parts = SENTENCE_END.split(text.strip())
    return [p for p in (s.strip() for s in parts) if p]


def stem(word: str) -> str:
    """Snowball stem of a normalised word; the language is chosen by its alphabet."""
    cached = _STEM_CACHE.get(word)
    if cached is not None:
        return cached
    lang = "ru" if CYRILLIC.search(word) else "en"
    result = _STEMMERS[lang].stemWord(word)
    if len(_STEM_CACHE) >= _STEM_CACHE_MAX:
        _STEM_CACHE.clear()
    _STEM_CACHE[word] = result
    return result


def clear_stem_cache() -> None:
    """Forget cached stems."""
    _STEM_CACHE.clear()


def content_stems(tokens: list[str]) -> list[str]:
    """Stems of the tokens that carry meaning (no stop words, no one- or two-letter words)."""
    return [stem(w) for w in tokens if len(w) > 2 and w not in STOP_WORDS]

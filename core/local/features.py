"""Per-paragraph features: cue counts, shape, punctuation, topic overlap and neighbours.

`paragraph_stats` looks at one paragraph alone and depends only on its text, so results are
cached by text. `lexical` is the cheap part of it that the whole draft's statistics need (a
paragraph's content stems, n-grams and length), so a big draft's first verdicts wait only for
that. `DocFeatures` adds what needs the whole draft: overlap with the topic and with nearby
paragraphs (local cohesion), position, and the same signals of the neighbours.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from core.local import text as tx
from core.local import vectors as vx
from core.local.lexicon import CUES, EXAMPLE_OPENER, IRONY_OPENER
from core.local.readability import complexity

WINDOW = 5  # paragraphs on each side that form a paragraph's local context
PREFIX = 5  # stems match the topic fuzzily on their first letters ("велодорожк" ~ "велоинфр")

_URL = re.compile(r"https?://|www\.|\.(?:com|ru|org|net|co|io)\b|@\w|#\w")
_SMILEY = re.compile(r"[:;]-?[)D]|\)\)+|[\U0001F600-\U0001F64F\U0001F923]")
_DIGIT = re.compile(r"\d+")
_QUOTE = re.compile(r"[«»\"“”„']")
_FIRST_PERSON_START = re.compile(r"^(?:i|my|me|мне|мой|моя|мои|я|меня)\b")
_CLAUSE_END = re.compile(r"[:;,(]")
_COPULA_EN = re.compile(r"^(?:[\w'-]+\s+){1,5}(?:is|are)\s+(?:an?|the|just|only|our|your)\s")
_COPULA_RU = re.compile(r"^(?:[\w-]+\s+){0,4}[\w-]+\s+[—–-]\s+(?:это\s+)?[\w-]+")


@dataclass(frozen=True, slots=True)
class ParagraphStats:
    """Everything about a paragraph that does not depend on the rest of the draft."""

    lang: str
    stems: frozenset[str]
    prefixes: frozenset[str]
    n_words: int
    n_sents: int
    complexity: float
    cues: dict[str, int]
    signals: dict[str, float]
    vehicles: tuple[str, ...]  # fuzzy stems of metaphor-vehicle words found in the text


@dataclass(frozen=True, slots=True)
class Lexical:
    """The part of a paragraph's stats that the whole draft's statistics need (cheap)."""

    stems: frozenset[str]
    prefixes: frozenset[str]
    n_words: int
    grams: tuple[int, ...]  # n-gram buckets of its content words (vectors.text_grams)


_STATS_CACHE: dict[str, ParagraphStats] = {}
_STATS_CACHE_MAX = 50_000
_LEX_CACHE: dict[str, Lexical] = {}


def lexical(text: str) -> Lexical:
    """Content stems, word count and n-grams of one paragraph, cached by its text."""
    cached = _LEX_CACHE.get(text)
    if cached is None:
        if len(_LEX_CACHE) >= _STATS_CACHE_MAX:
            _LEX_CACHE.clear()
        tokens = tx.words(text)
        content = [w for w in tokens if len(w) > 2 and w not in tx.STOP_WORDS]
        stems = frozenset(map(tx.stem, content))
        cached = _LEX_CACHE[text] = Lexical(
            stems, frozenset(s[:PREFIX] for s in stems), len(tokens), vx.words_grams(content))
    return cached


def paragraph_stats(text: str) -> ParagraphStats:
    """Stats of one paragraph, cached by its text."""
    cached = _STATS_CACHE.get(text)
    if cached is None:
        if len(_STATS_CACHE) >= _STATS_CACHE_MAX:
            _STATS_CACHE.clear()
        cached = _STATS_CACHE[text] = _compute_stats(text)
    return cached


def clear_text_caches() -> None:
    """Forget the per-text stats, stems and grams (`encode.clear_caches` forgets everything)."""
    from core.local.vectors import clear_gram_cache

    _STATS_CACHE.clear()
    _LEX_CACHE.clear()
    tx.clear_stem_cache()
    clear_gram_cache()


def _compute_stats(text: str) -> ParagraphStats:
    lang = tx.detect_lang(text)
    tokens = tx.words(text)
    sents = tx.sentences(text)
    lex = lexical(text)
    norm = tx.normalize(text)
    cues = {name: len(rx.findall(norm)) for name, rx in CUES.items()}
    vehicles = tuple(tx.stem(w.split()[-1])[:PREFIX] for w in CUES["vehicles"].findall(norm))
    first = tx.normalize(sents[0]) if sents else ""
    n_words = max(1, len(tokens))
    signals = {
        "exclaim": float(text.count("!")),
        "question": float(text.count("?")),
        "question_end": float(text.rstrip().endswith("?")),
        "ellipsis": float(text.count("…") + text.count("...")),
        "quotes": float(len(_QUOTE.findall(text))),
        "digits": float(len(_DIGIT.findall(text))),
        "links": float(len(_URL.findall(text))),
        "smiley": float(len(_SMILEY.findall(text)) + max(0, text.count(")") - text.count("("))),
        "colon_end": float(text.rstrip().endswith(":")),
        "opener_example": float(bool(EXAMPLE_OPENER.match(first))),
        "opener_irony": float(bool(IRONY_OPENER.match(first))),
        "opener_contrast": float(bool(CUES["contrast_strong"].search(first))),
        "opener_first_person": float(bool(_FIRST_PERSON_START.match(first))),
        "copula_open": float(_copula_opening(first, lang)),
        "first_person": cues["first_person"] / n_words,
        "second_person": cues["second_person"] / n_words,
    }
    return ParagraphStats(
        lang=lang, stems=lex.stems, prefixes=lex.prefixes, n_words=lex.n_words,
        n_sents=max(1, len(sents)),
        complexity=complexity(tokens, len(sents), lang), cues=cues, signals=signals,
        vehicles=vehicles,
    )


def _copula_opening(first_sentence: str, lang: str) -> bool:
    """'X is a Y' / 'X — (это) Y' at the start: the shape of a definition or a metaphor."""
    clause = _CLAUSE_END.split(first_sentence, maxsplit=1)[0]
    rx = _COPULA_RU if lang == "ru" else _COPULA_EN
    return len(clause.split()) <= 14 and bool(rx.match(clause))


def topic_overlap(stats: Lexical | ParagraphStats, topic_prefixes: frozenset[str]) -> float:
    """Share of the topic's content words (fuzzy stems) that occur in the paragraph."""
    if not topic_prefixes:
        return 0.0
    return len(topic_prefixes & stats.prefixes) / len(topic_prefixes)


def cohesion(all_stats: list[ParagraphStats]) -> list[float]:
    """Per paragraph: share of its stems that also occur in another paragraph nearby."""
    feats = DocFeatures([], "", all_stats)
    return [feats.cohesion(i) for i in range(len(all_stats))]


def topic_prefixes(topic: str) -> frozenset[str]:
    """Fuzzy stems of the topic's content words."""
    return frozenset(s[:PREFIX] for s in tx.content_stems(tx.words(topic)))


class DocFeatures:
    """Features of one document's chunks, computed per chunk on demand.

    A chunk's relevance needs only its neighbours' stems (`lexical`, cached by text); its full
    features also need the draft's common vocabulary, i.e. every chunk's stems, and its own
    full stats (the costly part, cached by text). So callers can score the chunks they want
    first (visible, edited) in short slices.
    """

    def __init__(self, texts: Sequence[str], topic: str,
                 stats: list[ParagraphStats] | None = None) -> None:
        self._texts = texts
        self._stats: list[ParagraphStats | None] = list(stats) if stats else [None] * len(texts)
        self._lex: list[Lexical | ParagraphStats | None] = list(self._stats)
        self.tops = topic_prefixes(topic)
        self._df: Counter[str] = Counter()  # paragraphs using each fuzzy stem, so far
        for st in self._lex:
            if st is not None:
                self._df.update(st.prefixes)
        self._common: frozenset[str] | None = None
        self._relevance: dict[int, tuple[float, float, float]] = {}

    def __len__(self) -> int:
        return len(self._stats)

    def stat(self, i: int) -> ParagraphStats:
        s = self._stats[i]
        if s is None:
            s = self._stats[i] = paragraph_stats(self._texts[i])
        return s

    def lex(self, i: int) -> Lexical | ParagraphStats:
        """Chunk i's stems and length (its full `stat` has them too)."""
        s = self._lex[i]
        if s is None:
            s = self._lex[i] = lexical(self._texts[i])
            self._df.update(s.prefixes)
        return s

    @property
    def common(self) -> frozenset[str]:
        """Fuzzy stems used in at least three paragraphs, and the topic's (all chunks' stems)."""
        if self._common is None:
            for i in range(len(self)):
                self.lex(i)
            self._common = frozenset(p for p, k in self._df.items() if k >= 3) | self.tops
        return self._common

    def _foreign_vehicles(self, s: ParagraphStats, early: bool) -> float | None:
        """Metaphor vehicles foreign to the draft; None when it cannot be known yet."""
        if self._common is not None or not early:
            return float(sum(1 for v in s.vehicles if v not in self.common))
        if all(v in self.tops or self._df[v] >= 3 for v in s.vehicles):
            return 0.0  # each is common already, whatever the other chunks hold
        return None

    def cohesion(self, i: int) -> float:
        """Share of chunk i's stems that also occur within WINDOW chunks either side."""
        stems = self.lex(i).stems
        if not stems:
            return 0.0
        near = range(max(0, i - WINDOW), min(len(self), i + WINDOW + 1))
        others = frozenset().union(*(self.lex(j).stems for j in near if j != i))
        return len(stems & others) / len(stems)

    def _topic_cohesion_relevance(self, i: int) -> tuple[float, float, float]:
        got = self._relevance.get(i)
        if got is None:
            topical = topic_overlap(self.lex(i), self.tops)
            cohesive = self.cohesion(i)
            got = self._relevance[i] = (topical, cohesive, _relevance(topical, cohesive))
        return got

    def relevance(self, i: int) -> float:
        """Topic relevance 0-1 of chunk i (needs only its neighbours' stats)."""
        return self._topic_cohesion_relevance(i)[2]

    def features(self, i: int, early: bool = False) -> dict[str, float] | None:
        """The full feature dict of chunk i.

        early=True: only from the stats computed so far plus chunk i's neighbourhood; None when
        the answer could still depend on the rest of the draft (a rare metaphor vehicle).
        """
        s, n = self.stat(i), len(self)
        foreign = self._foreign_vehicles(s, early)
        if foreign is None:
            return None
        topical, cohesive, relevance = self._topic_cohesion_relevance(i)
        f = _own_features(s)
        f["foreign_vehicles"] = foreign
        f.update(topic=topical, cohesion=cohesive, relevance=relevance)
        f.update(_position(i, n))
        rel = {j: self.relevance(j) for j in range(max(0, i - 1), min(n, i + 3))}
        f.update(_neighbours(i, rel, self))
        return f


def paragraph_features(texts: Sequence[str],
                       topic: str) -> tuple[list[ParagraphStats], list[dict[str, float]]]:
    """Stats and the full feature dict of every paragraph of a draft, in order."""
    feats = DocFeatures(texts, topic)
    out = [feats.features(i) or {} for i in range(len(feats))]
    return [feats.stat(i) for i in range(len(feats))], out


def _relevance(topic: float, cohesive: float) -> float:
    """Topic relevance 0-1: direct overlap with the topic, backed by local cohesion."""
    return min(1.0, 0.55 * topic + 0.6 * cohesive)


def _own_features(s: ParagraphStats) -> dict[str, float]:
    words = max(1, s.n_words)
    f = {f"cue_{name}": float(count) for name, count in s.cues.items()}
    f.update(s.signals)
    f.update(
        words=float(s.n_words), sents=float(s.n_sents),
        short=float(s.n_words <= 25), very_short=float(s.n_words <= 15),
        long=float(s.n_words >= 60), one_sentence=float(s.n_sents == 1),
        digit_density=s.signals["digits"] / words,
    )
    return f


def _position(i: int, n: int) -> dict[str, float]:
    return {
        "first": float(i == 0), "last": float(i == n - 1),
        "second": float(i == 1), "late": float(n > 2 and i >= n - 3),
        "rel_pos": i / (n - 1) if n > 1 else 0.0,
    }


def _neighbours(i: int, relevance: dict[int, float], feats: DocFeatures) -> dict[str, float]:
    """Signals of the neighbours; `relevance` holds at least chunks i-1 .. i+2."""
    n = len(feats)
    prev_rel = relevance[i - 1] if i else 0.0
    next_rel = relevance[i + 1] if i + 1 < n else 0.0
    after = [relevance[j] for j in range(i + 1, min(n, i + 3))]
    return {
        "prev_rel": prev_rel, "next_rel": next_rel,
        "drift_after": 1.0 - (sum(after) / len(after)) if after else 1.0,
        "next_long": float(i + 1 < n and feats.lex(i + 1).n_words >= 40),
        "prev_long": float(i > 0 and feats.lex(i - 1).n_words >= 40),
    }

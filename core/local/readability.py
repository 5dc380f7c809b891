"""Readability as a 0-1 complexity score, from the LIX formula (works for ru and en).

LIX = words per sentence + 100 * share of long words. LIX was designed to be language-neutral;
Russian words are about one letter longer on average than English ones, so a "long" word is
over 6 letters in English and over 7 in Russian. Scores map linearly from LIX 20 (very easy)
to LIX 70 (very hard) onto 0..1.
LIX is noisy for a few words, so texts under 20 words are pulled toward a middling 0.35.
"""

from __future__ import annotations

LONG_WORD = {"en": 6, "ru": 7}
LIX_EASY = 20.0
LIX_HARD = 70.0
SHORT_TEXT = 20        # below this many words the score shrinks toward the prior
SHORT_TEXT_PRIOR = 0.35


def lix(tokens: list[str], n_sentences: int, lang: str) -> float:
    """The LIX index of a text given its word tokens and sentence count."""
    if not tokens:
        return 0.0
    threshold = LONG_WORD.get(lang, 6)
    long_words = sum(1 for w in tokens if len(w) > threshold)
    return len(tokens) / max(1, n_sentences) + 100.0 * long_words / len(tokens)


def complexity(tokens: list[str], n_sentences: int, lang: str) -> float:
    """LIX mapped onto 0 (very easy) .. 1 (very hard)."""
    if not tokens:
        return 0.0
    value = (lix(tokens, n_sentences, lang) - LIX_EASY) / (LIX_HARD - LIX_EASY)
    value = min(1.0, max(0.0, value))
    trust = min(1.0, len(tokens) / SHORT_TEXT)  # a two-word heading tells little
    return trust * value + (1.0 - trust) * SHORT_TEXT_PRIOR

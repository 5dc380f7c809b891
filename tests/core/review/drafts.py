"""Small crafted drafts for the review rules: a role per paragraph, distinct filler text."""

from __future__ import annotations

import random

from core.review.verdicts import Verdict

_VOCABULARY = ("river stone garden lamp winter coffee engine letter market window bridge cloud "
          "paper forest signal harbor violin pocket ladder candle mirror orbit valley "
          "thread basket comet island meadow rocket saddle tunnel velvet wagon anchor "
          "barrel cactus dagger falcon glacier hammer igloo jacket kettle lemon magnet "
          "needle oyster pepper quartz ribbon salmon tomato umbrella walnut yogurt zipper")
_WORDS = _VOCABULARY.split()


def filler(seed: int, words: int = 40) -> str:
    """A paragraph of `words` words no other seed repeats."""
    rng = random.Random(seed)
    return " ".join(rng.choice(_WORDS) for _ in range(words)) + "."


def draft(*roles: str | tuple[str, ...], words: int = 40, confidence: float | None = None,
          texts: dict[int, str] | None = None) -> list[Verdict]:
    """Verdicts for paragraphs with these roles ("a" or ("a", "b")); `texts` overrides some."""
    out = []
    for i, r in enumerate(roles):
        rs = (r,) if isinstance(r, str) else tuple(r)
        text = (texts or {}).get(i) or filler(i * 7919 + 13, words)
        out.append(Verdict(i, text, rs, confidence))
    return out


def ids(findings) -> list[str]:
    return [f.id for f in findings]

"""The server's 'model': reads a classification prompt and answers in its format."""

from __future__ import annotations

from core.chunking import content_hash
from core.local.classifier import classify
from core.models import Chunk, Document
from core.prompt import read_prompt


def _chunk(index: int, text: str) -> Chunk:
    digest = content_hash(text)
    return Chunk(f"{digest[:12]}-{index}", index, text, 0, len(text), digest)


def answer(user: str, fixed: dict[str, list[str]] | None = None) -> str:
    """Answer lines `<marker>: <role>[, <role>]` for every marked paragraph in the prompt.

    Paragraphs found in `fixed` get those roles; the others get the Local analyzer's verdict,
    computed with the prompt's context around them. A prompt with no marked paragraphs gets
    a short plain reply, as a model would give.
    """
    read = read_prompt(user)
    if not read.paragraphs:
        return "I can classify paragraphs when they are marked."
    numbers = list(read.paragraphs)
    texts = [*read.before, *(read.paragraphs[n] for n in numbers), *read.after]
    doc = Document("\n\n".join(texts), read.topic, tuple(_chunk(i, t) for i, t in enumerate(texts)))
    verdicts = classify(doc)
    lines = []
    for offset, n in enumerate(numbers):
        text = read.paragraphs[n]
        roles = (fixed or {}).get(text) or list(verdicts[len(read.before) + offset].roles)
        lines.append(f"{n}: {', '.join(roles)}")
    return "\n".join(lines) + "\n"


def count_tokens(text: str) -> int:
    """A rough token count (about four characters a token), at least 1 for non-empty text."""
    return max(1, len(text) // 4) if text else 0

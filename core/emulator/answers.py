"""The server's 'model': reads a classification prompt and answers in its format.

A paragraph's answer depends only on its text, the topic and its fixed neighbours (up to
NEIGHBOURS paragraphs before and after it, which every prompt carries as targets or context when
the client sends that much context; demo mode does, see `demo.demo_context`), never on how the
client batched the paragraphs: REST, Realtime and Hybrid get the same roles. Four neighbours a
side agree with the Local verdict over the whole sample draft (14/14 en, 11/14 ru; one
neighbour: 8/14 and 9/14, with 6 paragraphs called noise).
"""

from __future__ import annotations

from functools import lru_cache

from core.chunking import content_hash
from core.local.classifier import classify
from core.models import Chunk, Document
from core.prompt import read_prompt

NEIGHBOURS = 4  # paragraphs on each side a verdict looks at


def _chunk(index: int, text: str) -> Chunk:
    digest = content_hash(text)
    return Chunk(f"{digest[:12]}-{index}", index, text, 0, len(text), digest)


@lru_cache(maxsize=4096)
def _roles_in_window(window: tuple[str, ...], at: int, topic: str) -> tuple[str, ...]:
    """The Local verdict for `window[at]`, classified as a draft of just `window`."""
    doc = Document("\n\n".join(window), topic,
                   tuple(_chunk(i, t) for i, t in enumerate(window)))
    return classify(doc)[at].roles


def neighbour_window(texts: list[str], i: int) -> tuple[tuple[str, ...], int]:
    """`texts[i]` with up to NEIGHBOURS texts each side, and where `texts[i]` sits in it."""
    start = max(0, i - NEIGHBOURS)
    return tuple(texts[start:i + NEIGHBOURS + 1]), i - start


def answer(user: str, fixed: dict[str, list[str]] | None = None) -> str:
    """Answer lines `<marker>: <role>[, <role>]` for every marked paragraph in the prompt.

    Paragraphs found in `fixed` get those roles; the others get the Local analyzer's verdict
    over the paragraph and its neighbours in the prompt (see the module note). A prompt with
    no marked paragraphs gets a short plain reply, as a model would give.
    """
    read = read_prompt(user)
    if not read.paragraphs:
        return "I can classify paragraphs when they are marked."
    numbers = list(read.paragraphs)
    texts = [*read.before, *(read.paragraphs[n] for n in numbers), *read.after]
    lines = []
    for offset, n in enumerate(numbers):
        text = read.paragraphs[n]
        roles = (fixed or {}).get(text)
        if not roles:
            window, at = neighbour_window(texts, len(read.before) + offset)
            roles = list(_roles_in_window(window, at, read.topic))
        lines.append(f"{n}: {', '.join(roles)}")
    return "\n".join(lines) + "\n"


def count_tokens(text: str) -> int:
    """A rough token count (about four characters a token), at least 1 for non-empty text."""
    return max(1, len(text) // 4) if text else 0

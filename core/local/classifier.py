"""The offline Local classifier: roles, topic relevance and complexity per paragraph.

PLACEHOLDER baseline (to be replaced by the tuned classifier): everything is topic_disclosure.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.models import Document


@dataclass(frozen=True, slots=True)
class LocalVerdict:
    """Roles (primary first), topic relevance 0-1 and complexity 0-1 for one chunk."""

    roles: tuple[str, ...]
    relevance: float
    complexity: float


def classify(doc: Document) -> list[LocalVerdict]:
    """One verdict per chunk of `doc`, in order."""
    return [LocalVerdict(("topic_disclosure",), 0.5, 0.5) for _ in doc.chunks]

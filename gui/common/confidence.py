"""When a verdict counts as uncertain, and how the panel says so.

A result whose calibrated `confidence` (probability of its primary role) is below
UNCERTAIN_BELOW is shown as uncertain: a lighter colour in the editor and the document map, and
"uncertain (0.41) — maybe humor" in the paragraph panel. Results without a confidence (the
network methods) look as before. 0.5 is where the primary role is no longer more likely than
all the others together (the model engineer's `core.local.classifier.UNCERTAIN_BELOW` agrees).
"""

from __future__ import annotations

from core.models import ChunkResult

UNCERTAIN_BELOW = 0.5


def is_uncertain(result: ChunkResult | None) -> bool:
    """True for a result with roles whose confidence is known and below UNCERTAIN_BELOW."""
    return (result is not None and result.confidence is not None and bool(result.roles)
            and result.confidence < UNCERTAIN_BELOW)


def runner_up(result: ChunkResult) -> str | None:
    """The role an uncertain verdict might be instead (its second role), or None."""
    return result.roles[1] if len(result.roles) > 1 else None

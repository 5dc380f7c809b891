"""A readable, aligned text table of results."""

from __future__ import annotations

from collections.abc import Sequence

from core.roles import BY_ID

TEXT_WIDTH = 40


def format_table(rows: list[dict], texts: Sequence[str] = ()) -> str:
    """One line per chunk: index, the paragraph's start, roles by name (or the error), backend,
    latency, relevance, complexity, confidence of the primary role."""
    lines = [f"{'#':>4}  {'text':<{TEXT_WIDTH}}  {'roles':<44} {'backend':<9} {'ms':>8} "
             f"{'rel':>5} {'cpx':>5} {'conf':>5}"]
    for row in rows:
        names = ", ".join(BY_ID[r].en for r in row["roles"]) or f"ERROR: {row['error']}"
        if row.get("provisional"):
            names += " (provisional)"
        if row.get("cached"):
            names += " (cached)"
        ms = "" if row["latency_ms"] is None else f"{row['latency_ms']:.1f}"
        rel = "" if row["relevance"] is None else f"{row['relevance']:.2f}"
        cpx = "" if row["complexity"] is None else f"{row['complexity']:.2f}"
        conf = "" if row.get("confidence") is None else f"{row['confidence']:.2f}"
        index, backend = row["index"], row["backend"]
        start = _start(texts[index] if 0 <= index < len(texts) else "")
        lines.append(f"{index:>4}  {start:<{TEXT_WIDTH}}  {names:<44} {backend:<9} {ms:>8} "
                     f"{rel:>5} {cpx:>5} {conf:>5}")
    return "\n".join(lines)


def _start(text: str) -> str:
    """The paragraph's first words on one line, cut to the column's width."""
    flat = " ".join(text.split())
    return flat if len(flat) <= TEXT_WIDTH else flat[:TEXT_WIDTH - 1] + "…"

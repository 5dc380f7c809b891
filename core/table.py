"""A readable, aligned text table of results."""

from __future__ import annotations

from core.roles import BY_ID


def format_table(rows: list[dict]) -> str:
    """One line per chunk: index, roles by name, backend, latency, relevance, or the error."""
    lines = [f"{'#':>4}  {'roles':<44} {'backend':<9} {'ms':>8} {'rel':>5} {'cpx':>5}"]
    for row in rows:
        names = ", ".join(BY_ID[r].en for r in row["roles"]) or f"ERROR: {row['error']}"
        if row.get("provisional"):
            names += " (provisional)"
        if row.get("cached"):
            names += " (cached)"
        ms = "" if row["latency_ms"] is None else f"{row['latency_ms']:.1f}"
        rel = "" if row["relevance"] is None else f"{row['relevance']:.2f}"
        cpx = "" if row["complexity"] is None else f"{row['complexity']:.2f}"
        index, backend = row["index"], row["backend"]
        lines.append(f"{index:>4}  {names:<44} {backend:<9} {ms:>8} {rel:>5} {cpx:>5}")
    return "\n".join(lines)

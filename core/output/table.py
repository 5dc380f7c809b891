"""A readable, aligned text table of results."""

from __future__ import annotations

from collections.abc import Sequence

from core.output.messages import number, role_name, words

TEXT_WIDTH = 40


def format_table(rows: list[dict], texts: Sequence[str] = (), lang: str = "en") -> str:
    """One line per chunk: index, the paragraph's start, roles by name (or the error), backend,
    latency, relevance, complexity, confidence of the primary role; words and numbers in
    `lang`."""
    t = words(lang)
    lines = [f"{'#':>4}  {t('text'):<{TEXT_WIDTH}}  {t('roles'):<44} {t('backend'):<9} "
             f"{t('ms'):>8} {t('rel'):>5} {t('cpx'):>5} {t('conf'):>5}"]
    for row in rows:
        names = ", ".join(role_name(r, lang) for r in row["roles"]) \
            or f"{t('ERROR')}: {row['error']}"
        if row.get("provisional"):
            names += f" ({t('provisional')})"
        if row.get("cached"):
            names += f" ({t('cached')})"
        ms = "" if row["latency_ms"] is None else number(row["latency_ms"], 1, lang)
        rel = "" if row["relevance"] is None else number(row["relevance"], 2, lang)
        cpx = "" if row["complexity"] is None else number(row["complexity"], 2, lang)
        conf = "" if row.get("confidence") is None else number(row["confidence"], 2, lang)
        index, backend = row["index"], row["backend"]
        start = _start(texts[index] if 0 <= index < len(texts) else "")
        lines.append(f"{index:>4}  {start:<{TEXT_WIDTH}}  {names:<44} {backend:<9} {ms:>8} "
                     f"{rel:>5} {cpx:>5} {conf:>5}")
    return "\n".join(lines)


def _start(text: str) -> str:
    """The paragraph's first words on one line, cut to the column's width."""
    flat = " ".join(text.split())
    return flat if len(flat) <= TEXT_WIDTH else flat[:TEXT_WIDTH - 1] + "…"

"""What a revision changed: each analysis of a saved file is kept, the last one compared.

A file's history is a small JSON file in the data directory ($DRAFTLENS_DATA_DIR, else the
platform's user data dir) named by a hash of the file's path: the last KEEP analyses, each with
the time, the method, every paragraph's id and roles, and the share of the text by role.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.models import Chunk, ChunkResult
from core.roles import BY_ID
from core.settings import data_dir
from core.textio import write_text_atomic

KEEP = 20
SHARE_STEP = 0.02   # a role's share must move by at least this much to be worth saying


@dataclass
class Snapshot:
    """One analysis of a file."""

    time: float
    method: str
    ids: list[str]
    roles: list[list[str]]
    shares: dict[str, float]

    def first(self, role: str) -> int | None:
        return next((i for i, r in enumerate(self.roles) if r[:1] == [role]), None)


@dataclass
class Revision:
    """The change from one analysis to the next."""

    shares: list[tuple[str, float, float]] = field(default_factory=list)  # role, before, after
    thesis: tuple[int | None, int | None] | None = None   # first key thesis before, after
    changed: list[tuple[int, str, str]] = field(default_factory=list)  # index, before, after
    new: int = 0      # paragraphs the earlier analysis did not have
    since: float = 0.0

    @property
    def empty(self) -> bool:
        return not (self.shares or self.thesis or self.changed or self.new)


def history_dir() -> Path:
    return data_dir() / "history"


def snapshot(chunks: Sequence[Chunk], results: Mapping[int, ChunkResult | None],
             method: str = "") -> Snapshot:
    """The analysis of `chunks` as it stands (unanswered paragraphs have no roles)."""
    roles = []
    for c in chunks:
        r = results.get(c.index)
        roles.append(list(r.roles) if r is not None and r.ok else [])
    total = sum(len(c.text) for c in chunks) or 1
    shares: dict[str, float] = {}
    for c, rs in zip(chunks, roles, strict=True):
        if rs:
            shares[rs[0]] = shares.get(rs[0], 0.0) + len(c.text) / total
    return Snapshot(time.time(), method, [c.id for c in chunks], roles,
                    {k: round(v, 4) for k, v in shares.items()})


def _file_for(path: str | Path, folder: Path | None) -> Path:
    key = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:24]
    return (folder or history_dir()) / f"{key}.json"


def load(path: str | Path, folder: Path | None = None) -> list[Snapshot]:
    """The file's kept analyses, oldest first (none if there are none or the store is bad)."""
    try:
        data = json.loads(_file_for(path, folder).read_text(encoding="utf-8"))
        return [Snapshot(**e) for e in data["entries"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def record(path: str | Path, snap: Snapshot, folder: Path | None = None) -> Snapshot | None:
    """Keep `snap` in the file's history; return the analysis before it, if any."""
    entries = load(path, folder)
    target = _file_for(path, folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    kept = [*entries, snap][-KEEP:]
    write_text_atomic(target, json.dumps({"path": str(Path(path).resolve()),
                                          "entries": [asdict(e) for e in kept]}))
    return entries[-1] if entries else None


def diff(before: Snapshot, after: Snapshot) -> Revision:
    """What changed from `before` to `after`, matching paragraphs by their ids."""
    rev = Revision(since=before.time)
    for role in sorted(set(before.shares) | set(after.shares)):
        a, b = before.shares.get(role, 0.0), after.shares.get(role, 0.0)
        if abs(a - b) >= SHARE_STEP:
            rev.shares.append((role, a, b))
    rev.shares.sort(key=lambda s: -abs(s[1] - s[2]))
    t0, t1 = before.first("key_thesis"), after.first("key_thesis")
    moved = (t0 is None) != (t1 is None) or (
        t0 is not None and t1 is not None and before.ids[t0] != after.ids[t1])
    if moved:  # another paragraph holds the thesis now (not the same one shifted by an edit)
        rev.thesis = (t0, t1)
    old = dict(zip(before.ids, before.roles, strict=True))
    for i, (pid, roles) in enumerate(zip(after.ids, after.roles, strict=True)):
        if pid not in old:
            rev.new += 1
        elif roles and old[pid] and roles[0] != old[pid][0]:
            rev.changed.append((i, old[pid][0], roles[0]))
    return rev


_WORDS = {
    "en": {"thesis_moved": "key thesis moved from ¶{a} to ¶{b}",
           "thesis_gone": "the key thesis (¶{a}) is gone", "thesis_new": "key thesis now at ¶{b}",
           "new": "{n} new or edited paragraph(s)", "none": "no change in roles since the last "
           "analysis"},
    "ru": {"thesis_moved": "ключевой тезис переехал из ¶{a} в ¶{b}",
           "thesis_gone": "ключевого тезиса (¶{a}) больше нет",
           "thesis_new": "ключевой тезис теперь в ¶{b}",
           "new": "новых или изменённых абзацев: {n}",
           "none": "с прошлого анализа роли не изменились"},
}


def _label(role: str, lang: str) -> str:
    r = BY_ID.get(role)
    return role if r is None else (r.ru if lang == "ru" else r.en)


def summary(rev: Revision, lang: str = "en") -> str:
    """One line for the writer: "noise 12 % → 5 %, key thesis moved from ¶31 to ¶2"."""
    w = _WORDS.get(lang, _WORDS["en"])
    parts = [f"{_label(r, lang)} {a:.0%} → {b:.0%}".replace("%", " %") for r, a, b in rev.shares]
    if rev.thesis is not None:
        a, b = rev.thesis
        key = "thesis_moved" if a is not None and b is not None else (
            "thesis_gone" if b is None else "thesis_new")
        parts.append(w[key].format(a=(a or 0) + 1, b=(b or 0) + 1))
    if rev.new:
        parts.append(w["new"].format(n=rev.new))
    return ", ".join(parts) or w["none"]


def changed_lines(rev: Revision, lang: str = "en") -> list[str]:
    """One line per paragraph whose role changed: "¶4: example → topic disclosure"."""
    return [f"¶{i + 1}: {_label(a, lang)} → {_label(b, lang)}" for i, a, b in rev.changed]

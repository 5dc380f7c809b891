"""How two methods' verdicts on one draft agree: the share of paragraphs with the same primary
role, a per-role table, and the paragraphs where they differ."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.models import ChunkResult
from core.roles import ROLE_IDS


@dataclass
class RoleRow:
    """One role: how many paragraphs each method gave it (primary), and both did."""

    role: str
    a: int
    b: int
    both: int


@dataclass
class Comparison:
    methods: tuple[str, str]
    paragraphs: int
    compared: int                 # paragraphs both methods answered
    agreement: float              # share of the compared ones with the same primary role
    disagreements: list[int] = field(default_factory=list)
    roles_a: dict[int, list[str]] = field(default_factory=dict)
    roles_b: dict[int, list[str]] = field(default_factory=dict)
    table: list[RoleRow] = field(default_factory=list)

    def to_dict(self) -> dict:
        a, b = self.methods
        return {"methods": list(self.methods), "agreement": round(self.agreement, 4),
                "paragraphs": self.paragraphs, "compared": self.compared,
                "disagreements": [{"index": i, a: self.roles_a.get(i, []),
                                   b: self.roles_b.get(i, [])} for i in self.disagreements],
                "roles": [{"role": r.role, a: r.a, b: r.b, "both": r.both} for r in self.table]}


def _roles(r: ChunkResult | None) -> list[str]:
    return list(r.roles) if r is not None and r.ok else []


def compare(methods: Sequence[str], count: int, a: Mapping[int, ChunkResult | None],
            b: Mapping[int, ChunkResult | None]) -> Comparison:
    """Compare two methods' results over paragraphs 0..count-1.

    Agreement counts the paragraphs both answered with the same primary role; a paragraph one
    of them could not answer is listed as a disagreement (with no roles on that side) and left
    out of the share.
    """
    first, second = methods[0], methods[1]
    if first == second:
        second = f"{second} (2)"
    cmp = Comparison((first, second), count, 0, 1.0)
    same = 0
    counts = {r: [0, 0, 0] for r in ROLE_IDS}
    for i in range(count):
        ra, rb = _roles(a.get(i)), _roles(b.get(i))
        cmp.roles_a[i], cmp.roles_b[i] = ra, rb
        if ra and rb:
            cmp.compared += 1
            same += ra[0] == rb[0]
        for k, roles in ((0, ra), (1, rb)):
            if roles and roles[0] in counts:
                counts[roles[0]][k] += 1
        if ra and rb and ra[0] == rb[0] and ra[0] in counts:
            counts[ra[0]][2] += 1
        if not (ra and rb and ra[0] == rb[0]):
            cmp.disagreements.append(i)
    cmp.agreement = same / cmp.compared if cmp.compared else 0.0
    cmp.table = [RoleRow(r, *c) for r, c in counts.items() if any(c)]
    return cmp


def format_table(cmp: Comparison) -> str:
    """The per-role table and the agreement, as aligned text."""
    a, b = cmp.methods
    width = max(len(r) for r in ROLE_IDS)
    lines = [f"{'role':<{width}}  {a:>10}  {b:>10}  {'both':>6}"]
    for r in cmp.table:
        lines.append(f"{r.role:<{width}}  {r.a:>10}  {r.b:>10}  {r.both:>6}")
    lines.append(f"agreement: {cmp.agreement:.1%} of {cmp.compared} paragraphs both answered "
                 f"({cmp.paragraphs} in the draft); {len(cmp.disagreements)} differ")
    for i in cmp.disagreements:
        lines.append(f"  ¶{i + 1}: {a}={','.join(cmp.roles_a[i]) or '-'}  "
                     f"{b}={','.join(cmp.roles_b[i]) or '-'}")
    return "\n".join(lines)

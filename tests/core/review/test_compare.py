"""Agreement between two methods' results."""

from __future__ import annotations

from core.models import ChunkResult
from core.review.compare import compare, format_table


def res(i: int, *roles: str, error: str | None = None) -> ChunkResult:
    return ChunkResult(f"c{i}", i, "h", tuple(roles), "x", error=error)


def test_agreement_counts_same_primary_roles_over_paragraphs_both_answered():
    a = {0: res(0, "noise"), 1: res(1, "example", "humor"), 2: res(2, "key_thesis"),
         3: res(3, "noise")}
    b = {0: res(0, "noise"), 1: res(1, "humor", "example"), 2: res(2, "key_thesis"),
         3: res(3, error="down")}
    cmp = compare(["local", "rest"], 4, a, b)
    assert cmp.compared == 3 and abs(cmp.agreement - 2 / 3) < 1e-9
    assert cmp.disagreements == [1, 3]
    d = cmp.to_dict()
    assert d["disagreements"] == [{"index": 1, "local": ["example", "humor"],
                                   "rest": ["humor", "example"]},
                                  {"index": 3, "local": ["noise"], "rest": []}]
    rows = {r["role"]: r for r in d["roles"]}
    assert rows["noise"] == {"role": "noise", "local": 2, "rest": 1, "both": 1}
    assert rows["example"]["both"] == 0 and rows["humor"]["rest"] == 1


def test_table_lists_roles_agreement_and_differences():
    a = {0: res(0, "noise"), 1: res(1, "example")}
    b = {0: res(0, "noise"), 1: res(1, "humor")}
    text = format_table(compare(["local", "rest"], 2, a, b))
    assert "agreement: 50.0% of 2 paragraphs" in text
    assert "¶2: local=example  rest=humor" in text

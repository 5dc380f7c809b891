"""The per-file analysis history and what a revision changed."""

from __future__ import annotations

from core.chunking import make_document
from core.models import ChunkResult
from core.review import history


def analysed(text: str, roles: list[str]):
    doc = make_document(text, "t")
    results = {c.index: ChunkResult(c.id, c.index, c.hash, (r,), "local")
               for c, r in zip(doc.chunks, roles, strict=True)}
    return history.snapshot(doc.chunks, results, "local")


A, B, C, D = ("Alpha para one.", "Beta para two, longer text.", "Gamma three.",
              "Delta four here.")


def test_record_returns_the_analysis_before_and_keeps_a_few(tmp_path):
    path = tmp_path / "d.md"
    first = analysed("\n\n".join([A, B]), ["key_thesis", "noise"])
    assert history.record(path, first, tmp_path) is None
    second = analysed("\n\n".join([A, B]), ["key_thesis", "example"])
    assert history.record(path, second, tmp_path).roles == first.roles
    for _ in range(history.KEEP + 3):
        history.record(path, second, tmp_path)
    assert len(history.load(path, tmp_path)) == history.KEEP


def test_a_damaged_history_is_no_history(tmp_path):
    path = tmp_path / "d.md"
    history.record(path, analysed(A, ["noise"]), tmp_path)
    next(tmp_path.glob("*.json")).write_text("{not json", encoding="utf-8")
    assert history.load(path, tmp_path) == []
    assert history.record(path, analysed(A, ["noise"]), tmp_path) is None


def test_diff_names_share_changes_a_moved_thesis_and_changed_roles():
    before = analysed("\n\n".join([A, B, C, D]), ["noise", "noise", "example", "key_thesis"])
    after = analysed("\n\n".join([D, A, B, C]),
                     ["key_thesis", "noise", "topic_disclosure", "example"])
    rev = history.diff(before, after)
    assert rev.thesis is None  # the same paragraph, moved with its text: not a new thesis
    assert [(i, a, b) for i, a, b in rev.changed] == [(2, "noise", "topic_disclosure")]
    assert "noise" in [s[0] for s in rev.shares]
    assert "topic disclosure 0 % → " in history.summary(rev, "en")
    assert history.changed_lines(rev, "ru") == ["¶3: шум → раскрытие темы"]


def test_a_different_paragraph_holding_the_thesis_is_a_move():
    before = analysed("\n\n".join([A, B, C]), ["example", "noise", "key_thesis"])
    after = analysed("\n\n".join([A, B, C]), ["key_thesis", "noise", "example"])
    rev = history.diff(before, after)
    assert rev.thesis == (2, 0)
    assert "key thesis moved from ¶3 to ¶1" in history.summary(rev, "en")
    assert "ключевой тезис переехал из ¶3 в ¶1" in history.summary(rev, "ru")


def test_share_line_reads_like_the_issue():
    before = analysed("\n\n".join([A, B]), ["noise", "example"])
    after = analysed("\n\n".join([A, B]), ["example", "example"])
    assert history.summary(history.diff(before, after)) == "example 64 % → 100 %, noise 36 % → 0 %"


def test_no_change_is_said_so():
    snap = analysed(A, ["noise"])
    assert history.summary(history.diff(snap, snap)) == "no change in roles since the last analysis"

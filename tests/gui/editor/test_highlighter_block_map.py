"""The block -> paragraph map the highlighter reads stays exact through incremental re-splits."""

from __future__ import annotations

import random

from gui.common.draft_state import ChunkState, DraftState

LINES = ["", "", "Words of a paragraph.", "second line", "# Heading", "```", "- item",
         "same", "😀 emoji", "  "]


def _map(state: DraftState, n_blocks: int) -> list[tuple[int, str | None]]:
    out = []
    for b in range(n_blocks):
        i = state.chunk_at_block(b)
        out.append((i, state.entries[i].chunk.id if i >= 0 else None))
    return out


def test_incremental_resplit_maps_blocks_like_a_fresh_split():
    rng = random.Random(3)
    text = "\n".join(rng.choice(LINES) for _ in range(120))
    state = DraftState()
    state.set_text(text, "t", keep=False)
    for _ in range(300):
        a = rng.randint(0, len(text))
        b = min(len(text), a + rng.choice([0, 1, 5, 30]))
        insert = rng.choice(["", "x", "\n", "\n\n", "```", "same\n\nsame", "- "])
        text = text[:a] + insert + text[b:]
        state.set_text(text, "t")
        fresh = DraftState()
        fresh.set_text(text, "t", keep=False)
        assert state.doc == fresh.doc
        assert state._by_id == fresh._by_id
        n = text.count("\n") + 1
        assert _map(state, n) == _map(fresh, n)
        assert [(e.first_block, e.last_block) for e in state.entries] == [
            (e.first_block, e.last_block) for e in fresh.entries]


def test_an_edit_far_away_keeps_results_and_marks_only_the_edited_paragraph():
    text = "\n\n".join(f"Paragraph {i}." for i in range(300))
    state = DraftState()
    state.set_text(text, "t", keep=False)
    for e in state.entries:
        e.state = ChunkState.DONE
    pos = text.index("Paragraph 150.")
    changed = state.set_text(text[:pos] + "New line.\n" + text[pos:], "t")
    assert changed == {150}
    assert state.entries[150].state is ChunkState.STALE
    assert all(e.state is ChunkState.DONE for i, e in enumerate(state.entries) if i != 150)
    assert state.blocks_of(151) == range(303, 304)

"""Re-splitting around an edit gives exactly what splitting the whole text gives."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from core.chunking import make_document
from core.resplit import common_prefix, common_suffix, resplit

LINES = ["", "", "", "Plain words here.", "More words", "# Heading", "## Sub", "```", "~~~",
         "- item", "* item two", "1. first", "   indented", "===", "---", "same", "same",
         "  ", "😀 emoji line", "\ufeffbom", "> quote"]


def _text(rng: random.Random, n: int) -> str:
    return "\n".join(rng.choice(LINES) for _ in range(n)) + rng.choice(["", "\n"])


def _edit(rng: random.Random, text: str) -> str:
    a = rng.randint(0, len(text))
    b = min(len(text), a + rng.choice([0, 0, 1, 3, 20]))
    insert = rng.choice(["", "x", "\n", "\n\n", "```", "\n# H\n", "- ", "same\n\nsame", "===",
                         _text(rng, rng.randint(0, 4))])
    return text[:a] + insert + text[b:]


def _check(old_text: str, new_text: str) -> None:
    old = make_document(old_text, "t")
    got = resplit(old, new_text)
    want = make_document(new_text, "t")
    assert got.doc == want
    assert got.doc.chunks[:got.first] == old.chunks[:got.first]
    assert len(old.chunks) - got.old_end == len(want.chunks) - got.new_end
    tail = zip(old.chunks[got.old_end:], want.chunks[got.new_end:], strict=True)
    assert all(o.text == n.text for o, n in tail)


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 60))
def test_resplit_equals_a_full_split(seed: int, n: int):
    rng = random.Random(seed)
    text = _text(rng, n)
    for _ in range(3):
        new = _edit(rng, text)
        _check(text, new)
        text = new


def test_an_edit_in_a_big_draft_reparses_only_its_neighbourhood():
    text = "\n\n".join(f"Paragraph {i} of the draft." for i in range(5000))
    pos = text.index("Paragraph 2500 ")
    new = text[:pos] + "Typed. " + text[pos:]
    got = resplit(make_document(text, "t"), new)
    assert got.doc == make_document(new, "t")
    assert got.first >= 2497 and got.new_end <= 2502 and got.old_end == got.new_end


def test_a_fence_opened_by_an_edit_swallows_the_rest():
    text = "\n\n".join(f"P{i}" for i in range(50))
    new = text.replace("P10", "```\nP10")
    _check(text, new)
    assert len(make_document(new, "t").chunks) == 11


def test_common_prefix_and_suffix():
    assert common_prefix("abcdef", "abcxef") == 3
    assert common_suffix("abcdef", "abcxef", 10) == 2
    assert common_suffix("aaa", "aaaa", 3) == 3
    assert common_prefix("", "a") == 0

from hypothesis import given, settings
from hypothesis import strategies as st

from core.chunking import content_hash, make_document, split_chunks, title_of

SAMPLE = ("\ufeff# Title\r\nPara one\r\nline two\r\n\r\n```py\r\na\r\n\r\nb\r\n```\r\n"
          "- a\r\n\r\n- b\r\n\r\nafter")


def kinds(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in split_chunks(text)]


def test_blank_lines_split_paragraphs_and_whitespace_lines_count_as_blank():
    assert kinds("one\ntwo\n\nthree\n \t \nfour") == [
        ("paragraph", "one\ntwo"), ("paragraph", "three"), ("paragraph", "four")]


def test_markdown_blocks_heading_fence_and_list_stay_whole():
    assert kinds(SAMPLE) == [
        ("heading", "# Title"),
        ("paragraph", "Para one\r\nline two"),
        ("code", "```py\r\na\r\n\r\nb\r\n```"),
        ("list", "- a\r\n\r\n- b"),
        ("paragraph", "after"),
    ]


def test_heading_without_blank_line_is_its_own_chunk():
    assert kinds("## Part\nbody text") == [("heading", "## Part"), ("paragraph", "body text")]


def test_unclosed_fence_runs_to_the_end():
    assert kinds("intro\n\n~~~\ncode\n\nmore") == [("paragraph", "intro"),
                                                  ("code", "~~~\ncode\n\nmore")]


def test_old_mac_line_endings_and_tabs():
    assert kinds("a\rb\r\r\tc") == [("paragraph", "a\rb"), ("paragraph", "c")]


def test_ordered_list_then_paragraph():
    assert kinds("1. one\n2. two\n\nprose") == [("list", "1. one\n2. two"), ("paragraph", "prose")]


def test_offsets_slice_back_with_bom_emoji_cyrillic_and_combining_marks():
    text = "\ufeffПривет 👋🏽 мир\n\ne\u0301te\u0301\r\n\r\n漢字"
    chunks = split_chunks(text)
    assert [c.text for c in chunks] == ["Привет 👋🏽 мир", "e\u0301te\u0301", "漢字"]
    assert all(text[c.start:c.end] == c.text for c in chunks)


def test_ids_are_stable_when_other_paragraphs_change_and_unique_for_repeats():
    a = split_chunks("alpha\n\nbeta\n\nalpha")
    b = split_chunks("changed\n\nbeta\n\nalpha")
    assert a[1].id == b[1].id
    assert a[0].id != a[2].id and a[0].hash == a[2].hash
    assert len({c.id for c in a}) == 3


def test_hash_ignores_line_ending_style():
    assert content_hash("a\r\nb") == content_hash("a\nb") != content_hash("a b")


def test_title_is_first_heading_else_first_line():
    assert title_of("intro line\n\n# Real title\n") == "Real title"
    assert title_of("\n\n  First line  \nsecond") == "First line"
    assert title_of("") == ""


def test_title_drops_link_targets_and_urls_and_stays_short():
    assert title_of("[#tag](https://fb.com/x?y=1): my post\n\nbody") == "#tag: my post"
    assert title_of("https://example.com/only-a-link\n\nReal first words") == "Real first words"
    long = "word " * 60
    title = title_of(long)
    assert len(title) <= 121 and title.endswith("…") and not title.endswith(" …")


def test_document_neighbours():
    doc = make_document("a\n\nb\n\nc", "t")
    assert [c.text for c in doc.neighbours(doc.chunks[1])] == ["a", "c"]
    assert [c.text for c in doc.neighbours(doc.chunks[0], 1, 2)] == ["b", "c"]


pieces = st.sampled_from(
    list("ab #-*`~1.\t\r\n \ufeff") + ["\r\n", "```", "- ", "# ", "я", "👋", "\u0301", "\n\n"])
texts = st.lists(pieces, max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_properties_no_overlap_offsets_slice_back_deterministic(text):
    chunks = split_chunks(text)
    assert chunks == split_chunks(text)
    previous_end = 0
    for i, c in enumerate(chunks):
        assert c.index == i
        assert text[c.start:c.end] == c.text
        assert c.text == c.text.strip() and c.text
        assert c.start >= previous_end
        previous_end = c.end
    covered = "".join(c.text for c in chunks)
    body = text[1:] if text.startswith("\ufeff") else text
    assert "".join(body.split()) == "".join(covered.split())

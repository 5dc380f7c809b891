import pytest

from core.textio import MAX_DRAFT_BYTES, DraftError, check_draft, decode_draft, read_draft


def test_utf8_utf8_bom_and_cp1251_are_decoded_and_named():
    assert decode_draft("привет".encode()).encoding == "utf-8"
    bom = decode_draft(b"\xef\xbb\xbf" + "привет".encode())
    assert (bom.text, bom.encoding) == ("привет", "utf-8-sig")
    cp = decode_draft("привет, мир".encode("cp1251"))
    assert (cp.text, cp.encoding) == ("привет, мир", "cp1251")


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 32)) * 50, "binary"),
    (b"\x98\x98\x98", "not valid UTF-8 or cp1251"),
])
def test_bad_bytes_get_a_clear_message(data, message):
    with pytest.raises(DraftError, match=message):
        decode_draft(data, "draft.txt")


def test_missing_file_folder_and_huge_file(tmp_path):
    with pytest.raises(DraftError, match="no such file"):
        read_draft(tmp_path / "nope.md")
    with pytest.raises(DraftError, match="folder"):
        read_draft(tmp_path)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"word " * (MAX_DRAFT_BYTES // 5 + 10))
    with pytest.raises(DraftError, match="MB"):
        read_draft(huge)


def test_empty_draft_and_topic():
    with pytest.raises(DraftError, match="draft is empty"):
        check_draft(" \n\t\n", "topic")
    with pytest.raises(DraftError, match="topic is empty"):
        check_draft("text", "  ")


def test_write_text_atomic_replaces_whole_and_leaves_no_temp(tmp_path):
    from core.textio import write_text_atomic

    target = tmp_path / "draft.md"
    target.write_text("old")
    write_text_atomic(target, "новый\ntext")
    assert target.read_text(encoding="utf-8") == "новый\ntext"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md"]
    with pytest.raises(OSError):
        write_text_atomic(tmp_path / "missing-dir" / "x.md", "text")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md"]

import codecs
import os
import stat
import threading

import pytest

from core.textio import (
    MAX_DRAFT_BYTES,
    DraftError,
    check_draft,
    decode_draft,
    encode_text,
    read_draft,
    write_text_atomic,
)


def test_utf8_utf8_bom_and_cp1251_are_decoded_and_named():
    plain = decode_draft("привет".encode())
    assert (plain.encoding, plain.note) == ("utf-8", "")
    bom = decode_draft(b"\xef\xbb\xbf" + "привет".encode())
    assert (bom.text, bom.encoding, bom.bom, bom.note) == ("привет", "utf-8", True, "")
    cp = decode_draft("привет, мир".encode("cp1251"))
    assert (cp.text, cp.encoding) == ("привет, мир", "cp1251")
    assert "Windows-1251" in cp.note and "not UTF-8" in cp.note


@pytest.mark.parametrize("codec, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
])
def test_utf16_and_utf32_with_a_bom_are_text_not_binary(codec, bom):
    text = "Заголовок\n\nSecond paragraph — with a dash."
    loaded = decode_draft(bom + text.encode(codec), "draft.txt")
    assert (loaded.text, loaded.encoding, loaded.bom) == (text, codec, True)
    assert loaded.note.startswith("read as UTF-")
    assert encode_text(loaded.text, loaded.encoding, loaded.newline, loaded.bom) == (
        bom + text.encode(codec))


def test_latin1_text_is_not_read_as_cp1251_and_the_guess_is_named():
    text = "Café crème brûlée à la française, déjà vu. Le garçon naïf a goûté."
    loaded = decode_draft(text.encode("latin-1"))
    assert loaded.text == text
    assert loaded.encoding == "cp1252" and loaded.detected
    assert "Windows-1252" in loaded.note and "not UTF-8" in loaded.note


def test_crlf_is_normalised_and_remembered():
    loaded = decode_draft(b"one\r\n\r\ntwo\r\n")
    assert (loaded.text, loaded.newline) == ("one\n\ntwo\n", "\r\n")
    assert encode_text(loaded.text, loaded.encoding, loaded.newline) == b"one\r\n\r\ntwo\r\n"


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 32)) * 50, "binary"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid UTF-16 LE"),
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


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_without_end_is_read_only_up_to_the_limit():
    with pytest.raises(DraftError, match="larger than 5 MB"):
        read_draft("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_read_up_to_the_limit_and_small_fifos_work(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed(data: bytes, forever: bool = False) -> threading.Thread:
        def run() -> None:
            try:
                with open(fifo, "wb") as f:
                    f.write(data)
                    while forever:  # a producer that never ends, like `yes`
                        f.write(data)
            except BrokenPipeError:
                pass  # the reader stopped at the limit
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    writer = feed(b"word " * 10_000, forever=True)
    with pytest.raises(DraftError, match="larger than 5 MB"):
        read_draft(fifo)
    writer.join(timeout=30)
    writer = feed("Абзац один.\n\nАбзац два.".encode())
    assert read_draft(fifo).text == "Абзац один.\n\nАбзац два."
    writer.join(timeout=30)


def test_write_through_a_symlink_keeps_the_link_and_the_mode(tmp_path):
    real = tmp_path / "real" / "draft.md"
    real.parent.mkdir()
    real.write_text("old")
    os.chmod(real, 0o600)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_text_atomic(link, "new text")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new text"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in real.parent.iterdir()) == ["draft.md"]


def test_new_files_get_the_usual_mode_and_temporary_names_are_unique(tmp_path, monkeypatch):
    import tempfile

    target = tmp_path / "new.md"
    write_text_atomic(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    names = []
    real_mkstemp = tempfile.mkstemp

    def spy(*a, **kw):
        fd, name = real_mkstemp(*a, **kw)
        names.append(name)
        return fd, name
    monkeypatch.setattr(tempfile, "mkstemp", spy)
    write_text_atomic(target, "y")
    write_text_atomic(target, "z")
    assert len(set(names)) == 2 and all(os.path.dirname(n) == str(tmp_path) for n in names)


def test_write_fsyncs_the_file_and_its_folder(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def spy(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)
    monkeypatch.setattr(os, "fsync", spy)
    write_text_atomic(tmp_path / "d.md", "text")
    assert synced == [False, True]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "draft.md"
    target.write_text("the old draft")

    def boom(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_text_atomic(target, "half of a new draft")
    assert target.read_text() == "the old draft"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    "Заголовок\n\nВторой абзац — про сад и огород, с тире.",
    "Title\n\nSecond paragraph, in plain English.",
])
def test_utf16_without_a_bom_is_detected_not_refused_as_binary(codec, text):
    loaded = decode_draft(text.encode(codec), "draft.txt")
    assert (loaded.text, loaded.encoding, loaded.bom) == (text, codec, False)
    assert loaded.note.startswith("read as UTF-16")
    assert encode_text(loaded.text, loaded.encoding, loaded.newline, loaded.bom) == \
        text.encode(codec)


def test_binary_with_nuls_on_both_sides_is_still_refused():
    data = bytes([0, 1, 0, 0, 7, 0, 0, 0, 0, 9]) * 40
    with pytest.raises(DraftError, match="binary"):
        decode_draft(data, "draft.bin")

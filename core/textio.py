"""Read drafts from disk or stdin with clear, user-facing errors; write files atomically."""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_DRAFT_BYTES = 5 * 1024 * 1024
# Legacy code pages a ru/en writer's files come in; detection chooses among these only.
LEGACY_ENCODINGS = ["cp1251", "cp1252", "koi8_r", "iso8859_15", "mac_cyrillic", "cp866"]
BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
NAMES = {"utf-8": "UTF-8", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE",
         "utf-32-le": "UTF-32 LE", "utf-32-be": "UTF-32 BE", "cp1251": "Windows-1251 (Cyrillic)",
         "cp1252": "Windows-1252 (Western)", "koi8_r": "KOI8-R", "iso8859_15": "Latin-9",
         "mac_cyrillic": "Mac Cyrillic", "cp866": "DOS Cyrillic (cp866)"}


class DraftError(Exception):
    """A problem with the input the user can act on; the message says what and why."""


@dataclass(frozen=True)
class LoadedDraft:
    """Decoded text (newlines normalised to \\n) and how to write it back the same way."""

    text: str
    encoding: str          # Python codec name, without the byte-order mark
    bom: bool = False      # the file started with a byte-order mark
    newline: str = "\n"    # the file's line ending: "\n", "\r\n" or "\r"
    detected: bool = False  # the encoding was guessed (no BOM, not valid UTF-8)

    @property
    def note(self) -> str:
        """What the user should know about how the file was read ('' for plain UTF-8)."""
        if self.encoding == "utf-8":
            return ""
        name = NAMES.get(self.encoding, self.encoding)
        if self.detected:
            return f"read as {name} (not UTF-8; detected — check accented letters)"
        return f"read as {name}"


def decode_draft(data: bytes, name: str = "input") -> LoadedDraft:
    """Decode by BOM, then UTF-8, then a detected legacy code page; reject binary data."""
    if len(data) > MAX_DRAFT_BYTES:
        raise _too_big(name)
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decoded(data[len(bom):], encoding, name, bom=True)
    if b"\x00" in data[:8192]:
        encoding = utf16_without_bom(data)
        if encoding is None:
            raise DraftError(f"{name} looks like a binary file, not a text draft.")
        return _decoded(data, encoding, name, detected=True)
    try:
        return _decoded(data, "utf-8", name)
    except DraftError:
        raise
    except UnicodeDecodeError:
        pass
    encoding = _detect(data)
    if encoding is None:
        raise DraftError(f"{name} is not readable text in UTF-8 or a common code page; "
                         "save it as UTF-8 and try again.")
    return _decoded(data, encoding, name, detected=True)


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when `data` looks like UTF-16 text without a BOM, else None.

    In UTF-16 every ASCII character (spaces, digits, punctuation, newlines, Latin letters) has a
    NUL high byte: NULs on one side of the byte pairs (odd offsets: LE, even: BE), even in
    Cyrillic text (a space every few letters), and next to none on the other side. The text must
    then decode, and not be mostly control characters (`_decoded` checks).
    """
    head = data[:8192]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.08 * len(zeros) and others.count(0) <= 0.01 * len(others):
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    return None if best is None else codecs.lookup(best.encoding).name


def _decoded(data: bytes, encoding: str, name: str, bom: bool = False,
             detected: bool = False) -> LoadedDraft:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if bom:
            raise DraftError(f"{name} starts with a {NAMES[encoding]} mark but is not valid "
                             f"{NAMES[encoding]} text.") from None
        raise
    if _mostly_control(text):
        raise DraftError(f"{name} looks like a binary file, not a text draft.")
    newline = _newline_of(text)
    if newline != "\n":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return LoadedDraft(text, encoding, bom, newline, detected)


def _newline_of(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"), key=lambda x: x[0])
    return best[1] if best[0] else "\n"


def _too_big(name: str) -> DraftError:
    return DraftError(
        f"{name} is larger than {MAX_DRAFT_BYTES // 2**20} MB; drafts up to that size are "
        "supported. Split it into smaller files.")


def _mostly_control(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return bool(sample) and bad / len(sample) > 0.05


def read_bounded(stream: BinaryIO, name: str) -> bytes:
    """Read at most MAX_DRAFT_BYTES (a device or pipe may never end); DraftError beyond."""
    data = stream.read(MAX_DRAFT_BYTES + 1)
    if len(data) > MAX_DRAFT_BYTES:
        raise _too_big(name)
    return data


def read_draft(path: str | Path) -> LoadedDraft:
    """Read a draft file; DraftError with a plain message for every kind of bad input."""
    p = Path(path)
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise DraftError(f"{p} is a folder; give a text file.")
        if stat.S_ISREG(st.st_mode) and st.st_size > MAX_DRAFT_BYTES:
            raise _too_big(str(p))
        with open(p, "rb") as f:  # devices and FIFOs: read_bounded stops at the limit
            data = read_bounded(f, str(p))
    except FileNotFoundError as exc:
        raise DraftError(f"{p}: no such file.") from exc
    except PermissionError as exc:
        raise DraftError(f"{p}: permission denied.") from exc
    except OSError as exc:
        raise DraftError(f"{p}: cannot read ({exc.strerror or exc}).") from exc
    return decode_draft(data, str(p))


def encode_text(text: str, encoding: str = "utf-8", newline: str = "\n",
                bom: bool = False) -> bytes:
    """`text` (with \\n newlines) as the bytes of a file in `encoding` with `newline` endings.

    UnicodeEncodeError when the text has characters the encoding cannot hold.
    """
    if newline != "\n":
        text = text.replace("\n", newline)
    mark = next((b for b, enc in BOMS if enc == codecs.lookup(encoding).name), b"") if bom else b""
    return mark + text.encode(encoding)


def _default_mode() -> int:
    """The mode a new file gets under the process umask (read once, at import)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _default_mode()


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Replace the file at `path` (through symlinks) with `data`, atomically and durably.

    A uniquely named temporary file in the target's folder gets the data, the target's
    permissions (and owner, where allowed), is fsynced and renamed over the target; then the
    folder is fsynced. A crash at any moment leaves the old or the new file, never half of one.
    """
    target = Path(os.path.realpath(path))
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".draftlens-tmp",
                               dir=target.parent)
    try:
        with open(fd, "wb") as f:
            f.write(data)
            f.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), stat.S_IMODE(old.st_mode) if old else _NEW_FILE_MODE)
            if old is not None and hasattr(os, "fchown"):
                with contextlib.suppress(OSError):
                    os.fchown(f.fileno(), old.st_uid, old.st_gid)
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8",
                      newline: str = "\n", bom: bool = False) -> None:
    """Write text (\\n newlines) atomically in `encoding` with `newline` line endings."""
    write_bytes_atomic(path, encode_text(text, encoding, newline, bom))


def check_draft(text: str, topic: str) -> None:
    """Reject an empty draft or topic with a plain message."""
    if not text.strip():
        raise DraftError("The draft is empty: there is nothing to analyse.")
    if not topic.strip():
        raise DraftError("The topic is empty: name what the draft is about (--topic).")

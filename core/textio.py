"""Read drafts from disk or stdin with clear, user-facing errors."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MAX_DRAFT_BYTES = 5 * 1024 * 1024
ENCODINGS = ("utf-8", "utf-8-sig", "cp1251")


class DraftError(Exception):
    """A problem with the input the user can act on; the message says what and why."""


@dataclass(frozen=True)
class LoadedDraft:
    text: str
    encoding: str


def decode_draft(data: bytes, name: str = "input") -> LoadedDraft:
    """Decode bytes as UTF-8, UTF-8 with BOM, then cp1251; reject binary and oversized data."""
    if len(data) > MAX_DRAFT_BYTES:
        raise _too_big(len(data), name)
    if b"\x00" in data[:8192]:
        raise DraftError(f"{name} looks like a binary file, not a text draft.")
    encodings = ("utf-8-sig",) + ENCODINGS[2:] if data.startswith(b"\xef\xbb\xbf") else ENCODINGS
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_control(text):
            raise DraftError(f"{name} looks like a binary file, not a text draft.")
        return LoadedDraft(text.removeprefix("\ufeff"), encoding)
    raise DraftError(f"{name} is not valid UTF-8 or cp1251 text; save it as UTF-8 and try again.")


def _too_big(size: int, name: str) -> DraftError:
    return DraftError(
        f"{name} is {size / 1e6:.1f} MB; drafts up to {MAX_DRAFT_BYTES // 2**20} MB are "
        "supported. Split it into smaller files."
    )


def _mostly_control(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return bool(sample) and bad / len(sample) > 0.05


def read_draft(path: str | Path) -> LoadedDraft:
    """Read a draft file; DraftError with a plain message for every kind of bad input."""
    p = Path(path)
    if not p.exists():
        raise DraftError(f"{p}: no such file.")
    if p.is_dir():
        raise DraftError(f"{p} is a folder; give a text file.")
    try:
        size = p.stat().st_size
        if size > MAX_DRAFT_BYTES:
            raise _too_big(size, str(p))
        data = p.read_bytes()
    except PermissionError as exc:
        raise DraftError(f"{p}: permission denied.") from exc
    except OSError as exc:
        raise DraftError(f"{p}: cannot read ({exc.strerror or exc}).") from exc
    return decode_draft(data, str(p))


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text via a temporary file, so a crash never leaves a half-written file."""
    p = Path(path)
    tmp = p.with_name(f".{p.name}.draftlens-tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, p)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def check_draft(text: str, topic: str) -> None:
    """Reject an empty draft or topic with a plain message."""
    if not text.strip():
        raise DraftError("The draft is empty: there is nothing to analyse.")
    if not topic.strip():
        raise DraftError("The topic is empty: name what the draft is about (--topic).")

"""Split a draft into chunks: paragraphs on blank lines, Markdown-aware.

Headings are chunks of their own, a fenced code block is one chunk (never split), items of
one list stay together, whitespace-only lines separate. Offsets index the original text, so
``text[c.start:c.end] == c.text`` for every chunk; CRLF, CR, BOM and tabs need no cleaning.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.models import Chunk, Document

_NEWLINE = re.compile(r"\r\n|\r|\n")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+•]|\d{1,9}[.)])[ \t]+\S")
_ANY_HEADING = re.compile(r"(?:^|[\r\n\ufeff]) {0,3}#{1,6}(?:[ \t\r\n]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


@dataclass(slots=True)
class _Line:
    start: int
    end: int  # end of content, before the line terminator
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    return list(_iter_lines(text))


def _iter_lines(text: str) -> Iterator[_Line]:
    pos = 1 if text.startswith("\ufeff") else 0
    for m in _NEWLINE.finditer(text, pos):
        yield _Line(pos, m.start(), text[pos:m.start()])
        pos = m.end()
    if pos < len(text):
        yield _Line(pos, len(text), text[pos:])


def _fence_end(lines: list[_Line], i: int, marker: str) -> int:
    """Index of the last line of the fence opened at line i (the closing fence or the end)."""
    close = re.compile(r"^ {0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")
    for j in range(i + 1, len(lines)):
        if close.match(lines[j].text):
            return j
    return len(lines) - 1


def _list_end(lines: list[_Line], i: int) -> int:
    """Index of the last line of the list starting at line i; blank lines inside stay in."""
    last = i
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if line.blank:
            j += 1
            continue
        continues = _LIST_ITEM.match(line.text) or line.text[:1] in (" ", "\t")
        if not continues and lines[j - 1].blank:
            break
        if _FENCE.match(line.text) or _HEADING.match(line.text):
            break
        last = j
        j += 1
    return last


def _paragraph_end(lines: list[_Line], i: int) -> int:
    j = i
    while j + 1 < len(lines):
        nxt = lines[j + 1].text
        if lines[j + 1].blank or _FENCE.match(nxt) or _HEADING.match(nxt):
            break
        if _LIST_ITEM.match(nxt) and not _LIST_ITEM.match(lines[i].text):
            break
        j += 1
        if _SETEXT.match(nxt) and j > i:  # setext heading underline closes the block
            break
    return j


def _blocks(lines: list[_Line]) -> Iterator[tuple[int, int, str]]:
    """Yield (first line, last line, kind) for each block."""
    i = 0
    while i < len(lines):
        text = lines[i].text
        if lines[i].blank:
            i += 1
            continue
        if m := _FENCE.match(text):
            end, kind = _fence_end(lines, i, m.group(1)), "code"
        elif _HEADING.match(text):
            end, kind = i, "heading"
        elif _LIST_ITEM.match(text):
            end, kind = _list_end(lines, i), "list"
        else:
            end, kind = _paragraph_end(lines, i), "paragraph"
        yield i, end, kind
        i = end + 1


def content_hash(text: str) -> str:
    """Hash of a chunk's text, independent of its line-ending style."""
    normal = _NEWLINE.sub("\n", text)
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def split_chunks(text: str) -> list[Chunk]:
    """Split `text` into chunks in document order."""
    lines = _lines(text)
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for first, last, kind in _blocks(lines):
        start, end = lines[first].start, lines[last].end
        raw = text[start:end]
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        start, end = start + lead, end - trail
        if start >= end:
            continue
        body = text[start:end]
        digest = content_hash(body)
        occurrence = seen.get(digest, 0)
        seen[digest] = occurrence + 1
        chunk_id = f"{digest[:12]}-{occurrence}"
        chunks.append(Chunk(chunk_id, len(chunks), body, start, end, digest, kind))
    return chunks


def make_document(text: str, topic: str) -> Document:
    """Split `text` and bundle it with its topic."""
    return Document(text=text, topic=topic.strip(), chunks=tuple(split_chunks(text)))


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"\b(?:https?://|www\.)\S+")
TITLE_MAX = 120


def title_of(text: str) -> str:
    """The draft's title: its first heading, else its first line with words in it.

    Links show as their text and bare URLs are dropped, so a post that opens with a link does not
    get a URL for a topic; a long first line is cut at a word, at most TITLE_MAX characters.
    """
    first_line = ""
    headed = "#" in text and _ANY_HEADING.search(text) is not None  # else the first line will do
    for line in _iter_lines(text):
        stripped = _plain(line.text)
        if not stripped:
            continue
        if _HEADING.match(line.text):
            return _shorten(stripped.lstrip("#").strip())
        if not first_line and re.search(r"\w", stripped):
            first_line = stripped
            if not headed:
                break
    return _shorten(first_line)


def _plain(line: str) -> str:
    """A line without Markdown link targets and bare URLs, spaces folded."""
    line = _URL.sub("", _MD_LINK.sub(r"\1", line))
    return " ".join(line.split())


def _shorten(title: str) -> str:
    if len(title) <= TITLE_MAX:
        return title
    cut = title[:TITLE_MAX].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"

"""Re-split only the edited part of a draft: what a keystroke can change, not all 5,000 chunks.

`split_chunks` parses blocks from a line onwards looking only at the lines from there on, and a
block's end is found by looking at most at the first line of the next block. So after an edit,
the chunks ending well before it are kept, parsing restarts two chunks before the edit, and it
stops at the first block start inside the unchanged tail where the old parse also started a
block: from there on the text, and so the parse, is the old one shifted by the edit's length.
The result equals `make_document(text, topic)` exactly (a property test checks it).
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from core.chunking import _blocks, _Line, content_hash, make_document
from core.models import Chunk, Document


@dataclass(frozen=True, slots=True)
class Resplit:
    """The new document; old chunks [first, old_end) became new chunks [first, new_end).

    Chunks before `first` are the old objects; chunks from `new_end` on have the old chunks'
    text (from `old_end` on), with offsets, index and occurrence number brought up to date.
    """

    doc: Document
    first: int
    old_end: int
    new_end: int


def common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix (binary search over C-speed slice compares)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common suffix, at most `limit`."""
    lo, hi = 0, min(len(a), len(b), limit)
    la, lb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid: la - lo] == b[lb - mid: lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


class _LazyLines:
    """The lines of `text` from offset `start` on, split on demand (the list `_blocks` reads)."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.items: list[_Line] = []
        self._pos = start
        tail = 0 if start >= len(text) or text.endswith("\n") else 1
        self._len = text.count("\n", start) + tail

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int) -> _Line:
        items, text = self.items, self.text
        while len(items) <= i:
            end = text.find("\n", self._pos)
            end = len(text) if end < 0 else end
            items.append(_Line(self._pos, end, text[self._pos:end]))
            self._pos = end + 1
        return items[i]


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def resplit(old: Document, text: str, topic: str | None = None) -> Resplit:
    """Split `text`, an edit of `old.text`, re-parsing only around the edit."""
    topic = old.topic if topic is None else topic.strip()
    chunks = old.chunks
    if "\r" in text or "\r" in old.text:  # the editor's text never has CR; keep it simple
        doc = make_document(text, topic)
        return Resplit(doc, 0, len(chunks), len(doc.chunks))
    old_text = old.text
    p = common_prefix(old_text, text)
    if p == len(old_text) == len(text):
        return Resplit(Document(text, topic, chunks), len(chunks), len(chunks), len(chunks))
    s = common_suffix(old_text, text, min(len(old_text), len(text)) - p)
    delta = len(text) - len(old_text)
    first = max(0, bisect.bisect_left(chunks, p, key=lambda c: c.end) - 2)
    if first == 0:
        start = 1 if text.startswith("\ufeff") else 0
    else:
        start = _line_start(old_text, chunks[first].start)
    tail_from = len(text) - s  # new text from here on equals the old tail
    lines = _LazyLines(text, start)
    window: list[tuple[int, int, str]] = []  # (start, end, kind) of the re-parsed blocks
    old_end = len(chunks)
    for i, last, kind in _blocks(lines):  # type: ignore[arg-type]
        q = lines[i].start
        if q - 1 >= tail_from:
            j = _old_block_at(old_text, chunks, q - delta)
            if j >= 0:
                old_end = j
                break
        window.append((q, lines[last].end, kind))
    out = list(chunks[:first])
    # An occurrence number can change only for texts that were or are inside the window.
    bodies = [(q, end, kind, *_trim(text, q, end)) for q, end, kind in window]
    touched = {c.hash for c in chunks[first:old_end]} | {b[4] for b in bodies if b[4]}
    seen = Counter(c.hash for c in out if c.hash in touched)
    for _q, _end, kind, body_start, digest in bodies:
        if digest:
            body = text[body_start[0]:body_start[1]]
            occurrence = seen[digest]
            seen[digest] = occurrence + 1
            out.append(Chunk(f"{digest[:12]}-{occurrence}", len(out), body, body_start[0],
                             body_start[1], digest, kind))
    new_end = len(out)
    out.extend(_shifted(chunks[old_end:], new_end - old_end, delta, touched, seen))
    return Resplit(Document(text, topic, tuple(out)), first, old_end, new_end)


def _shifted(tail: tuple[Chunk, ...], shift: int, delta: int, touched: set[str],
             seen: Counter) -> list[Chunk]:
    """The unchanged tail with offsets, indices and (touched texts') occurrences renewed."""
    if not shift and not delta and not any(c.hash in touched for c in tail):
        return list(tail)
    if not any(c.hash in touched for c in tail):  # the common case, kept tight
        return [Chunk(c.id, c.index + shift, c.text, c.start + delta, c.end + delta, c.hash,
                      c.kind) for c in tail]
    out = []
    for c in tail:
        chunk_id = c.id
        if c.hash in touched:
            occurrence = seen[c.hash]
            seen[c.hash] = occurrence + 1
            chunk_id = f"{c.hash[:12]}-{occurrence}"
        out.append(Chunk(chunk_id, c.index + shift, c.text, c.start + delta, c.end + delta,
                         c.hash, c.kind))
    return out


def _trim(text: str, start: int, end: int) -> tuple[tuple[int, int], str]:
    """((start, end) of the block's text without surrounding whitespace, its hash or '')."""
    raw = text[start:end]
    body = raw.strip()
    if not body:
        return (start, start), ""
    start += len(raw) - len(raw.lstrip())
    return (start, start + len(body)), content_hash(body)


def _old_block_at(old_text: str, chunks: tuple[Chunk, ...], line_start: int) -> int:
    """Index of the old chunk whose block starts on the line at `line_start`, else -1."""
    j = bisect.bisect_left(chunks, line_start, key=lambda c: c.start)
    if j < len(chunks) and _line_start(old_text, chunks[j].start) == line_start:
        return j
    return -1

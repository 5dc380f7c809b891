"""What the editor knows about each paragraph: its chunk, state and result (no Qt).

Chunks are matched across edits by id (a content hash), so an unchanged paragraph keeps its
result wherever it moves; an edited one becomes a new chunk marked STALE. Results are accepted
only when their chunk id and hash match a current chunk; anything else is dropped.
"""

from __future__ import annotations

import bisect
import difflib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from core.chunking import make_document
from core.models import Chunk, ChunkResult, Document
from core.resplit import resplit

MAX_REMEMBERED = 2000  # removed analysed paragraphs kept for undo
WRITER = "writer"  # the `backend` of a result that shows the writer's own roles (reports)

Lookup = Callable[[str], "tuple[str, ...] | None"]
"""The writer's roles for a paragraph text (a correction), or None."""


class ChunkState(Enum):
    """The visible state of one paragraph."""

    NONE = "none"          # never analysed
    PENDING = "pending"    # requested, no answer yet
    DONE = "done"          # has roles
    STALE = "stale"        # edited since its result
    ERROR = "error"        # the analysis failed; the reason is in the result


@dataclass(slots=True)
class Entry:
    """One current chunk with its state and last result (kept while stale)."""

    chunk: Chunk
    state: ChunkState = ChunkState.NONE
    result: ChunkResult | None = None
    first_block: int = 0
    last_block: int = 0
    before_pending: ChunkState = ChunkState.NONE
    error: ChunkResult | None = None  # the last failed attempt, shown on top of a kept result
    mine: tuple[str, ...] | None = None  # the writer's own roles for this text (a correction)
    refined: bool = False  # the result is the refined verdict (it replaced a first one)

    @property
    def shown_role(self) -> str | None:
        """The primary role the editor shows: the writer's, else the current result's."""
        if self.mine:
            return self.mine[0]
        r = self.result
        return r.roles[0] if self.state is ChunkState.DONE and r is not None and r.roles else None

    def writer_result(self) -> ChunkResult | None:
        """The writer's roles as a result (backend WRITER, the analysed scores kept), or None
        when they corrected nothing here: what reports show."""
        if not self.mine:
            return None
        r = self.result if self.state in (ChunkState.DONE, ChunkState.ERROR) else None
        if r is None:
            c = self.chunk
            return ChunkResult(c.id, c.index, c.hash, self.mine, WRITER)
        return replace(r, roles=self.mine, backend=WRITER, model="", error=None,
                       error_kind=None, provisional=False, confidence=None)


class DraftState:
    """Chunks of the current text, their states, and the block -> chunk map."""

    def __init__(self) -> None:
        self.doc = make_document("", "")
        self.entries: list[Entry] = []
        self._by_id: dict[str, int] = {}
        self._block_chunk: list[int] = []
        self._removed: OrderedDict[str, ChunkResult] = OrderedDict()
        self.revived: list[int] = []  # chunks the last set_text gave back their earlier result
        self.dropped = 0
        self.lookup: Lookup | None = None  # the writer's corrections, by paragraph text

    # ---- text changes -------------------------------------------------------------------
    def set_text(self, text: str, topic: str, keep: bool = True) -> set[int]:
        """Re-split `text`; keep states of unchanged chunks; return indices of changed chunks.

        With keep=False every previous state is forgotten (a new draft was loaded).
        """
        self.revived = []
        if not keep:
            self._removed.clear()
        elif self.entries:
            return self._resplit(text, topic)
        doc = make_document(text, topic)
        entries = [Entry(c) for c in doc.chunks]
        changed = self._carry([], entries)
        self._look_up(entries)
        self.doc, self.entries = doc, entries
        self._by_id = {e.chunk.id: i for i, e in enumerate(entries)}
        self._map_blocks(text)
        return changed

    def _resplit(self, text: str, topic: str) -> set[int]:
        """Re-split around the edit only; entries outside it keep their state and blocks."""
        old_text, old = self.doc.text, self.entries
        r = resplit(self.doc, text, topic)
        if r.first == len(old):  # the same text
            self.doc = r.doc
            return set()
        window = [Entry(c) for c in r.doc.chunks[r.first:r.new_end]]
        changed = {r.first + j for j in self._carry(old[r.first:r.old_end], window)}
        self._look_up(window)
        self.revived = [r.first + j for j in self.revived]
        # Lines: before the window unchanged; the window re-mapped; after it shifted.
        head_line = old[r.first].first_block if r.first else 0
        head_pos = text.rfind("\n", 0, r.doc.chunks[r.first].start) + 1 if head_line else 0
        line_delta = text.count("\n") - old_text.count("\n")
        tail = old[r.old_end:]
        tail_line = tail[0].first_block + line_delta if tail else text.count("\n") + 1
        blocks = self._block_chunk[:head_line] + [-1] * (tail_line - head_line)
        for k, e in enumerate(window, r.first):
            e.first_block = head_line + text.count("\n", head_pos, e.chunk.start)
            e.last_block = e.first_block + text.count("\n", e.chunk.start, e.chunk.end)
            blocks[e.first_block:e.last_block + 1] = [k] * (e.last_block - e.first_block + 1)
        shift = r.new_end - r.old_end
        if tail:
            old_tail = self._block_chunk[tail[0].first_block:]
            blocks += [i + shift if i >= 0 else -1 for i in old_tail] if shift else old_tail
        ids_moved = bool(shift)
        for e, chunk in zip(tail, r.doc.chunks[r.new_end:], strict=True):
            ids_moved = ids_moved or e.chunk.id != chunk.id
            e.chunk = chunk
            e.first_block += line_delta
            e.last_block += line_delta
        self.doc, self.entries = r.doc, old[:r.first] + window + tail
        if ids_moved:
            self._by_id = {e.chunk.id: i for i, e in enumerate(self.entries)}
        else:  # only the window's ids changed
            for e in old[r.first:r.old_end]:
                self._by_id.pop(e.chunk.id, None)
            for k, e in enumerate(window, r.first):
                self._by_id[e.chunk.id] = k
        self._block_chunk = blocks
        return changed

    def _carry(self, old: list[Entry], new: list[Entry]) -> set[int]:
        old_ids = [e.chunk.id for e in old]
        new_ids = [e.chunk.id for e in new]
        changed: set[int] = set()
        matcher = difflib.SequenceMatcher(None, old_ids, new_ids, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                for k in range(j2 - j1):
                    src, dst = old[i1 + k], new[j1 + k]
                    dst.state, dst.result, dst.error = src.state, src.result, src.error
                    dst.refined = src.refined
                continue
            self._bury(old[i1:i2])
            for j in range(j1, j2):
                if self._revive(new[j]):
                    self.revived.append(j)
                    continue
                changed.add(j)
                if op == "replace":
                    src = old[min(i1 + (j - j1), i2 - 1)]
                    if src.result is not None or src.state is not ChunkState.NONE:
                        new[j].state, new[j].result = ChunkState.STALE, src.result
        return changed

    def _bury(self, removed: list[Entry]) -> None:
        """Remember analysed paragraphs that an edit removed, so an undo brings them back."""
        for e in removed:
            if e.state is ChunkState.DONE:
                self._removed[e.chunk.id] = e.result
                self._removed.move_to_end(e.chunk.id)
        while len(self._removed) > MAX_REMEMBERED:
            self._removed.popitem(last=False)

    def _revive(self, entry: Entry) -> bool:
        """Give a re-appearing paragraph (same text, same topic) its earlier result."""
        result = self._removed.pop(entry.chunk.id, None)
        if result is None or result.chunk_hash != entry.chunk.hash:
            return False
        entry.state, entry.result = ChunkState.DONE, result
        return True

    def _look_up(self, entries: list[Entry]) -> None:
        """Give entries the writer's corrections of their texts."""
        if self.lookup is not None:
            for e in entries:
                e.mine = self.lookup(e.chunk.text)

    def refresh_corrections(self) -> list[int]:
        """Look every paragraph's correction up again; return the indices whose changed."""
        changed = []
        for i, e in enumerate(self.entries):
            mine = self.lookup(e.chunk.text) if self.lookup is not None else None
            if mine != e.mine:
                e.mine = mine
                changed.append(i)
        return changed

    def _map_blocks(self, text: str) -> None:
        starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        blocks = [-1] * len(starts)
        for i, entry in enumerate(self.entries):
            first = bisect.bisect_right(starts, entry.chunk.start) - 1
            last = bisect.bisect_right(starts, max(entry.chunk.end - 1, entry.chunk.start)) - 1
            entry.first_block, entry.last_block = first, last
            for b in range(first, last + 1):
                blocks[b] = i
        self._block_chunk = blocks

    def set_topic(self, topic: str) -> list[int]:
        """A new topic makes every analysed chunk stale; return their indices."""
        self.doc = Document(self.doc.text, topic.strip(), self.doc.chunks)
        self._removed.clear()  # answers for the old topic are not answers for the new one
        touched = []
        for i, e in enumerate(self.entries):
            if e.state in (ChunkState.DONE, ChunkState.ERROR, ChunkState.PENDING):
                e.state, e.refined = ChunkState.STALE, False
                touched.append(i)
        return touched

    # ---- lookups ------------------------------------------------------------------------
    def chunk_at_block(self, block: int) -> int:
        """Index of the chunk covering `block`, or -1 (blank line, or out of range)."""
        return self._block_chunk[block] if 0 <= block < len(self._block_chunk) else -1

    def entry_at_block(self, block: int) -> Entry | None:
        i = self.chunk_at_block(block)
        return self.entries[i] if i >= 0 else None

    def index_of(self, chunk_id: str) -> int:
        return self._by_id.get(chunk_id, -1)

    def blocks_of(self, index: int) -> range:
        e = self.entries[index]
        return range(e.first_block, e.last_block + 1)

    # ---- results ------------------------------------------------------------------------
    def mark_pending(self, indices: list[int]) -> None:
        """Mark chunks as requested (their last result, if any, is kept)."""
        for i in indices:
            e = self.entries[i]
            if e.state is not ChunkState.PENDING:
                e.before_pending = e.state
            e.state = ChunkState.PENDING

    def clear_pending(self) -> list[int]:
        """After a stop: pending chunks go back to their state before the request."""
        out = []
        for i, e in enumerate(self.entries):
            if e.state is ChunkState.PENDING:
                e.state = e.before_pending
                out.append(i)
        return out

    def apply(self, result: ChunkResult) -> int:
        """Store a result; return its chunk index, or -1 if it is stale and was dropped."""
        i = self._by_id.get(result.chunk_id, -1)
        if i < 0 or self.entries[i].chunk.hash != result.chunk_hash:
            self.dropped += 1
            return -1
        e = self.entries[i]
        if result.ok and e.refined and e.state is ChunkState.PENDING \
                and e.before_pending is ChunkState.DONE and e.result.backend == result.backend:
            e.state, e.error = ChunkState.DONE, None  # a first verdict never undoes a refined one
        elif result.ok:
            e.state, e.result, e.error, e.refined = ChunkState.DONE, result, None, False
        elif e.result is not None and e.result.ok:
            # a failed re-analysis never wipes a good answer: keep it, stale, error on top
            e.state, e.error = ChunkState.STALE, result
        else:
            e.state, e.result, e.error = ChunkState.ERROR, result, result
        return i

    def refine(self, result: ChunkResult) -> int:
        """Replace a paragraph's first verdict by its refined one; return its index, or -1 when
        the paragraph changed, is being re-analysed or has no verdict of that backend."""
        i = self._by_id.get(result.chunk_id, -1)
        if i < 0 or not result.ok:
            return -1
        e = self.entries[i]
        if e.chunk.hash != result.chunk_hash or e.state is not ChunkState.DONE \
                or e.result.backend != result.backend:  # refines its own method's verdicts only
            return -1
        e.result, e.refined = result, True
        return i

    def needs_analysis(self) -> list[int]:
        """Chunks without a current answer (never analysed, stale, pending or failed)."""
        return [i for i, e in enumerate(self.entries) if e.state is not ChunkState.DONE]

    def with_neighbours(self, indices: set[int] | list[int], k: int = 1) -> list[int]:
        """`indices` plus up to k chunks either side, sorted."""
        out: set[int] = set()
        for i in indices:
            out.update(range(max(0, i - k), min(len(self.entries), i + k + 1)))
        return sorted(out)

    def writer_results(self) -> dict[int, ChunkResult]:
        """Chunk index -> the writer's roles as a result, where they corrected one."""
        return {i: r for i, e in enumerate(self.entries) if (r := e.writer_result()) is not None}

    def counts(self) -> dict[str, tuple[int, int]]:
        """Primary role -> (paragraph count, characters) over analysed chunks."""
        out: dict[str, tuple[int, int]] = {}
        for e in self.entries:
            role = e.shown_role
            if role is not None:
                n, chars = out.get(role, (0, 0))
                out[role] = (n + 1, chars + len(e.chunk.text))
        return out

    def progress(self) -> tuple[int, int, int]:
        """(done, total, errors)."""
        done = sum(e.state is ChunkState.DONE for e in self.entries)
        errors = sum(e.state is ChunkState.ERROR for e in self.entries)
        return done, len(self.entries), errors

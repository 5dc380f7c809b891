"""Hand-made backends for GUI tests: scripted results, controllable pace, cancellation flags."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Sequence

from core.backends.base import Backend
from core.models import Chunk, ChunkResult, Document, Event, RequestRecord, Timings
from core.roles import ROLE_IDS


def role_for(index: int) -> str:
    """A deterministic role per chunk index, cycling through all ten."""
    return ROLE_IDS[index % len(ROLE_IDS)]


def make_result(chunk: Chunk, role: str, backend: str = "fake") -> ChunkResult:
    now = time.perf_counter()
    return ChunkResult(chunk.id, chunk.index, chunk.hash, (role,), backend,
                       timings=Timings(now, now, now, now))


class ScriptedBackend(Backend):
    """Answers every target with role_for(index); can pause after `pause_after` results."""

    cacheable = False

    def __init__(self, name: str = "fake", pause_after: int | None = None,
                 delay: float = 0.0) -> None:
        super().__init__()
        self.name = name
        self.pause_after = pause_after
        self.delay = delay
        self.release = asyncio.Event()
        self.targets: list[list[int]] = []
        self.cancelled = False
        self.finished = False
        self.closed = False

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        self.targets.append([c.index for c in targets])
        start = time.perf_counter()
        try:
            for k, chunk in enumerate(targets):
                if self.pause_after is not None and k == self.pause_after:
                    await self.release.wait()
                if self.delay:
                    await asyncio.sleep(self.delay)
                self.emit_wire("recv", "response.output_text.delta", {"delta": "x"})
                yield make_result(chunk, role_for(chunk.index), self.name)
            yield RequestRecord(self.name, uuid.uuid4().hex[:8], tuple(c.id for c in targets),
                                start, time.perf_counter(), first_token=start)
            self.finished = True
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        except GeneratorExit:
            self.cancelled = True
            raise

    async def aclose(self) -> None:
        self.closed = True


class Opener:
    """An opener for AnalysisRunner that hands out ScriptedBackends and remembers them."""

    def __init__(self, **kwargs) -> None:
        self.kwargs = kwargs
        self.opened: list[tuple[str, ScriptedBackend]] = []

    async def __call__(self, method: str, settings) -> Backend:
        backend = ScriptedBackend(name=method, **self.kwargs)
        self.opened.append((method, backend))
        return backend


def visible_box(w):
    """The one visible QMessageBox of window `w`."""
    from PySide6.QtWidgets import QMessageBox

    boxes = [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    return boxes[0]


def box_button(box, text: str):
    """The button of `box` whose text is `text`."""
    return next(b for b in box.buttons() if b.text() == text)


def with_confidence(chunk: Chunk, roles: Sequence[str], confidence: float | None,
                    backend: str = "fake") -> ChunkResult:
    """A result with these roles (primary first) and this calibrated confidence."""
    result = make_result(chunk, roles[0], backend)
    result.roles, result.confidence = tuple(roles), confidence
    return result


def colour_distance(a, b) -> int:
    """How far apart two QColors are (sum of the RGB channel differences)."""
    return sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def editor_with(qtbot, text: str, topic: str = "topic"):
    """A DraftEditor (closed after the test) holding `text` under `topic`."""
    from gui.editor.draft_editor import DraftEditor

    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.topic = topic
    editor.set_draft(text)
    return editor

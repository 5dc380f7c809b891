"""The offline Local classifier: roles, topic relevance and complexity per paragraph.

Roles come from a learned model (model.py, trained by `draftlens train-local` on the labeled
corpora; weights ship in resources/local_model/). Its inputs include what the old hand-set
scorer computes (features.py, weights.py) and topic-relative meaning features (encode.py).
The most probable role is primary; the runner-up is added when the model is unsure between
the two. Relevance is the probability that the paragraph is on the topic (neither noise nor
a topic change; the refined verdicts also ask whether it belongs to the topic by meaning,
relevance.py); complexity is readability (readability.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from core.local import relevance as by_meaning
from core.local import semantic
from core.local.embed import DocEmbeddings
from core.local.encode import DraftPass, warm
from core.local.model import RoleModel, load
from core.models import Document
from core.roles import ROLE_IDS
from core.slices import Slice

MODEL_PATH = Path(__file__).resolve().parents[2] / "resources" / "local_model" / "model.npz"
REFINE_PATH = MODEL_PATH.with_name("refine.npz")  # the second stage (with sentence embeddings)
UNCERTAIN_BELOW = 0.5  # a verdict whose confidence is lower is shown as uncertain
SECOND_ROLE_MARGIN = 0.25  # runner-up within this probability of the best becomes a second role
SECOND_ROLE_MIN = 0.2      # ... and must be at least this probable itself
OFF_TOPIC = (ROLE_IDS.index("noise"), ROLE_IDS.index("topic_change"))
BLOCK_ROWS = 64  # rows the model scores at once (~5-15 ms on the GUI loop)

T = TypeVar("T")
_loaded: dict[str, RoleModel] = {}  # "fast", "refine"
_model_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class LocalVerdict:
    """Roles (primary first), topic relevance 0-1 and complexity 0-1 for one chunk; the
    calibrated probability that roles[0] is right; whether sentence embeddings were used."""

    roles: tuple[str, ...]
    relevance: float
    complexity: float
    confidence: float | None = None
    refined: bool = False
    runner_up: str | None = None  # the most probable role after roles[0] ("maybe humor")


def _load(path: Path) -> RoleModel:
    try:
        return load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise RuntimeError(f"the Local model {path} is missing or damaged ({exc}); "
                           "reinstall DraftLens or run `draftlens train-local`") from exc


def _shipped(stage: str) -> RoleModel:
    """The shipped model of `stage` ("fast" or "refine"), loaded once (thread-safe)."""
    got = _loaded.get(stage)
    if got is None:
        with _model_lock:
            got = _loaded.get(stage)
            if got is None:
                got = _loaded[stage] = _load(MODEL_PATH if stage == "fast" else REFINE_PATH)
    return got


def model() -> RoleModel:
    """The shipped fast model (a few milliseconds to load)."""
    return _shipped("fast")


def refiner() -> RoleModel:
    """The shipped refining model (fast features + sentence embeddings)."""
    return _shipped("refine")


async def in_a_thread(fn: Callable[[], T], name: str = "draftlens-local") -> T:
    """Run `fn` on a short-lived daemon thread and await its result without blocking the loop.

    A plain thread, not the loop's default executor (under qasync that is a QThread pool).
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(value: object, error: BaseException | None) -> None:
        if not done.done():
            done.set_exception(error) if error is not None else done.set_result(value)

    def work() -> None:
        value, error = None, None
        try:
            value = fn()
        except BaseException as exc:  # handed to the waiting coroutine
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits
            loop.call_soon_threadsafe(settle, value, error)

    threading.Thread(target=work, name=name, daemon=True).start()
    return await done


async def _load_model_in_a_thread() -> None:
    """Load the model on a worker thread, waiting for it without blocking the loop."""
    await in_a_thread(model, "draftlens-local-model")


def use_model(m: RoleModel | None, refining: RoleModel | None = None) -> None:
    """Classify with `m` (and refine with `refining`) from now on (None: the shipped ones
    again). For training and tests."""
    with _model_lock:
        _loaded.clear()
        _loaded.update({k: v for k, v in (("fast", m), ("refine", refining)) if v is not None})


def pick_roles(probs: dict[str, float]) -> tuple[str, ...]:
    """Primary role, plus the runner-up when the model is unsure between the two."""
    ranked = sorted(ROLE_IDS, key=lambda r: probs[r], reverse=True)
    best, second = ranked[0], ranked[1]
    if probs[best] - probs[second] <= SECOND_ROLE_MARGIN and probs[second] >= SECOND_ROLE_MIN:
        return best, second
    return (best,)


async def classify_async(doc: Document, slice_s: float = 0.004) -> list[LocalVerdict]:
    """`classify`, letting the event loop run every `slice_s` seconds.

    The model is loaded in a worker thread the first time.
    """
    return await DocScorer(doc).verdicts_soon(range(len(doc.chunks)), slice_s)


def classify(doc: Document) -> list[LocalVerdict]:
    """One verdict per chunk of `doc`, in order."""
    scorer = DocScorer(doc)
    scorer.prepare_now()
    return [scorer.verdict(i) for i in range(len(doc.chunks))]


class DocScorer:
    """Local verdicts of one document, per chunk on demand, in the order callers want.

    The learned model's features include the whole draft's (its vocabulary, the sum of its
    meaning vectors, its best topic similarity, each paragraph's position; the topic gate is
    draft-level), so no verdict is final before a pass over the whole draft: there are no
    early verdicts. The pass needs only each paragraph's cheap lexical part (stems, n-grams;
    ~20 us, cached by text), done in slices; the costly rest of a paragraph's text work
    (cues, readability; cached by text) is done for the blocks of the first chunks the
    caller wants (visible first), and for any other block when it is scored. The model
    scores fixed blocks of BLOCK_ROWS rows, the block of each chunk asked for when it is
    asked for (fixed blocks: a verdict never depends on the order of asking). No thread: a
    CPU-bound thread beside the GUI thread fights it for the GIL. `DocScorer.of` shares the
    kept pass of the last draft (DraftPass.of), so an idle warm-up can run it before Analyze.
    """

    def __init__(self, doc: Document, draft_pass: DraftPass | None = None) -> None:
        self.doc = doc
        self._pass = draft_pass or DraftPass([c.text for c in doc.chunks], doc.topic)
        self._verdicts: dict[int, LocalVerdict] = {}

    @classmethod
    def of(cls, doc: Document) -> DocScorer:
        """A scorer of `doc` on the kept pass over its texts and topic (DraftPass.of): a pass
        begun or done before is reused. For the event loop's thread only."""
        return cls(doc, DraftPass.of([c.text for c in doc.chunks], doc.topic))

    @property
    def ready(self) -> bool:
        """The pass over the whole draft is done: any verdict costs one block at most."""
        return self._pass.complete

    def advance(self, deadline: float) -> bool:
        """Pass over the draft (one step at least) until perf_counter() reaches `deadline`;
        True when the pass is complete."""
        while not self._pass.complete:
            self._pass.step()
            if time.perf_counter() >= deadline:
                break
        return self._pass.complete

    async def prepare(self, slice_s: float = 0.004, order: Sequence[int] = ()) -> None:
        """Pass over the draft, then warm the blocks of the first BLOCK_ROWS chunks of
        `order`, yielding to the event loop every `slice_s` seconds. Loads the model in a
        worker thread if needed."""
        if "fast" not in _loaded:
            await _load_model_in_a_thread()
        while not self.advance(time.perf_counter() + slice_s):
            await asyncio.sleep(0)
        await self._warm(self._first_blocks(order), slice_s)

    async def verdict_soon(self, index: int, slice_s: float = 0.004) -> LocalVerdict:
        """`verdict`, warming its block's paragraphs first in slices of `slice_s` seconds (a
        cold block is ~15 ms of text work) after `prepare`."""
        if index not in self._verdicts:
            await self._warm(self._block_rows(index // BLOCK_ROWS), slice_s)
        return self.verdict(index)

    async def verdicts_soon(self, indexes: Sequence[int],
                            slice_s: float = 0.004) -> list[LocalVerdict]:
        """The verdicts of chunks `indexes` in order (`prepare` first), letting the event loop
        run every `slice_s` seconds."""
        await self.prepare(slice_s, order=indexes)
        out = []
        turn = Slice(slice_s)
        for i in indexes:
            await turn.pause()
            out.append(await self.verdict_soon(i, slice_s))
        return out

    async def _warm(self, rows: Sequence[int], slice_s: float) -> None:
        """The paragraphs' text work (cached by text), yielding every `slice_s` seconds."""
        turn = Slice(slice_s)
        for i in rows:
            warm(self._pass.texts[i])
            await turn.pause()

    def _block_rows(self, block: int) -> range:
        return range(block * BLOCK_ROWS, min(len(self._pass.texts), (block + 1) * BLOCK_ROWS))

    def _first_blocks(self, order: Sequence[int]) -> list[int]:
        """Chunk indexes of the blocks that hold the first BLOCK_ROWS chunks of `order`."""
        blocks = dict.fromkeys(i // BLOCK_ROWS for i in order[:BLOCK_ROWS])
        return [i for b in blocks for i in self._block_rows(b)]

    def prepare_now(self) -> None:
        """`prepare` without yielding."""
        while not self._pass.complete:
            self._pass.step()

    def complexity(self, index: int) -> float:
        """Readability of chunk `index` alone (needs no pass over the draft)."""
        return round(self._pass.features.stat(index).complexity, 4)

    def verdict(self, index: int) -> LocalVerdict:
        """The verdict of chunk `index` (after `prepare`, or it passes over the draft now)."""
        got = self._verdicts.get(index)
        if got is None:
            self.prepare_now()
            self._score_block(index // BLOCK_ROWS)
            got = self._verdicts[index]
        return got

    def _score_block(self, block: int) -> None:
        start = block * BLOCK_ROWS
        stop = min(len(self.doc.chunks), start + BLOCK_ROWS)
        enc = self._pass.encode_rows(start, stop)
        m = model()
        probs = m.probabilities(enc)
        for i, v in enumerate(verdicts(probs, m.confidence(probs), enc), start):
            self._verdicts[i] = v

    def encoded_rows(self, start: int, stop: int):
        """The fast model's input of rows start..stop-1 (after `prepare`)."""
        self.prepare_now()
        return self._pass.encode_rows(start, stop)


def verdicts(probs: np.ndarray, confidence: np.ndarray, enc, refined: bool = False,
             belongs: np.ndarray | None = None) -> list[LocalVerdict]:
    """One verdict per row of role probabilities (rows of the encoded block `enc`); relevance
    is P(neither noise nor a topic change), times P(belongs to the topic by meaning) if given."""
    relevance = by_meaning.relevance(probs, belongs)
    return [LocalVerdict(pick_roles(dict(zip(ROLE_IDS, p.tolist(), strict=True))),
                         round(float(rel), 4), round(stat.complexity, 4), round(float(c), 4),
                         refined, _runner_up(p))
            for p, rel, c, stat in zip(probs, relevance, confidence, enc.stats, strict=True)]


def _runner_up(probs: np.ndarray) -> str:
    """The role with the second-highest probability."""
    return ROLE_IDS[int(np.argsort(probs)[-2])]


def refine(doc: Document, emb: DocEmbeddings,
           corrections: Sequence[tuple[str, Sequence[str]]] = ()) -> list[LocalVerdict]:
    """One refined verdict per chunk of `doc`, from the fast features and the sentence
    embeddings `emb` (embed.embed_document of the chunks' texts and the topic), nudged toward
    the writer's `corrections` ((text, roles) pairs) where a paragraph is close in meaning.

    Blocking (CPU, a few ms per BLOCK_ROWS paragraphs; embedding the corrections may run the
    encoder the first time): call it from a worker thread in a GUI.
    """
    if len(emb.paragraphs) != len(doc.chunks):
        raise ValueError("the embeddings do not match the document's chunks")
    from core.local.adapt import Adapter

    scorer = DocScorer(doc)
    scorer.prepare_now()
    feats = semantic.meaning_features(emb)
    adapter = Adapter.from_pairs(corrections) if corrections else None
    m = refiner()
    belongs = by_meaning.belongs(m.relevance, by_meaning.features(emb), bool(np.any(emb.topic)))
    centre = emb.paragraphs.mean(axis=0)  # the writer's style is measured against the draft's
    out: list[LocalVerdict] = []
    for start in range(0, len(doc.chunks), BLOCK_ROWS):
        stop = min(len(doc.chunks), start + BLOCK_ROWS)
        enc = semantic.with_meaning(scorer.encoded_rows(start, stop), feats, start)
        probs = m.probabilities(enc)
        if adapter is not None:
            probs = adapter.blend(probs, emb.paragraphs[start:stop], centre)
        part = None if belongs is None else belongs[start:stop] * by_meaning.draft_factor(
            m.on_topic(enc))
        out += verdicts(probs, m.confidence(probs), enc, refined=True, belongs=part)
    return out

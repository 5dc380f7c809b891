"""The offline Local classifier: roles, topic relevance and complexity per paragraph.

Roles come from a learned model (model.py, trained by `draftlens train-local` on the labeled
corpora; weights ship in resources/local_model/). Its inputs include what the old hand-set
scorer computes (features.py, weights.py) and topic-relative meaning features (encode.py).
The most probable role is primary; the runner-up is added when the model is unsure between
the two. Relevance is the probability that the paragraph is on the topic (neither noise nor
a topic change); complexity is readability (readability.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.local.encode import encode, warm
from core.local.features import document_features
from core.local.model import RoleModel, load
from core.models import Document
from core.roles import ROLE_IDS

MODEL_PATH = Path(__file__).resolve().parents[2] / "resources" / "local_model" / "model.npz"
SECOND_ROLE_MARGIN = 0.25  # runner-up within this probability of the best becomes a second role
SECOND_ROLE_MIN = 0.2      # ... and must be at least this probable itself
OFF_TOPIC = (ROLE_IDS.index("noise"), ROLE_IDS.index("topic_change"))

_model: RoleModel | None = None
_model_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class LocalVerdict:
    """Roles (primary first), topic relevance 0-1 and complexity 0-1 for one chunk."""

    roles: tuple[str, ...]
    relevance: float
    complexity: float


def model() -> RoleModel:
    """The shipped model, loaded once (thread-safe; a few milliseconds)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                try:
                    _model = load(MODEL_PATH)
                except (OSError, ValueError, KeyError) as exc:
                    raise RuntimeError(f"the Local model {MODEL_PATH} is missing or damaged "
                                       f"({exc}); reinstall DraftLens or run "
                                       "`draftlens train-local`") from exc
    return _model


async def _load_model_in_a_thread() -> None:
    """Load the model on a short-lived daemon thread and wait for it without blocking the loop.

    A plain thread, not the loop's default executor (under qasync that is a QThread pool).
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def settle(error: BaseException | None) -> None:
        if not done.done():
            done.set_exception(error) if error is not None else done.set_result(None)

    def work() -> None:
        error: BaseException | None = None
        try:
            model()
        except BaseException as exc:  # handed to the waiting coroutine
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits
            loop.call_soon_threadsafe(settle, error)

    threading.Thread(target=work, name="draftlens-local-model", daemon=True).start()
    await done


def use_model(m: RoleModel | None) -> None:
    """Classify with `m` from now on (None: the shipped one again). For training and tests."""
    global _model
    with _model_lock:
        _model = m


def pick_roles(probs: dict[str, float]) -> tuple[str, ...]:
    """Primary role, plus the runner-up when the model is unsure between the two."""
    ranked = sorted(ROLE_IDS, key=lambda r: probs[r], reverse=True)
    best, second = ranked[0], ranked[1]
    if probs[best] - probs[second] <= SECOND_ROLE_MARGIN and probs[second] >= SECOND_ROLE_MIN:
        return best, second
    return (best,)


async def classify_async(doc: Document, slice_s: float = 0.004) -> list[LocalVerdict]:
    """`classify`, letting the event loop run every `slice_s` seconds.

    The model is loaded in a worker thread the first time. What each paragraph alone needs, the
    costly part, is cached by text: warm it in slices, then the whole-document pass is quick.
    """
    if _model is None:
        await _load_model_in_a_thread()
    deadline = time.perf_counter() + slice_s
    for chunk in doc.chunks:
        warm(chunk.text)
        if time.perf_counter() > deadline:
            await asyncio.sleep(0)
            deadline = time.perf_counter() + slice_s
    return classify(doc)


def classify(doc: Document) -> list[LocalVerdict]:
    """One verdict per chunk of `doc`, in order."""
    if not doc.chunks:
        return []
    texts = [c.text for c in doc.chunks]
    stats, feats = document_features(doc)
    probs = model().probabilities(encode(texts, doc.topic, (stats, feats)))
    relevance = np.clip(1.0 - probs[:, OFF_TOPIC].sum(axis=1), 0.0, 1.0)
    return [
        LocalVerdict(pick_roles(dict(zip(ROLE_IDS, p.tolist(), strict=True))),
                     round(float(rel), 4), round(s.complexity, 4))
        for p, rel, s in zip(probs, relevance, stats, strict=True)
    ]

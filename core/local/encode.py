"""Turn a draft into the learned model's input: dense features and hashed sparse features.

Dense (one row per paragraph): everything the hand-set scorer computes (features.py), its ten
role scores, text shape and topic-relative meaning features from n-gram vectors (vectors.py):
similarity of the paragraph to the topic, of the whole draft to the topic, to the rest of the
draft and to the neighbours. Sparse: hashed stems of the paragraph (what it talks about) and
its opening words (how it starts). Nothing here is learned; the model learns the weights.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.local import vectors as vx
from core.local.features import (
    DocFeatures,
    ParagraphStats,
    clear_text_caches,
    paragraph_stats,
    topic_overlap,
)
from core.local.weights import BIAS, CAPS, WEIGHTS
from core.roles import ROLE_IDS

SPARSE_BUCKETS = 1 << 14
STEP_ROWS = 32  # paragraphs a step of the pass over a draft takes in (~0.3 ms warm)
OPENER_WORDS = 2

_HEADING = re.compile(r"^\s*(?:#{1,6}\s|\*\*[^*]+\*\*\s*$)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•—–]\s|\d+[.)]\s)")
_TERMINAL = re.compile(r"[.!?…:;)»\"]\s*$")
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")


@dataclass(frozen=True)
class Encoded:
    """A draft's model input: dense rows, sparse COO entries and per-paragraph stats."""

    dense: dict[str, np.ndarray]   # feature name -> column (one value per paragraph)
    rows: np.ndarray               # sparse entries: paragraph index
    cols: np.ndarray               # ... hashed bucket
    vals: np.ndarray               # ... value
    stats: list[ParagraphStats]
    n: int


def encode(texts: Sequence[str], topic: str) -> Encoded:
    """Model input for the paragraphs `texts` of one draft analysed against `topic`."""
    draft = DraftPass(texts, topic)
    while not draft.complete:
        draft.step()
    return draft.encode_rows(0, len(texts))


class DraftPass:
    """A draft's encoding in parts: a pass over its paragraphs in index order gathers what
    every paragraph's features need from the whole draft (vocabulary, meaning vectors' sum,
    topic similarities); then any block of rows can be encoded on its own.

    The per-paragraph text work is cached by text (`lexical`, `warm`), so the pass is cheap
    once warm. `DraftPass.of` keeps the pass over the last draft asked for.
    """

    def __init__(self, texts: Sequence[str], topic: str) -> None:
        self.texts = texts
        self.topic = topic
        self.features = DocFeatures(texts, topic)
        self.topic_vec = vx.matrix([vx.text_grams(topic)])[0]
        self.total = np.zeros(vx.BUCKETS, dtype=np.float32)  # sum of paragraph vectors
        self.to_topic = np.zeros(len(texts), dtype=np.float32)
        self._max_overlap = 0.0
        self.done = 0  # paragraphs passed so far (in index order)

    @classmethod
    def of(cls, texts: list[str], topic: str) -> DraftPass:
        """The kept pass when it is over these texts and topic (begun or done), else a new one,
        kept instead. For one thread only (the event loop's)."""
        for kept in _KEPT:
            if kept.topic == topic and kept.texts == texts:
                return kept
        _KEPT[:] = [cls(texts, topic)]
        return _KEPT[0]

    @property
    def complete(self) -> bool:
        return self.done >= len(self.texts)

    def step(self, count: int = STEP_ROWS) -> None:
        """Take the next `count` paragraphs into the draft's sums (in index order)."""
        start = self.done
        stop = min(len(self.texts), start + count)
        lexes = [self.features.lex(i) for i in range(start, stop)]
        t, total, tops = self.topic_vec, self.total, self.features.tops
        for i, lex, v in zip(range(start, stop), lexes, vx.matrix([x.grams for x in lexes]),
                             strict=True):
            total += v
            self.to_topic[i] = v @ t
            self._max_overlap = max(self._max_overlap, topic_overlap(lex, tops))
        self.done = stop

    def encode_rows(self, start: int, stop: int) -> Encoded:
        """Model input of paragraphs start..stop-1 (after the pass is complete)."""
        assert self.complete, "the draft pass is not complete"
        n = stop - start
        texts = list(self.texts[start:stop])
        stats = [self.features.stat(i) for i in range(start, stop)]
        feats = [self.features.features(i) or {} for i in range(start, stop)]
        raw = {name: np.array([f.get(name, 0.0) for f in feats], dtype=np.float32)
               for name in (feats[0] if feats else ())}
        dense = {f"h_{name}": np.sign(col) * np.log1p(np.abs(col)) for name, col in raw.items()}
        for role, col in _hand_scores(raw, n).items():
            dense[f"score_{role}"] = col
        dense.update(_shape(texts, stats))
        dense.update(self._meaning(start, stop))
        if "h_topic" in dense:
            dense["topic_doc_overlap"] = np.full(
                n, float(np.log1p(np.float32(self._max_overlap))), np.float32)
        rows, cols, vals = _sparse(texts)
        return Encoded(dense, rows, cols, vals, stats, n)

    def _meaning(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Topic-relative similarities of n-gram meaning vectors, for rows start..stop-1."""
        size, n = len(self.texts), stop - start
        lo, hi = max(0, start - 1), min(size, stop + 1)
        m = vx.matrix([self.features.lex(j).grams for j in range(lo, hi)])
        mb = m[start - lo: start - lo + n]
        t, total = self.topic_vec, self.total
        to_topic = self.to_topic[start:stop]
        doc_topic = float(vx.normalise(total) @ t)
        dot = mb @ total                                  # v_i . T
        sq = np.einsum("ij,ij->i", mb, mb)                # |v_i|^2 (1, or 0 for an empty row)
        rest_norm = np.sqrt(np.maximum(float(total @ total) - 2 * dot + sq, 1e-9))
        to_rest = (dot - sq) / rest_norm                  # cos(v_i, T - v_i)
        pair = np.einsum("ij,ij->i", m[1:], m[:-1])       # v_k . v_(k-1), k = lo+1 .. hi-1
        prev = np.zeros(n, dtype=np.float32)
        first = max(start, 1)
        prev[first - start:] = pair[first - lo - 1: stop - lo - 1]
        nxt = np.zeros(n, dtype=np.float32)
        last = min(stop, size - 1)
        nxt[:max(0, last - start)] = pair[start - lo: last - lo]
        mean_topic = float(self.to_topic.mean()) if size else 0.0
        full = lambda value: np.full(n, value, np.float32)  # noqa: E731
        return {
            "sim_topic": to_topic, "sim_doc_topic": full(doc_topic),
            "sim_doc_topic_max": full(float(self.to_topic.max(initial=0.0))),
            "sim_topic_rel": to_topic - mean_topic, "sim_rest": to_rest,
            "sim_prev": prev, "sim_next": nxt, "sim_neigh_max": np.maximum(prev, nxt),
            "topic_given": full(float(t.any())),
        }


def _hand_scores(raw: dict[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """The hand-set scorer's linear score of every role (weights.py), as features."""
    zero = np.zeros(n, dtype=np.float32)
    capped = {k: np.minimum(col, CAPS[k]) if k in CAPS else col for k, col in raw.items()}
    return {role: BIAS[role] + sum((v * capped.get(k, zero) for k, v in WEIGHTS[role].items()),
                                   zero)
            for role in ROLE_IDS}


def _shape(texts: Sequence[str], stats: list[ParagraphStats]) -> dict[str, np.ndarray]:
    def col(values: list[float]) -> np.ndarray:
        return np.array(values, dtype=np.float32)

    return {
        "heading": col([float(bool(_HEADING.match(t))) for t in texts]),
        "list_item": col([float(bool(_LIST_ITEM.match(t))) for t in texts]),
        "no_terminal": col([float(not _TERMINAL.search(t)) for t in texts]),
        "paren_open": col([float(t.lstrip().startswith("(")) for t in texts]),
        "emoji": col([float(min(3, len(_EMOJI.findall(t)))) for t in texts]),
        "chars_log": col([float(np.log1p(len(t))) for t in texts]),
        "lines": col([float(min(5, t.count("\n"))) for t in texts]),
        "lang_ru": col([float(s.lang == "ru") for s in stats]),
    }


_IDS_CACHE: dict[str, tuple[int, ...]] = {}
_KEPT: list[DraftPass] = []  # the pass over the last draft DraftPass.of was asked for
_IDS_CACHE_MAX = 50_000


def _bucket(token: str) -> int:
    return zlib.crc32(token.encode()) % SPARSE_BUCKETS


def sparse_ids(text: str) -> tuple[int, ...]:
    """Sorted hashed buckets of a paragraph's stems and opening words (cached by text)."""
    cached = _IDS_CACHE.get(text)
    if cached is None:
        ids = {_bucket("s:" + stem) for stem in paragraph_stats(text).stems}
        opener = text.lower().split()[:OPENER_WORDS]
        if opener:
            ids.add(_bucket("o1:" + opener[0]))
            ids.add(_bucket("o2:" + " ".join(opener)))
        if len(_IDS_CACHE) >= _IDS_CACHE_MAX:
            _IDS_CACHE.clear()
        cached = _IDS_CACHE[text] = tuple(sorted(ids))
    return cached


def warm(text: str) -> None:
    """Compute and cache everything about one paragraph that does not need its neighbours."""
    paragraph_stats(text)  # with its lexical part
    sparse_ids(text)


def clear_caches() -> None:
    """Forget every per-text cache of the Local analyzer and the kept pass over a draft (for
    cold-start benchmarks and tests)."""
    _KEPT.clear()
    _IDS_CACHE.clear()
    clear_text_caches()


def _sparse(texts: Sequence[str]) -> tuple[np.ndarray, ...]:
    per_text = [sparse_ids(t) for t in texts]
    counts = np.array([len(ids) for ids in per_text], dtype=np.int64)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
    cols = np.fromiter((i for ids in per_text for i in ids), dtype=np.int64, count=counts.sum())
    vals = np.repeat((1.0 / np.sqrt(np.maximum(counts, 1))).astype(np.float32), counts)
    return rows, cols, vals

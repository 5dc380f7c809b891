"""Persistent result cache (SQLite in the user's cache directory).

A result is keyed by everything its answer depended on: the paragraph's text, the context the
prompt carried around it (its neighbours' texts), the topic, the server (normalised base URL),
the backend, the model and the prompt version. One server's answers are never served for
another's, even behind the same URL: the server part of the key carries a digest of the model
list the server gave (core/backends/identity.py). Backends whose answers are not real (demo
mode) are not cached at all.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import astuple, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from core.models import Chunk, Document
from core.prompt import PROMPT_VERSION
from core.settings import cache_dir

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_KEY_COLUMNS = ("chunk_hash", "context", "topic", "server", "backend", "model")


def default_cache_path() -> Path:
    """results.sqlite in the cache dir (core.settings.cache_dir)."""
    return cache_dir() / "results.sqlite"


def normalise_server(url: str) -> str:
    """One spelling per server: lower-case scheme and host, no default port, no trailing /."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), parts.query, ""))


def context_hash(doc: Document, chunk: Chunk, k: int = 1) -> str:
    """A digest of the neighbour texts (k each side) a prompt carries around `chunk`."""
    before = doc.chunks[max(0, chunk.index - k):chunk.index]
    after = doc.chunks[chunk.index + 1:chunk.index + 1 + k]
    digest = hashlib.sha256()
    for part in (*(c.hash for c in before), "|", *(c.hash for c in after)):
        digest.update(part.encode())
    return digest.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class CacheKey:
    """What an answer depended on (the prompt version is added by the cache)."""

    chunk_hash: str
    context: str
    topic: str
    server: str
    backend: str
    model: str

    @classmethod
    def of(cls, doc: Document, chunk: Chunk, server: str, backend: str,
           model: str, identity: str = "") -> CacheKey:
        """The key of `chunk`'s answer; `identity` is what the server said about itself."""
        where = normalise_server(server) + (f" {identity}" if identity else "")
        return cls(chunk.hash, context_hash(doc, chunk), doc.topic, where, backend, model)


class ResultCache:
    """Roles keyed by CacheKey and the prompt version."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        columns = ", ".join(f"{c} TEXT" for c in _KEY_COLUMNS)
        key = ", ".join((*_KEY_COLUMNS, "prompt_version"))
        self._db.execute(  # results_v2: the old table lacked the server and the context
            f"CREATE TABLE IF NOT EXISTS results_v2 ({columns}, prompt_version TEXT,"
            f" roles TEXT, created REAL, PRIMARY KEY ({key}))")
        self._db.commit()

    def get(self, key: CacheKey) -> tuple[str, ...] | None:
        where = " AND ".join(f"{c}=?" for c in (*_KEY_COLUMNS, "prompt_version"))
        row = self._db.execute(f"SELECT roles FROM results_v2 WHERE {where}",
                               (*astuple(key), PROMPT_VERSION)).fetchone()
        return tuple(json.loads(row[0])) if row else None

    def put(self, key: CacheKey, roles: tuple[str, ...]) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO results_v2 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*astuple(key), PROMPT_VERSION, json.dumps(list(roles)), time.time()))
        self._db.commit()

    def clear(self) -> None:
        self._db.execute("DELETE FROM results_v2")
        self._db.commit()

    def close(self) -> None:
        self._db.close()

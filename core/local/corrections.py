"""The writer's own role corrections: stored per paragraph text, exported as a labeled corpus.

A correction sticks to a paragraph's text, whatever the draft, method or run: it is keyed by
the hash of the normalised text (Unicode NFC, runs of white space as one space, trimmed), so
re-wrapping a paragraph keeps it. The store is one JSON file in the user's data directory
($DRAFTLENS_DATA_DIR, else the platform's), rewritten atomically on every change. Plain
Python (no Qt): the GUI, the command line and the Local model's adaptation share it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from core.evaluate import load_corpus
from core.roles import ROLE_IDS
from core.settings import data_dir
from core.textio import DraftError, write_text_atomic

log = logging.getLogger(__name__)
FILE_NAME = "corrections.json"
FORMAT_VERSION = 1
MAX_ROLES = 2  # as in the labeled corpora: a primary role and at most one more


class CorrectionsError(DraftError):
    """Bad input for the corrections store; the message says what and where."""


@dataclass(frozen=True, slots=True)
class Correction:
    """The writer's roles for one paragraph text (primary first)."""

    text: str
    roles: tuple[str, ...]
    lang: str = ""
    topic: str = ""
    added: float = 0.0  # time.time() when stored

    @property
    def key(self) -> str:
        return text_key(self.text)


def normalise(text: str) -> str:
    """The form a paragraph is matched in: NFC, white-space runs as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_key(text: str) -> str:
    """The store's key for a paragraph: sha256 hex of its normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def default_path() -> Path:
    """corrections.json in the data dir (core.settings.data_dir)."""
    return data_dir() / FILE_NAME


def check_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """`roles` as a tuple of known role ids (1 or 2, no repeats); CorrectionsError otherwise."""
    out = tuple(dict.fromkeys((roles,) if isinstance(roles, str) else roles))
    if not 1 <= len(out) <= MAX_ROLES:
        raise CorrectionsError(f"a correction needs 1 or {MAX_ROLES} roles, got {len(out)}.")
    unknown = [r for r in out if r not in ROLE_IDS]
    if unknown:
        raise CorrectionsError(f"unknown role id {unknown[0]!r}; known: {', '.join(ROLE_IDS)}.")
    return out


class CorrectionStore:
    """The corrections file: read once, written through on every change.

    A file that cannot be read as corrections is moved aside (never deleted) and the store
    starts empty; `warning` then says where the old file went.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.warning = ""
        self._items: dict[str, Correction] = {}
        self._stamp: tuple[int, int] | None = None
        self.reload()

    # ---- reading ---------------------------------------------------------------------
    def reload(self) -> bool:
        """Re-read the file if another process changed it; True when it was re-read."""
        stamp = _stamp(self.path)
        if stamp == self._stamp:
            return False
        self._items = self._read() if stamp is not None else {}
        self._stamp = _stamp(self.path)
        return True

    def _read(self) -> dict[str, Correction]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            items = [_from_dict(obj) for obj in raw["corrections"]]
        except (OSError, ValueError, KeyError, TypeError, CorrectionsError) as exc:
            self._set_aside(exc)
            return {}
        return {c.key: c for c in items}

    def _set_aside(self, exc: Exception) -> None:
        aside = self.path.with_name(f"{self.path.name}.unreadable-{int(time.time())}")
        try:
            os.replace(self.path, aside)
        except OSError:
            aside = self.path
        self.warning = (f"The corrections file {self.path} could not be read ({exc}); it was "
                        f"kept as {aside} and corrections start empty.")
        log.warning(self.warning)

    def get(self, text: str) -> Correction | None:
        """The correction of a paragraph text, or None."""
        return self._items.get(text_key(text)) if self._items else None

    def all(self) -> list[Correction]:
        """Every correction, oldest first."""
        return sorted(self._items.values(), key=lambda c: c.added)

    def __len__(self) -> int:
        return len(self._items)

    def labeled_pairs(self) -> list[tuple[str, tuple[str, ...]]]:
        """(text, roles) of every correction, oldest first: training data for adaptation."""
        return [(c.text, c.roles) for c in self.all()]

    # ---- changing ----------------------------------------------------------------------
    def add(self, text: str, roles: Iterable[str], lang: str = "", topic: str = "") -> Correction:
        """Store (or replace) the writer's roles for `text`; written at once."""
        if not normalise(text):
            raise CorrectionsError("an empty paragraph cannot be corrected.")
        c = Correction(text, check_roles(roles), lang, topic.strip(), time.time())
        self._commit({**self._items, c.key: c})
        return c

    def remove(self, text: str) -> Correction | None:
        """Forget the correction of `text`; return it (None when there was none)."""
        key = text_key(text)
        c = self._items.get(key)
        if c is not None:
            self._commit({k: v for k, v in self._items.items() if k != key})
        return c

    def clear(self) -> int:
        """Forget every correction; return how many there were."""
        n = len(self._items)
        self._commit({})
        return n

    def restore(self, items: Iterable[Correction]) -> None:
        """Put corrections back (undo of a remove or a clear), keeping their times."""
        self._commit({**self._items, **{c.key: c for c in items}})

    def _commit(self, items: dict[str, Correction]) -> None:
        """Write `items` to the file, then hold them (OSError: nothing changes)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ordered = sorted(items.values(), key=lambda c: c.added)
        data = {"version": FORMAT_VERSION, "corrections": [asdict(c) for c in ordered]}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))
        self._items = items
        self._stamp = _stamp(self.path)

    # ---- corpus format -----------------------------------------------------------------
    def import_corpus(self, path: str | Path) -> int:
        """Add every paragraph of a labeled corpus (.jsonl, one draft per line); return how
        many. Nothing is stored when any line is malformed (CorrectionsError names it)."""
        try:
            drafts = load_corpus(path)
        except CorrectionsError:
            raise
        except DraftError as exc:
            raise CorrectionsError(str(exc)) from exc
        now = time.time()
        added = [Correction(text, roles, d.lang, d.topic, now)
                 for d in drafts for text, roles in zip(d.paragraphs, d.roles, strict=True)
                 if normalise(text)]
        self._commit({**self._items, **{c.key: c for c in added}})
        return len(added)

    def export_corpus(self, path: str | Path) -> int:
        """Write the corrections as a labeled corpus: one draft per (language, topic); return
        the number of paragraphs written."""
        write_text_atomic(path, to_corpus(self.all()))
        return len(self._items)


def to_corpus(items: list[Correction]) -> str:
    """Corrections as JSONL drafts ({id, lang, topic, paragraphs: [{text, roles}]})."""
    drafts: dict[tuple[str, str], list[Correction]] = {}
    for c in items:
        drafts.setdefault((c.lang, c.topic), []).append(c)
    lines = []
    for n, ((lang, topic), group) in enumerate(drafts.items(), 1):
        paragraphs = [{"text": c.text, "roles": list(c.roles)} for c in group]
        lines.append(json.dumps({"id": f"corrections_{lang or 'xx'}_{n}", "lang": lang,
                                 "topic": topic, "paragraphs": paragraphs},
                                ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def _from_dict(obj: dict) -> Correction:
    return Correction(str(obj["text"]), check_roles(obj["roles"]), str(obj.get("lang", "")),
                      str(obj.get("topic", "")), float(obj.get("added", 0.0)))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size

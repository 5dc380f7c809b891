"""Incremental parser for answers of the form `<marker>: <role>[, <role>]`, one line each."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.roles import parse_roles

_LINE = re.compile(
    r"^[\s>*#\-•`]*(?:(?:paragraph|para|абзац|п\.)\s*)?[\[(]?([A-Za-z0-9]{1,12})[\])]?`?\s*"
    r"[:.)=\-–—]\s*(.*?)\s*$",
    re.IGNORECASE,
)
_DECOR = re.compile(r"[*`\"'«»]+|(?<![A-Za-z])_+|_+(?![A-Za-z])")
_TRAILING_NOTE = re.compile(r"\s*(?:\(.*\)|—.*|–.*| - .*)$")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer for the paragraph behind `marker`: roles (primary first)."""

    marker: str
    roles: tuple[str, ...]

    @property
    def n(self) -> str:
        """Old name of `marker`."""
        return self.marker


class AnswerParser:
    """Feed streamed text; get a verdict the moment each line completes.

    Only markers in `expected` (the ones we issued) can receive a verdict, each at most once
    (the first valid line wins); case does not matter. Lines that do not parse are remembered
    as errors for their marker, reported by `finish()` only when no valid line for it arrived.
    """

    def __init__(self, expected: Iterable[str]) -> None:
        self._expected = {str(m).lower(): str(m) for m in expected}
        self._done: set[str] = set()
        self._errors: dict[str, str] = {}
        self._buffer = ""

    def feed(self, text: str) -> list[Verdict]:
        """Consume a piece of the answer; return verdicts for lines completed by it."""
        self._buffer += text
        if "\n" not in self._buffer:
            return []
        *complete, self._buffer = self._buffer.split("\n")
        return [v for line in complete if (v := self._line(line)) is not None]

    def finish(self) -> tuple[list[Verdict], dict[str, str]]:
        """Flush the last line; return its verdict (if any) and an error for each missing one."""
        last = self._line(self._buffer) if self._buffer else None
        self._buffer = ""
        missing = {
            marker: self._errors.get(marker, "no answer line for this paragraph")
            for marker in self._expected.values() if marker not in self._done
        }
        return ([last] if last else []), missing

    @property
    def answered(self) -> set[str]:
        return set(self._done)

    def _line(self, line: str) -> Verdict | None:
        m = _LINE.match(line)
        if not m:
            return None
        marker = self._expected.get(m.group(1).lower())
        if marker is None or marker in self._done:
            return None
        raw = _DECOR.sub("", m.group(2)).strip().rstrip(".;")
        roles = parse_roles(raw) or parse_roles(_TRAILING_NOTE.sub("", raw))
        if roles is None:
            self._errors.setdefault(marker, f"unrecognised role in answer: {raw[:80]!r}")
            return None
        self._done.add(marker)
        return Verdict(marker, roles)

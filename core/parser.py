"""Incremental parser for answers of the form `<n>: <role>[, <role>]`, one line each."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.roles import parse_roles

_LINE = re.compile(
    r"^[\s>*#\-•]*(?:paragraph|para|абзац|п\.)?\s*[\[(]?(\d{1,4})[\])]?\s*[:.)=\-–—]\s*(.*?)\s*$",
    re.IGNORECASE,
)
_DECOR = re.compile(r"[*`\"'«»]+|(?<![A-Za-z])_+|_+(?![A-Za-z])")
_TRAILING_NOTE = re.compile(r"\s*(?:\(.*\)|—.*|–.*| - .*)$")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer for paragraph number `n`: roles (primary first)."""

    n: int
    roles: tuple[str, ...]


class AnswerParser:
    """Feed streamed text; get a verdict the moment each line completes.

    Only numbers in `expected` can receive a verdict, each at most once (the first valid line
    wins). Lines that do not parse are remembered as errors for their number, reported by
    `finish()` only when no valid line for that number arrived.
    """

    def __init__(self, expected: Iterable[int]) -> None:
        self._expected = set(expected)
        self._done: set[int] = set()
        self._errors: dict[int, str] = {}
        self._buffer = ""

    def feed(self, text: str) -> list[Verdict]:
        """Consume a piece of the answer; return verdicts for lines completed by it."""
        self._buffer += text
        if "\n" not in self._buffer:
            return []
        *complete, self._buffer = self._buffer.split("\n")
        return [v for line in complete if (v := self._line(line)) is not None]

    def finish(self) -> tuple[list[Verdict], dict[int, str]]:
        """Flush the last line; return its verdict (if any) and an error for each missing number."""
        last = self._line(self._buffer) if self._buffer else None
        self._buffer = ""
        missing = {
            n: self._errors.get(n, "no answer line for this paragraph")
            for n in sorted(self._expected - self._done)
        }
        return ([last] if last else []), missing

    @property
    def answered(self) -> set[int]:
        return set(self._done)

    def _line(self, line: str) -> Verdict | None:
        m = _LINE.match(line)
        if not m:
            return None
        n = int(m.group(1))
        if n not in self._expected or n in self._done:
            return None
        raw = _DECOR.sub("", m.group(2)).strip().rstrip(".;")
        roles = parse_roles(raw) or parse_roles(_TRAILING_NOTE.sub("", raw))
        if roles is None:
            self._errors.setdefault(n, f"unrecognised role in answer: {raw[:80]!r}")
            return None
        self._done.add(n)
        return Verdict(n, roles)

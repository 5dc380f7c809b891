"""Keep the GUI thread responsive while a Python worker thread computes.

CPython hands the GIL between threads every switch interval (5 ms by default). While a worker
thread computes, the GUI thread gets it back only at that pace: a document-map paint that
needs 12 ms of CPU took 45-72 ms of wall time beside the review's thread (bench-gui, 5,000
paragraphs). Handing the GIL over more often while workers run keeps the GUI's share fair.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
SWITCH_S = 0.0001  # the GIL switch interval while a worker thread runs
_switch = {"before": 0.0, "running": 0}  # the interval before the workers; workers running


@contextlib.contextmanager
def handed_often() -> Iterator[None]:
    """While inside, the interpreter hands the GIL over every SWITCH_S seconds (not every
    5 ms). Nested uses keep the low interval until the last one ends, then the interval from
    before is restored."""
    if not _switch["running"]:
        _switch["before"] = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_S)
    _switch["running"] += 1
    try:
        yield
    finally:
        _switch["running"] -= 1
        if not _switch["running"]:
            sys.setswitchinterval(_switch["before"])


async def in_a_worker(fn: Callable[[], T], name: str) -> T:
    """`fn` on a worker thread (classifier.in_a_thread) with the GIL handed over often until
    the thread ends. Measured at 5,000 paragraphs (bench-gui): at 5 ms a turn typing stalled
    ~100 ms while the review ran; at 0.5 ms the document map's paint (12 ms of its own CPU)
    still took 45-72 ms while the review's thread ran, and typing stalled 35-95 ms; at 0.1 ms,
    25-33 ms, and the refinement takes as long as before."""
    from core.local.classifier import in_a_thread  # numpy and the model: not at start-up

    with handed_often():
        return await in_a_thread(fn, name)

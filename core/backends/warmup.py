"""Import what the network methods load lazily on first use, ahead of time.

The SDK imports its Chat Completions and Realtime resources (hundreds of modules) the first
time a client touches them. In the GUI that would happen on the event-loop thread in the
middle of a run (and PySide6's import hook reads each module's source, which makes it slower),
so the application warms them up on a background thread at start-up.
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

LAZY_MODULES: tuple[str, ...] = (
    "openai.resources.chat.chat",
    "openai.resources.chat.completions.completions",
    "openai.lib.streaming.chat",
    "openai.resources.realtime.realtime",
    "openai.types.realtime",
    "openai.lib._websocket",
    "websockets.asyncio.client",
    "websockets.sync.client",
    "numpy.ma",  # pyqtgraph's first setData
    "encodings.utf_16_le",  # UTF-16 offsets for Qt positions
)


def warm_imports(modules: tuple[str, ...] = LAZY_MODULES) -> None:
    """Import `modules` and build the shared TLS context; a missing module is logged."""
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            log.info("warm-up skipped %s: %s", name, exc)
    from core.backends.client import tls_context

    tls_context()


def start_warm_up() -> threading.Thread:
    """Run `warm_imports` on a daemon thread; returns the started thread."""
    thread = threading.Thread(target=warm_imports, name="draftlens-warm-up", daemon=True)
    thread.start()
    return thread

"""What core says about reading and writing a draft file, in the interface language.

`core.textio` raises DraftError with English sentences and describes how a file was read in
`LoadedDraft.note`; `core.output.messages.say` (the core catalog the CLI uses too) says them
again in the interface language, file names, sizes and system messages kept.
"""

from __future__ import annotations

from core.output.messages import say
from core.textio import NAMES, LoadedDraft
from gui.common.i18n import language


def file_message(text: str) -> str:
    """A DraftError's message in the interface language (unknown shapes unchanged)."""
    return say(text, language())


def read_note(loaded: LoadedDraft) -> str:
    """How the file was read ('' for plain UTF-8), in the interface language."""
    if loaded.encoding == "utf-8":
        return ""
    return say(loaded.note, language()) or NAMES.get(loaded.encoding, loaded.encoding)

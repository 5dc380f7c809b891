"""What core says about reading and writing a draft file, in the interface language.

`core.textio` raises DraftError with English sentences and describes how a file was read in
`LoadedDraft.note`; the known shapes are matched here and said again with translated words
(file names, sizes and system messages stay as they are).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core.textio import NAMES, LoadedDraft
from gui.common.i18n import fill

translate = QCoreApplication.translate
_CTX = "FileMessages"

MESSAGES = (  # pattern -> sentence with %1, %2 ... for the pattern's groups
    (re.compile(r"(.+) looks like a binary file, not a text draft\."),
     QT_TRANSLATE_NOOP("FileMessages", "%1 looks like a binary file, not a text draft.")),
    (re.compile(r"(.+) is not readable text in UTF-8 or a common code page; save it as UTF-8 "
                r"and try again\."),
     QT_TRANSLATE_NOOP("FileMessages", "%1 is not readable text in UTF-8 or a common code "
                       "page; save it as UTF-8 and try again.")),
    (re.compile(r"(.+) is larger than (\d+) MB; drafts up to that size are supported\. Split it "
                r"into smaller files\."),
     QT_TRANSLATE_NOOP("FileMessages", "%1 is larger than %2 MB; drafts up to that size are "
                       "supported. Split it into smaller files.")),
    (re.compile(r"(.+) starts with a (.+) mark but is not valid .+ text\."),
     QT_TRANSLATE_NOOP("FileMessages", "%1 starts with a %2 mark but is not valid %2 text.")),
    (re.compile(r"(.+) is a folder; give a text file\."),
     QT_TRANSLATE_NOOP("FileMessages", "%1 is a folder; give a text file.")),
    (re.compile(r"(.+): no such file\."), QT_TRANSLATE_NOOP("FileMessages", "%1: no such file.")),
    (re.compile(r"(.+): permission denied\."),
     QT_TRANSLATE_NOOP("FileMessages", "%1: permission denied.")),
    (re.compile(r"(.+): cannot read \((.+)\)\.", re.S),
     QT_TRANSLATE_NOOP("FileMessages", "%1: cannot read (%2).")),
    (re.compile(r"(.+) is saved as (.+), which cannot hold “(.+)” \((U\+[0-9A-F]+)\) and other "
                r"characters you typed\."),
     QT_TRANSLATE_NOOP("FileMessages", "%1 is saved as %2, which cannot hold “%3” (%4) and "
                       "other characters you typed.")),
    (re.compile(r"Cannot save (.+): (.+)\.", re.S),
     QT_TRANSLATE_NOOP("FileMessages", "Cannot save %1: %2.")),
)


def file_message(text: str) -> str:
    """A DraftError's message in the interface language (unknown shapes unchanged)."""
    for pattern, sentence in MESSAGES:
        m = pattern.fullmatch(text)
        if m:
            return fill(translate(_CTX, sentence), *m.groups())
    return text


def read_note(loaded: LoadedDraft) -> str:
    """How the file was read ('' for plain UTF-8), in the interface language."""
    if loaded.encoding == "utf-8":
        return ""
    name = NAMES.get(loaded.encoding, loaded.encoding)
    if loaded.detected:
        return fill(translate("FileMessages", "read as %1 (not UTF-8; detected — check "
                                              "accented letters)"), name)
    return fill(translate("FileMessages", "read as %1"), name)

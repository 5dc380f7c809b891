"""The reports the GUI exports, written from the command line (`analyze --format md|html|csv`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from core.models import ChunkResult, Document
from core.output import report as rpt
from core.textio import DraftError, write_text_atomic

WRITERS: dict[str, Callable[[rpt.Report], str]] = {
    "md": rpt.to_markdown, "html": rpt.to_html, "csv": rpt.to_csv, "json": rpt.to_json}


def write_report(doc: Document, results: Mapping[int, ChunkResult], method: str, fmt: str,
                 out: str | None, write: Callable[[str], None], title: str = "",
                 lang: str = "en") -> None:
    """Render the report as `fmt` in `lang`; write it atomically to `out` (a CSV file with a
    UTF-8 BOM, as the GUI's export, so Excel reads Cyrillic), else through `write`."""
    text = WRITERS[fmt](rpt.build_report(doc, results, title, method, lang))
    if out:
        try:
            write_text_atomic(out, text, bom=fmt == "csv")
        except OSError as exc:
            raise DraftError(f"cannot write {out}: {exc.strerror or exc}") from exc
    else:
        write(text.rstrip("\n"))

"""CSV exports open in Excel: UTF-8 with a byte-order mark, Cyrillic intact."""

from __future__ import annotations

import codecs
import csv
import io

from gui.shell import actions


def test_csv_export_starts_with_a_utf8_bom(tmp_path, make_window):
    w = make_window()
    text, topic = actions.sample("ru")
    w.load_text(text, None, topic)
    path = tmp_path / "report.csv"
    assert actions.export_to(w, "csv", str(path))
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(w.editor.state.entries) + 1
    assert any("научно-популярн" in cell for row in rows for cell in row)
    md = tmp_path / "report.md"
    assert actions.export_to(w, "md", str(md))
    assert not md.read_bytes().startswith(codecs.BOM_UTF8)  # only CSV gets the mark

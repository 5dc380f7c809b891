"""Report writers: every format parses back to the same rows."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest

from core.chunking import make_document
from core.models import ChunkResult, Timings
from core.output.report import build_report, to_csv, to_html, to_json, to_markdown

TEXT = ("# Title\n\nFirst, with \"quotes\", commas; and | pipes.\n\nSecond line one\n"
        "second line two.\n\nThird <b>not bold</b> & more.\n\nFourth never analysed.")


def _report():
    doc = make_document(TEXT, "gardens")
    c = doc.chunks
    ok = ChunkResult(c[1].id, 1, c[1].hash, ("example", "humor"), "rest", "m",
                     Timings(1.0, done=1.25), relevance=0.8, complexity=0.3)
    ok2 = ChunkResult(c[2].id, 2, c[2].hash, ("key_thesis",), "local", provisional=True)
    err = ChunkResult(c[3].id, 3, c[3].hash, (), "rest", error="timed out, after 60 s")
    head = ChunkResult(c[0].id, 0, c[0].hash, ("transition",), "local", cached=True)
    return doc, build_report(doc, {0: head, 1: ok, 2: ok2, 3: err}, "My draft", "hybrid")


def test_summary_counts_and_shares():
    _, report = _report()
    summary = {s.role: s for s in report.summary}
    assert set(summary) == {"transition", "example", "key_thesis"}
    assert all(s.count == 1 for s in summary.values())
    assert 0 < sum(s.share for s in summary.values()) < 1  # two chunks have no role


def test_json_round_trip():
    doc, report = _report()
    data = json.loads(to_json(report))
    assert data["title"] == "My draft" and data["method"] == "hybrid"
    assert [r["text"] for r in data["rows"]] == [c.text for c in doc.chunks]
    assert data["rows"][1]["roles"] == ["example", "humor"]
    assert data["rows"][1]["latency_ms"] == 250.0
    assert data["rows"][3]["error"] == "timed out, after 60 s"
    assert data["rows"][4]["roles"] == []


def test_csv_round_trip_with_quotes_and_newlines():
    doc, report = _report()
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert [r["text"] for r in rows] == [c.text for c in doc.chunks]
    assert rows[1]["roles"] == "example;humor" and rows[1]["primary_role"] == "example"
    assert rows[2]["provisional"] == "1" and rows[0]["cached"] == "1"
    assert rows[3]["error"] == "timed out, after 60 s" and rows[3]["roles"] == ""


def test_html_escapes_text_and_colours_paragraphs():
    doc, report = _report()
    page = to_html(report)
    paras: list[dict] = []
    texts: list[str] = []

    class P(HTMLParser):
        inside = False

        def handle_starttag(self, tag, attrs):
            if tag == "p" and dict(attrs).get("class") == "para":
                paras.append(dict(attrs))
                texts.append("")
                self.inside = True

        def handle_endtag(self, tag):
            if tag == "p":
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                texts[-1] += data
    P().feed(page)
    assert len(paras) == len(doc.chunks)
    assert paras[1]["data-roles"] == "example;humor"
    assert "#DDCC77" in paras[1]["style"]  # the example colour
    assert "<b>not bold</b>" in texts[3]  # escaped, so it came back as text
    assert "<b>not bold</b>" not in page


def test_markdown_has_table_and_every_paragraph():
    doc, report = _report()
    md = to_markdown(report)
    assert md.startswith("# My draft")
    table = [line for line in md.splitlines() if line.startswith("| ")]
    assert table[0] == "| Role | Paragraphs | Share |" and len(table) == 1 + 3
    headings = [line for line in md.splitlines() if line.startswith("### ")]
    assert len(headings) == len(doc.chunks)
    assert headings[1] == "### 2. example, humor"
    assert headings[3].endswith("error") and headings[4].endswith("not analysed")
    assert "> second line two." in md


def _one_paragraph_report(text: str):
    doc = make_document(text, "gardens")
    return build_report(doc, {}, "Draft", "local")


def test_markdown_escapes_html_from_the_draft():
    evil = ('Look <script>alert("x")</script> <img src=x onerror=alert(1)> '
            "[click](javascript:alert(2)) <a href='http://evil'>here</a>")
    md = to_markdown(build_report(make_document(evil, "<b>topic</b>"), {}, "<i>t</i>", "local"))
    bodies = [line.removeprefix(">") for line in md.splitlines()]  # blockquote markers
    assert not any("<" in b or ">" in b for b in bodies)
    assert "&lt;script&gt;" in md and "&lt;b&gt;topic&lt;/b&gt;" in md
    assert "[click](" not in md and "\\[click\\](javascript:" in md


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0",
                                  "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"])
def test_csv_neutralises_formula_cells(text):
    rows = list(csv.DictReader(io.StringIO(to_csv(_one_paragraph_report("Intro.\n\n" + text)))))
    cell = rows[-1]["text"]
    assert cell.startswith("'") and cell[1:] == text.strip()
    assert rows[0]["text"] == "Intro."


def test_html_shows_the_draft_shape_as_inline_svg():
    from core.output.report import MAP_W, svg_map
    doc, report = _report()
    page = to_html(report)
    assert page.count('<svg class="map"') == 1 and page.count('<svg class="shares"') == 1
    widths, links, fills = [], [], []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "a" and a.get("href", "").startswith("#p"):
                links.append(a["href"])
            if tag == "rect" and "x" in a and a.get("height") == "48":
                widths.append(float(a["width"]))
                fills.append(a["fill"])
    P().feed(svg_map(report))
    total = sum(len(r.text) for r in report.rows)
    assert links == [f"#p{r.index}" for r in report.rows]
    for w, r in zip(widths, report.rows, strict=True):  # as wide as its share of the text
        assert abs(w - len(r.text) / total * MAP_W) < 0.01
    assert fills[1] == "#DDCC77"  # example, the primary role of paragraph 2
    assert all(f'id="p{r.index}"' in page for r in report.rows)  # the bands' targets exist
    for s in report.summary:
        assert f"{s.share * 100:.0f}% · {s.count} paragraph" in page
    assert "<b>not bold</b>" not in page

"""Uncertain verdicts: a paler tint in the editor and the map, words in the panel; results
without a confidence look as before."""

from __future__ import annotations

import pytest
from fakes import colour_distance as distance
from fakes import editor_with, with_confidence
from PySide6.QtGui import QColor, QPalette

from gui.common.confidence import UNCERTAIN_BELOW
from gui.common.describe import describe_html
from gui.common.role_style import role_color
from gui.editor.draft_editor import DraftEditor
from gui.panels.details import DetailsPanel
from gui.panels.doc_map import DocumentMap

# three paragraphs of equal length
TEXT = "\n\n".join(f"Paragraph {i} about gardens and soil, told at some length here." for i in
                   range(3))


def make_editor(qtbot) -> DraftEditor:
    return editor_with(qtbot, TEXT, "gardens")


def result(editor: DraftEditor, i: int, roles=("humor",), confidence=None):
    return with_confidence(editor.state.doc.chunks[i], roles, confidence)


def background(editor: DraftEditor, i: int) -> QColor:
    """The background the highlighter actually gave paragraph i's block (its char format)."""
    block = editor.document().findBlockByNumber(editor.state.entries[i].first_block)
    ranges = block.layout().formats()
    assert ranges and ranges[0].start == 0 and ranges[0].length == len(block.text())
    return ranges[0].format.background().color()


def test_an_uncertain_verdict_is_paler_than_a_sure_one_and_no_confidence_looks_as_before(qtbot):
    editor = make_editor(qtbot)
    base = editor.palette().color(QPalette.ColorRole.Base)
    editor.apply_result(result(editor, 0, confidence=0.41))
    editor.apply_result(result(editor, 1, confidence=0.83))
    editor.apply_result(result(editor, 2, confidence=None))
    unsure, sure, unknown = (background(editor, i) for i in range(3))
    assert sure == unknown  # a network result (no confidence) looks like a sure one
    assert unsure != sure
    # paler: nearer the editor's background than the sure tint, on every channel
    assert distance(unsure, base) < distance(sure, base)
    for u, s, b in zip(unsure.getRgb()[:3], sure.getRgb()[:3], base.getRgb()[:3], strict=True):
        assert min(s, b) <= u <= max(s, b)
    assert unsure != base  # still coloured: the role stays readable


def test_the_threshold_itself_is_sure(qtbot):
    editor = make_editor(qtbot)
    editor.apply_result(result(editor, 0, confidence=UNCERTAIN_BELOW))
    editor.apply_result(result(editor, 1, confidence=None))
    assert background(editor, 0) == background(editor, 1)


def test_the_document_map_draws_an_uncertain_band_paler(qtbot):
    editor = make_editor(qtbot)
    doc_map = DocumentMap(editor)
    qtbot.addWidget(doc_map)
    doc_map.resize(doc_map.width(), 302)
    editor.apply_result(result(editor, 0, confidence=0.3))
    editor.apply_result(result(editor, 1, confidence=0.9))
    doc_map.show()
    image = doc_map.grab().toImage()
    (_, t0, b0), (_, t1, b1), _ = doc_map._bands()
    unsure = image.pixelColor(doc_map.width() // 2, int((t0 + b0) / 2))
    sure = image.pixelColor(doc_map.width() // 2, int((t1 + b1) / 2))
    assert sure == role_color("humor")
    base = doc_map.palette().color(QPalette.ColorRole.Base)
    assert distance(unsure, base) < distance(sure, base) and unsure != base


@pytest.mark.parametrize("roles, confidence, says, not_says", [
    (("topic_disclosure", "humor"), 0.41, "uncertain (0.41) — maybe humor", "confidence"),
    (("topic_disclosure",), 0.2, "uncertain (0.20)", "maybe"),
    (("topic_disclosure", "humor"), 0.83, "confidence 0.83", "uncertain"),
    (("topic_disclosure",), None, "topic disclosure", "uncertain"),
])
def test_the_paragraph_panel_says_how_sure(qtbot, roles, confidence, says, not_says):
    editor = make_editor(qtbot)
    editor.apply_result(result(editor, 0, roles, confidence))
    panel = DetailsPanel()
    qtbot.addWidget(panel)
    panel.show_entry(editor.state.entries[0], 0)
    text = panel.label.text()
    assert says in text
    assert not_says not in text
    assert text == describe_html(editor.state.entries[0], 0)


def test_an_uncertain_verdict_with_one_role_names_the_models_runner_up(qtbot):
    editor = make_editor(qtbot)
    r = result(editor, 0, ("topic_disclosure",), 0.3)
    r.runner_up = "metaphor"  # Local's next most probable role, not close enough to be shown
    editor.apply_result(r)
    panel = DetailsPanel()
    qtbot.addWidget(panel)
    panel.show_entry(editor.state.entries[0], 0)
    assert "uncertain (0.30) — maybe metaphor" in panel.label.text()

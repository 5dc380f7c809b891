"""The Findings panel: items, count, jump, revision section."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.review.findings import Finding
from gui.panels.findings import FindingsPanel


def finding(i: int, severity: str = "info") -> Finding:
    return Finding(f"rule{i}", severity, [i, i + 1], f"message {i}", f"suggestion {i}")


def test_items_count_and_click_jumps_to_the_first_paragraph(qtbot):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.sig_count) as counted:
        panel.set_findings([finding(3, "warning"), finding(7)])
    assert counted.args == [2]
    assert panel.list.count() == 2 and "message 3" in panel.list.item(0).text()
    assert "suggestion 7" in panel.list.item(1).text()
    with qtbot.waitSignal(panel.sig_jump) as jumped:
        panel.list.itemClicked.emit(panel.list.item(1))
    assert jumped.args == [7]


def test_no_findings_shows_a_hint_that_cannot_be_picked(qtbot):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.set_findings([])
    item = panel.list.item(0)
    assert panel.list.count() == 1 and item.flags() == Qt.ItemFlag.NoItemFlags
    with qtbot.assertNotEmitted(panel.sig_jump):
        panel.list.itemClicked.emit(item)


def test_revision_section_lists_changed_paragraphs(qtbot):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_revision("noise 12 % → 5 %", [(4, "¶5: noise → example")])
    assert "noise 12 % → 5 %" in panel.revision_label.text()
    assert panel.changed.isVisible() and panel.changed.item(0).text() == "¶5: noise → example"
    with qtbot.waitSignal(panel.sig_jump) as jumped:
        panel.changed.itemClicked.emit(panel.changed.item(0))
    assert jumped.args == [4]
    panel.set_revision("", [])
    assert not panel.revision_label.isVisible() and not panel.changed.isVisible()

"""The Help menu: roles and colours, keyboard shortcuts, About (with the installed version)."""

from __future__ import annotations

import html
from importlib import metadata
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMenuBar,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.roles import ROLES
from gui.common.i18n import role_label, role_meaning
from gui.common.role_style import cue_text
from gui.panels.legend import Swatch

if TYPE_CHECKING:
    from gui.shell.main_window import MainWindow

translate = QCoreApplication.translate


def version() -> str:
    """The installed DraftLens version ("unknown" when run from a bare source tree)."""
    try:
        return metadata.version("draftlens")
    except metadata.PackageNotFoundError:
        return translate("Help", "unknown")


def build(w: MainWindow, bar: QMenuBar) -> None:
    """Add the Help menu to the window's menu bar."""
    menu = bar.addMenu(translate("Help", "&Help"))
    for text, slot, key in (
        (translate("Help", "&Roles and colours"), lambda: roles_dialog(w), "F1"),
        (translate("Help", "&Keyboard shortcuts"),
         lambda: shortcuts_dialog(w), None),
        (translate("Help", "&About DraftLens"), lambda: about_box(w), None),
    ):
        action = QAction(text, w)
        if key:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False, s=slot: s())
        menu.addAction(action)


def _dialog(w: MainWindow, title: str, body: QWidget) -> QDialog:
    dlg = QDialog(w)
    dlg.setWindowTitle(title)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    area = QScrollArea()
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dlg.reject)
    layout = QVBoxLayout(dlg)
    layout.addWidget(area)
    layout.addWidget(buttons)
    dlg.resize(640, 520)
    dlg.open()
    return dlg


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def roles_dialog(w: MainWindow) -> QDialog:
    """Every role: the editor's highlight, name, meaning and text cue; then the states."""
    body = QWidget()
    grid = QGridLayout(body)
    intro = QLabel(QCoreApplication.translate(
        "Help", "Each paragraph gets a main role (and sometimes a second one) relative to the "
        "draft's topic. The editor colours the paragraph's background by its main role; some "
        "roles also change the text style, so colour is never the only cue."))
    intro.setWordWrap(True)
    grid.addWidget(intro, 0, 0, 1, 3)
    formats = w.editor.highlighter.formats
    for k, role in enumerate(ROLES, start=1):
        grid.addWidget(Swatch(lambda r=role.id: w.editor.highlighter.formats.role(r)), k, 0)
        grid.addWidget(QLabel(f"<b>{html.escape(role_label(role.id))}</b>"), k, 1)
        cue = cue_text(role.id)
        text = role_meaning(role.id) + (f" <i>({html.escape(cue)})</i>" if cue else "")
        grid.addWidget(_wrapped(text), k, 2)
    row = len(ROLES) + 1
    for fmt, name, meaning in (
        (formats.pending, translate("Help", "waiting"),
         translate("Help", "sent for analysis, no answer yet (hatched)")),
        (lambda: formats.stale("topic_disclosure"), translate("Help", "edited"),
         translate("Help", "changed since it was analysed: the faint colour is the old result")),
        (formats.error, translate("Help", "failed"),
         translate("Help", "the analysis failed (wavy underline); earlier results stay, faded")),
    ):
        grid.addWidget(Swatch(fmt), row, 0)
        grid.addWidget(QLabel(f"<b>{html.escape(name)}</b>"), row, 1)
        grid.addWidget(_wrapped(meaning), row, 2)
        row += 1
    note = QLabel(translate(
        "Help", "The document map beside the editor shows the same colours: each band is "
                     "a paragraph, as tall as its share of the text; the line is its relevance "
                     "to the topic; the frame is the part the editor shows."))
    note.setWordWrap(True)
    grid.addWidget(note, row, 0, 1, 3)
    grid.setColumnStretch(2, 1)
    return _dialog(w, translate("Help", "Roles and colours"), body)


def shortcuts(w: MainWindow) -> list[tuple[str, str]]:
    """(action, keys) for every menu action with a shortcut, in menu order."""
    out = []
    for menu_action in w.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu else ():
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                             for s in action.shortcuts())
            if keys:
                out.append((action.text().replace("&", ""), keys))
    return out


def shortcuts_dialog(w: MainWindow) -> QDialog:
    body = QWidget()
    grid = QGridLayout(body)
    for k, (name, keys) in enumerate(shortcuts(w)):
        grid.addWidget(QLabel(f"<b>{html.escape(keys)}</b>"), k, 0)
        grid.addWidget(QLabel(html.escape(name)), k, 1)
    grid.setColumnStretch(1, 1)
    grid.setRowStretch(len(shortcuts(w)), 1)
    return _dialog(w, translate("Help", "Keyboard shortcuts"), body)


def about_box(w: MainWindow) -> QMessageBox:
    text = translate(
        "Help", "<h3>DraftLens %1</h3><p>See what every paragraph of your draft does: ten "
              "semantic roles relative to the topic, streamed live from a local classifier or "
              "an OpenAI-compatible server.</p>").replace("%1", html.escape(version()))
    box = QMessageBox(QMessageBox.Icon.Information, translate("Help", "About DraftLens"), text,
                      QMessageBox.StandardButton.Ok, w)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box

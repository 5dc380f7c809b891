"""The "Mark as…" menu: the writer sets a paragraph's role (the editor's context menu and the
paragraph panel build the same one)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from core.roles import ROLE_IDS
from gui.common.role_style import role_name

translate = QCoreApplication.translate
REMOVE = ""  # the role value of "Remove my correction"


def mark_menu(parent: QWidget, mine: str | None, on_mark: Callable[[str], None]) -> QMenu:
    """A menu of the ten roles (the writer's current one checked) and "Remove my correction";
    choosing calls `on_mark(role_id)`, or `on_mark(REMOVE)`."""
    menu = QMenu(translate("MarkMenu", "Mark as…"), parent)
    menu.setObjectName("mark_menu")
    menu.setToolTipsVisible(True)
    fill_mark_menu(menu, mine, on_mark)
    return menu


def fill_mark_menu(menu: QMenu, mine: str | None, on_mark: Callable[[str], None]) -> None:
    """(Re)fill `menu` with the roles and "Remove my correction" (see mark_menu)."""
    menu.clear()
    for rid in ROLE_IDS:
        action = QAction(role_name(rid), menu)
        action.setObjectName(f"mark_{rid}")
        action.setCheckable(True)
        action.setChecked(rid == mine)
        action.setToolTip(translate("MarkMenu", "Your own role for this paragraph: kept for its "
                                                "text, whatever the analysis says"))
        action.triggered.connect(lambda _=False, rid=rid: on_mark(rid))
        menu.addAction(action)
    menu.addSeparator()
    remove = QAction(translate("MarkMenu", "Remove my correction"), menu)
    remove.setObjectName("mark_remove")
    remove.setEnabled(mine is not None)
    remove.triggered.connect(lambda _=False: on_mark(REMOVE))
    menu.addAction(remove)

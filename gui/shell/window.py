"""Build the main window with its menus and file actions (the window itself does not know them)."""

from __future__ import annotations

from typing import Any

from gui.shell import actions, compare, review
from gui.shell.geometry import DockYielder
from gui.shell.main_window import MainWindow


def create_window(*args: Any, **options: Any) -> MainWindow:
    """A `MainWindow(*args, **options)` with menus, drop-to-open and the close question."""
    window = MainWindow(*args, **options)
    actions.install(window)
    review.install(window)
    compare.install(window)
    DockYielder(window)
    return window

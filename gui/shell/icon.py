"""The application's icon (resources/icons: an SVG and PNGs rendered from it at usual sizes)."""

from __future__ import annotations

from importlib import resources as ilr

from PySide6.QtGui import QIcon

from gui.shell.desktop_install import APP_ID, PNG_SIZES


def app_icon() -> QIcon:
    """DraftLens' icon with every shipped size (the theme's own icon first, when installed)."""
    icons = ilr.files("resources").joinpath("icons")
    icon = QIcon()
    for n in PNG_SIZES:
        icon.addFile(str(icons.joinpath(f"{APP_ID}-{n}.png")))
    return QIcon.fromTheme(APP_ID, icon)

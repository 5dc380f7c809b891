"""The main window's size and dock layout: fit the screen, remember, yield when narrow.

First start: the window takes at most 1280×800 of the screen's available area (minus room for
the window manager's frame), centred. Afterwards the size, position and dock layout saved at
close are restored (QSettings in the config folder), clamped to a screen that still exists.
When the window is narrow the side docks give up width so the editor keeps most of it.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow

from core.settings import config_dir

DEFAULT_SIZE = (1280, 800)
FRAME_ROOM = (16, 48)          # the window manager's borders and title bar
DOCK_SHARE = 0.34              # side docks take at most this share of a narrow window
NARROW = 1000                  # below this width the docks yield
STATE_VERSION = 1


def _store() -> QSettings:
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def available_area(w: QMainWindow) -> QRect:
    """The available geometry of the window's screen (the primary one if it has none)."""
    screen = w.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen else QRect(0, 0, *DEFAULT_SIZE)


def fit_to_screen(w: QMainWindow) -> None:
    """At most DEFAULT_SIZE, within the available area with room for the frame, centred."""
    area = available_area(w)
    width = max(400, min(DEFAULT_SIZE[0], area.width() - FRAME_ROOM[0]))
    height = max(300, min(DEFAULT_SIZE[1], area.height() - FRAME_ROOM[1]))
    w.resize(width, height)
    w.move(area.x() + (area.width() - width - FRAME_ROOM[0]) // 2,
           area.y() + (area.height() - height - FRAME_ROOM[1]) // 2)


def clamp_to_screen(w: QMainWindow) -> None:
    """Move (and shrink) the window into the available area of a screen that exists now."""
    frame = w.frameGeometry()
    screen = QGuiApplication.screenAt(frame.center()) or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    extra_w = max(0, frame.width() - w.width())
    extra_h = max(0, frame.height() - w.height())
    width = min(w.width(), area.width() - extra_w)
    height = min(w.height(), area.height() - extra_h)
    if (width, height) != (w.width(), w.height()):
        w.resize(width, height)
    x = min(max(frame.x(), area.x()), area.right() + 1 - width - extra_w)
    y = min(max(frame.y(), area.y()), area.bottom() + 1 - height - extra_h)
    if (x, y) != (frame.x(), frame.y()):
        w.move(x, y)


def restore(w: QMainWindow) -> bool:
    """Restore the saved geometry and docks (clamped), else fit the screen; True if restored."""
    store = _store()
    geometry, state = store.value("geometry"), store.value("state")
    if not isinstance(geometry, QByteArray) or not w.restoreGeometry(geometry):
        fit_to_screen(w)
        return False
    if not (w.isMaximized() or w.isFullScreen()):  # else the window manager sizes it
        clamp_to_screen(w)
    if isinstance(state, QByteArray):
        w.restoreState(state, STATE_VERSION)
    return True


def save(w: QMainWindow) -> None:
    """Remember the geometry and dock layout for the next start."""
    store = _store()
    store.setValue("geometry", w.saveGeometry())
    store.setValue("state", w.saveState(STATE_VERSION))
    store.sync()


class DockYielder(QObject):
    """On a narrow window, shrink side docks so the central editor keeps most of the width."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.window and ev.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            QTimer.singleShot(0, self, self.yield_docks)  # after the layout has settled
        return False

    def yield_docks(self) -> None:
        w = self.window
        if w.width() >= NARROW:
            return
        side = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
        docks = [d for d in w.findChildren(QDockWidget)
                 if d.isVisible() and not d.isFloating() and w.dockWidgetArea(d) in side]
        most = int(w.width() * DOCK_SHARE)
        wide = [d for d in docks if d.width() > most]
        if wide:
            w.resizeDocks(wide, [most] * len(wide), Qt.Orientation.Horizontal)

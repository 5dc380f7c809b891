"""The window fits the screen, remembers its geometry and docks, and its docks yield when narrow."""

from __future__ import annotations

from PySide6.QtCore import QByteArray

from gui.shell import geometry


def inside(w) -> bool:
    area = geometry.available_area(w)
    return area.contains(w.frameGeometry().topLeft()) and w.width() <= area.width() \
        and w.height() <= area.height()


def test_first_start_fits_the_available_screen(make_window):
    w = make_window(interactive=True)
    assert not geometry.restore(w)  # nothing saved yet
    area = geometry.available_area(w)
    assert w.width() <= min(1280, area.width() - geometry.FRAME_ROOM[0])
    assert w.height() <= min(800, area.height() - geometry.FRAME_ROOM[1])
    assert inside(w)


def test_geometry_and_docks_are_remembered(make_window, qtbot):
    w = make_window(interactive=True)
    w.resize(700, 500)
    w.roles_dock.hide()
    w.show()
    qtbot.waitExposed(w)
    geometry.save(w)
    again = make_window(interactive=True)
    assert geometry.restore(again)
    assert (again.width(), again.height()) == (700, 500)
    again.show()
    qtbot.waitExposed(again)
    assert not again.roles_dock.isVisible() and again.details_dock.isVisible()


def test_a_saved_position_on_a_gone_screen_is_clamped(make_window, qtbot):
    w = make_window(interactive=True)
    w.resize(600, 400)
    w.show()
    qtbot.waitExposed(w)
    w.move(20000, 20000)  # where a second monitor used to be
    store = geometry._store()
    store.setValue("geometry", QByteArray(w.saveGeometry()))
    store.sync()
    again = make_window(interactive=True)
    assert geometry.restore(again)
    assert inside(again)


def test_at_630_px_the_docks_yield_to_the_editor(make_window, qtbot):
    w = make_window()
    w.resize(630, 700)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.editor.width() > 630 // 2)
    content = w.roles_dock.minimumSizeHint().width()  # the legend is never cut on the right
    assert w.roles_dock.width() <= max(int(630 * geometry.DOCK_SHARE), content) + 1
    assert w.roles_dock.width() >= content


def test_clamping_brings_a_window_back_from_a_gone_screen(make_window, qtbot):
    w = make_window(interactive=True)
    w.resize(5000, 4000)  # saved on a bigger monitor
    w.move(20000, 20000)
    geometry.clamp_to_screen(w)
    assert inside(w)

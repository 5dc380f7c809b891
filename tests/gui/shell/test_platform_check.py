"""The launcher's check that a window can open: display present, Qt's X11 libraries found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui.shell.platform_check import (
    debian_package,
    explain_missing,
    missing_libraries,
    platform_problem,
    xcb_plugin,
)

PLUGIN = xcb_plugin()
needs_plugin = pytest.mark.skipif(PLUGIN is None or shutil.which("ldd") is None,
                                  reason="no xcb plugin or ldd on this platform")


def test_sonames_map_to_the_debian_packages_that_ship_them() -> None:
    assert debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert debian_package("libxcb-keysyms.so.1") == "libxcb-keysyms1"
    assert debian_package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libGL.so.1") == "libgl1"
    assert debian_package("libglib-2.0.so.0") == "libglib2.0-0"


def test_message_names_the_libraries_and_one_install_command() -> None:
    text = explain_missing(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"], root=False, sudo=True)
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in text
    assert "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1" in text
    assert "cursor0" not in text.split("apt-get")[1].split("\n")[0]


def test_the_install_line_works_for_the_current_user() -> None:
    missing = ["libxcb-icccm.so.4"]
    as_root = explain_missing(missing, root=True, sudo=False)
    assert "\n  apt-get install -y libxcb-icccm4\n" in as_root and "sudo" not in as_root
    no_sudo = explain_missing(missing, root=False, sudo=False)
    assert "su -c 'apt-get install -y libxcb-icccm4'" in no_sudo and "sudo" not in no_sudo
    here = explain_missing(missing)  # this process: root in containers, a user elsewhere
    assert ("sudo apt-get" in here) == (os.geteuid() != 0 and shutil.which("sudo") is not None)


def test_no_display_is_said_plainly() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("display variables are a Linux/X11 matter")
    assert "found no display" in platform_problem({})
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


@needs_plugin
def test_a_hidden_library_is_named(tmp_path: Path) -> None:
    """A copy of the plugin away from its Qt libraries: the loader cannot find them."""
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    copy = platforms / PLUGIN.name
    shutil.copy2(PLUGIN, copy)
    missing = missing_libraries(copy)
    assert "libQt6XcbQpa.so.6" in missing
    problem = platform_problem({"DISPLAY": ":0"}, plugin=copy)
    assert "libQt6XcbQpa.so.6" in problem and "Reinstall" in problem


@needs_plugin
def test_the_real_plugin_agrees_with_ldd() -> None:
    out = subprocess.run(["ldd", str(PLUGIN)], capture_output=True, text=True).stdout
    expected = sorted({line.split()[0] for line in out.splitlines() if "not found" in line})
    assert missing_libraries(PLUGIN) == expected
    problem = platform_problem({"DISPLAY": ":0"}, plugin=PLUGIN)
    assert (problem is None) == (not expected)
    for name in expected:
        assert name in problem


def test_benchmarks_draw_offscreen_without_a_display(monkeypatch) -> None:
    from gui.launcher import _headless_without_display

    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    _headless_without_display()
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":5")
    _headless_without_display()
    assert "QT_QPA_PLATFORM" not in os.environ

"""`draftlens install-desktop`: a user-level menu entry and icons, and a clean uninstall."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from gui.shell.desktop_install import PNG_SIZES, _quoted
from gui.shell.icon import app_icon

DRAFTLENS = Path(sys.executable).parent / "draftlens"


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    return subprocess.run([str(DRAFTLENS), "install-desktop", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_install_and_uninstall_for_the_user(tmp_path):
    proc = run(tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = tmp_path / "data"
    entry = data / "applications" / "draftlens.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(entry, encoding="utf-8")
    section = parser["Desktop Entry"]
    assert section["Type"] == "Application" and section["Icon"] == "draftlens"
    assert section["Exec"].endswith(" %f") and Path(section["TryExec"]).exists()
    assert section["Comment[ru]"] and section["StartupWMClass"] == "draftlens"
    for n in PNG_SIZES:
        png = data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / "draftlens.png"
        assert QImage(str(png)).size().width() == n
    assert (data / "icons/hicolor/scalable/apps/draftlens.svg").read_text().startswith("<svg")
    assert not (tmp_path / "home").exists()  # XDG_DATA_HOME wins over ~/.local/share
    assert str(entry) in proc.stdout
    gone = run(tmp_path, "--uninstall")
    assert gone.returncode == 0, gone.stderr
    assert not entry.exists() and not list((data / "icons").rglob("*.png"))


def test_without_xdg_data_home_it_goes_to_local_share(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    env["HOME"] = str(tmp_path)
    proc = subprocess.run([str(DRAFTLENS), "install-desktop"], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / ".local/share/applications/draftlens.desktop").is_file()


def test_exec_arguments_with_spaces_are_quoted():
    assert _quoted("/usr/bin/draftlens") == "/usr/bin/draftlens"
    assert _quoted("/home/a b/draftlens") == '"/home/a b/draftlens"'


def test_the_app_icon_has_every_size(qapp):
    sizes = {s.width() for s in app_icon().availableSizes()}
    assert set(PNG_SIZES) <= sizes
    assert not app_icon().pixmap(48, 48).isNull()

"""Before Qt starts: is there a display, and can Qt's X11 plugin load its system libraries?

The PySide6 wheels bundle Qt but not the X11 libraries its `xcb` plugin links against; when one
is missing Qt aborts blaming libxcb-cursor0 and suggests reinstalling. This check names the
libraries that are really missing and the command that installs them. No Qt import here.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.M)
# soname -> Debian/Ubuntu package, where the usual naming rule does not give it
_PACKAGE_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libfreetype.so.6": "libfreetype6",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
}


def xcb_plugin() -> Path | None:
    """Qt's X11 platform plugin inside the installed PySide6, if there is one."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "Qt/plugins/platforms/libqxcb.so"
    return path if path.exists() else None


def missing_libraries(plugin: Path) -> list[str]:
    """Shared libraries `plugin` needs that the system cannot find ([] if ldd is unavailable)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(_NOT_FOUND.findall(out)))


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships `soname` (libxcb-icccm.so.4 -> libxcb-icccm4)."""
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    name, _, version = soname.partition(".so.")
    version = version.split(".")[0]
    sep = "-" if name[-1:].isdigit() else ""
    return f"{name}{sep}{version}".lower()


def as_admin(command: str, root: bool | None = None, sudo: bool | None = None) -> str:
    """`command` as the current user can run it: plain as root, with sudo where sudo exists,
    else through `su -c` (root and sudo default to this process and this system)."""
    root = (hasattr(os, "geteuid") and os.geteuid() == 0) if root is None else root
    sudo = shutil.which("sudo") is not None if sudo is None else sudo
    if root:
        return command
    return f"sudo {command}" if sudo else f"su -c '{command}'"


def explain_missing(missing: list[str], root: bool | None = None,
                    sudo: bool | None = None) -> str:
    """The message for missing libraries: which, and the one command that installs them."""
    qt_own = [m for m in missing if m.startswith("libQt6")]
    if qt_own:
        return (f"DraftLens cannot open a window: the PySide6 installation is incomplete "
                f"({', '.join(qt_own)} not found). Reinstall it: make clean && make run")
    packages = sorted({debian_package(m) for m in missing})
    return ("DraftLens cannot open a window: Qt's X11 plugin needs system libraries that are "
            f"not installed: {', '.join(missing)}.\n"
            "On Debian/Ubuntu install them with:\n  "
            + as_admin(f"apt-get install -y {' '.join(packages)}", root, sudo) + "\n"
            "(Fedora: " + as_admin("dnf install xcb-util-wm xcb-util-keysyms xcb-util-cursor "
                                   "xcb-util-image xcb-util-renderutil libxkbcommon-x11",
                                   root, sudo) + "; see the README.)")


def platform_problem(env: dict[str, str] | None = None, plugin: Path | None = None) -> str | None:
    """Why a window cannot open here (no display, missing libraries), or None if it can."""
    env = dict(os.environ if env is None else env)
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform not in ("", "xcb", "wayland"):
        return None  # offscreen, vnc, minimal...: no display needed
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return ("DraftLens is a desktop application and found no display (neither DISPLAY nor "
                "WAYLAND_DISPLAY is set). Start it from a graphical session; on a server use "
                "xvfb-run, or the command line: draftlens analyze FILE.")
    uses_xcb = platform == "xcb" or (platform == "" and not env.get("WAYLAND_DISPLAY"))
    plugin = plugin or xcb_plugin()
    if not uses_xcb or plugin is None:
        return None
    missing = missing_libraries(plugin)
    return explain_missing(missing) if missing else None

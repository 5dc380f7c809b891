"""`draftlens install-desktop`: a menu entry and icons for the current user (no root needed).

Writes `$XDG_DATA_HOME/applications/draftlens.desktop` (default `~/.local/share`) and the icons
under `icons/hicolor/<size>/apps/`; `--uninstall` removes exactly those files. Works the same
for a pipx install, a virtual environment or a checkout: the entry starts the `draftlens`
command found on PATH, else the one beside this Python.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources as ilr
from pathlib import Path

APP_ID = "draftlens"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Version=1.5
Name=DraftLens
GenericName=Draft analyser
GenericName[ru]=Анализ черновика
Comment=See what every paragraph of your draft does
Comment[ru]=Что делает каждый абзац черновика
Exec={exec} %f
TryExec={try_exec}
Icon={icon}
Terminal=false
Categories=Office;TextTools;Utility;
MimeType=text/plain;text/markdown;
Keywords=draft;writing;paragraph;roles;text;
Keywords[ru]=черновик;текст;абзац;роли;
StartupWMClass=draftlens
"""


def data_home() -> Path:
    """$XDG_DATA_HOME, else ~/.local/share."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def command() -> list[str]:
    """The `draftlens` command to start: on PATH, else beside this Python, else `python -m`."""
    found = shutil.which(APP_ID)
    if found:
        return [str(Path(found).absolute())]
    beside = Path(sys.executable).parent / APP_ID
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "gui.launcher"]


def _quoted(arg: str) -> str:
    """An Exec= argument, quoted as the Desktop Entry spec asks when it needs to be."""
    if not any(c in arg for c in ' \t"\'\\><~|&;$*?#()`'):
        return arg
    return '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'


def _targets(home: Path) -> dict[str, Path]:
    icons = home / "icons" / "hicolor"
    out = {"desktop": home / "applications" / f"{APP_ID}.desktop",
           "draftlens.svg": icons / "scalable" / "apps" / f"{APP_ID}.svg"}
    for n in PNG_SIZES:
        out[f"draftlens-{n}.png"] = icons / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
    return out


def desktop_entry(argv: list[str]) -> str:
    """The .desktop file's text for the command `argv`."""
    return DESKTOP_ENTRY.format(exec=" ".join(_quoted(a) for a in argv),
                                try_exec=argv[0], icon=APP_ID)


def install(home: Path | None = None) -> list[Path]:
    """Write the entry and icons; return the files written."""
    home = home or data_home()
    icons = ilr.files("resources").joinpath("icons")
    written = []
    for name, target in _targets(home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if name == "desktop":
            target.write_text(desktop_entry(command()), encoding="utf-8")
        else:
            target.write_bytes(icons.joinpath(name).read_bytes())
        written.append(target)
    _refresh_menus(home)
    return written


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove the entry and icons this command wrote; return the files removed."""
    home = home or data_home()
    removed = [t for t in _targets(home).values() if t.exists()]
    for target in removed:
        target.unlink()
    _refresh_menus(home)
    return removed


def _refresh_menus(home: Path) -> None:
    """Let desktop menus notice now (the tools are optional; menus also rescan by themselves)."""
    tool = shutil.which("update-desktop-database")
    apps = home / "applications"
    if tool and apps.is_dir():
        subprocess.run([tool, "-q", str(apps)], check=False, capture_output=True, timeout=30)


def main(uninstalling: bool = False) -> int:
    """The command: do it, say what was done and where."""
    if uninstalling:
        removed = uninstall()
        print(f"draftlens: removed {len(removed)} files" + "".join(f"\n  {p}" for p in removed))
        return 0
    try:
        written = install()
    except OSError as exc:
        print(f"draftlens: cannot install the menu entry: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"draftlens: added DraftLens to the applications menu ({written[0]}) and its icons "
          f"under {data_home() / 'icons' / 'hicolor'}; remove with "
          "`draftlens install-desktop --uninstall`.")
    return 0

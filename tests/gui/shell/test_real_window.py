"""The window opens on a real X server (Xvfb), not only offscreen.

Runs where Xvfb is installed (`apt-get install xvfb`); the platform check and the xcb plugin
are exercised for real: QT_QPA_PLATFORM is removed from the child's environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DRAFTLENS = Path(sys.executable).with_name("draftlens")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="Xvfb is not installed")
def test_window_opens_under_xvfb(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# Coffee\n\nGrind the beans fresh.\n\nBrew four minutes.\n", "utf-8")
    shot = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["DRAFTLENS_CONFIG_DIR"] = str(tmp_path / "config")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", str(DRAFTLENS), "gui", str(draft),
         "--topic", "coffee", "--method", "local", "--screenshot", str(shot)],
        capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert shot.stat().st_size > 10_000 and "saved" in proc.stdout

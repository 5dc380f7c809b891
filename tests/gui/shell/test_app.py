"""The real entry point in a subprocess: screenshot mode and clean shutdown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[3]


def _run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("CONFIG", "CACHE", "DATA"):
        env[f"DRAFTLENS_{name}_DIR"] = str(tmp_path / f"app-{name.lower()}")
    code = "import sys; from gui.launcher import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_screenshot_mode_analyses_saves_and_exits_cleanly(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("# Title\n\nOne paragraph about soil.\n\nAnother about rain.\n",
                     encoding="utf-8")
    out = tmp_path / "shot.png"
    proc = _run(tmp_path, "gui", str(draft), "--topic", "gardens", "--method", "local",
                "--screenshot", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Task was destroyed" not in proc.stderr
    assert "Traceback" not in proc.stderr
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 800


def test_screenshot_mode_fails_with_a_message_for_a_bad_file(tmp_path):
    out = tmp_path / "shot.png"
    proc = _run(tmp_path, "gui", str(tmp_path / "missing.md"), "--screenshot", str(out))
    assert proc.returncode != 0
    assert "no such file" in proc.stderr
    assert not out.exists()


def test_demo_mode_runs_network_methods_end_to_end_and_exits_cleanly(tmp_path):
    """REST and Realtime against the in-process local server, through the real entry point."""
    draft = tmp_path / "d.md"
    draft.write_text("# Soil\n\nCompost feeds the soil.\n\nFor example, my balcony tomatoes.\n\n"
                     "By the way, subscribe to my newsletter!\n", encoding="utf-8")
    for method in ("rest", "realtime"):
        out = tmp_path / f"{method}.png"
        proc = _run(tmp_path, "gui", str(draft), "--topic", "gardens", "--method", method,
                    "--demo", "--screenshot", str(out))
        assert proc.returncode == 0, proc.stderr
        assert "done 4/4" in proc.stdout + proc.stderr
        for bad in ("Task was destroyed", "Traceback", "Destroyed while thread", "Aborted"):
            assert bad not in proc.stderr
        assert not QImage(str(out)).isNull()

"""`draftlens analyze --method rest --demo` and `draftlens eval --method rest`, as subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DRAFTLENS = str(Path(sys.executable).parent / "draftlens")
DRAFT = """# Learning to code at 40

Learning to code at 40 is entirely possible.

For example, my neighbour Anna wrote her first app at 43.

Code is like a garden: it grows when you tend it.
"""


def test_demo_mode_from_the_command_line(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    done = subprocess.run([DRAFTLENS, "analyze", str(draft), "--method", "rest", "--demo",
                           "--no-cache"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(r["index"] for r in rows) == [0, 1, 2, 3]
    assert all(r["roles"] and r["error"] is None and r["backend"] == "rest" for r in rows)


def test_eval_with_the_rest_method(shared_dir: Path) -> None:
    server = subprocess.Popen([DRAFTLENS, "emulator", "--port", "0", "--api-key", "emu-key"],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split()[1]
        done = subprocess.run(
            [DRAFTLENS, "eval", "--corpus", str(shared_dir / "corpus" / "dev.jsonl"),
             "--method", "rest", "--base-url", url, "--json", "--no-cache"],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "OPENAI_API_KEY": "emu-key"})
    finally:
        server.terminate()
        server.communicate(timeout=10)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["n"] == 103 and report["errors"] == 0 and report["accuracy"] > 0.5

"""`draftlens emulator` as a subprocess, and `draftlens analyze --method rest` against it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.chunking import make_document
from core.roles import ROLE_IDS
from core.textio import read_draft

DRAFTLENS = str(Path(sys.executable).parent / "draftlens")


def _start(*extra: str) -> subprocess.Popen:
    return subprocess.Popen([DRAFTLENS, "emulator", "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


KEY = "sk-cli-emulator-key-0001"


@pytest.fixture
def emulator_url() -> Iterator[str]:
    proc = _start("--seed", "3", "--api-key", KEY)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("READY http://127.0.0.1:") and line.endswith("/v1")
        yield line.split(" ", 1)[1]
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and out == "" and err == ""


def test_analyze_rest_against_the_emulator(emulator_url: str, shared_dir: Path) -> None:
    sample = shared_dir / "samples" / "ru-lelik-i-bolik.md"
    env = {**os.environ, "OPENAI_API_KEY": KEY}
    done = subprocess.run(
        [DRAFTLENS, "analyze", str(sample), "--method", "rest", "--base-url", emulator_url,
         "--no-cache"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    chunks = make_document(read_draft(str(sample)).text, "x").chunks
    assert sorted(r["index"] for r in rows) == list(range(len(chunks)))
    assert all(r["error"] is None and r["backend"] == "rest" for r in rows)
    assert all(r["roles"] and set(r["roles"]) <= set(ROLE_IDS) for r in rows)
    assert KEY not in done.stdout + done.stderr


def test_ctrl_c_exits_quietly() -> None:
    proc = _start("--api-key", KEY)
    assert proc.stdout.readline().startswith("READY ")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert (proc.returncode, out, err) == (0, "", "")


def test_refuses_non_loopback() -> None:
    done = subprocess.run([DRAFTLENS, "emulator", "--host", "0.0.0.0"], capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 2 and "loopback" in done.stderr and "READY" not in done.stdout

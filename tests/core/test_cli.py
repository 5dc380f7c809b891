"""The command line, run as a user runs it (a subprocess of the installed entry point)."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

from core import version
from core.chunking import split_chunks
from core.roles import ROLE_IDS

DRAFTLENS = pathlib.Path(sys.executable).with_name("draftlens")


def run(*args: str, stdin: bytes | None = None,
        env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([str(DRAFTLENS), *args], input=stdin, capture_output=True,
                          timeout=120, env=full_env)


def test_analyze_sample_streams_one_valid_jsonl_line_per_paragraph(shared_dir):
    sample = shared_dir / "samples" / "ru-embeddings-tokens-chunking.md"
    proc = run("analyze", str(sample), "--method", "local", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    expected = split_chunks(sample.read_text(encoding="utf-8"))
    assert [r["index"] for r in rows] == list(range(len(expected)))
    assert [r["chunk_id"] for r in rows] == [c.id for c in expected]
    for row in rows:
        assert row["error"] is None
        assert 1 <= len(row["roles"]) <= 2 and set(row["roles"]) <= set(ROLE_IDS)
        assert set(row) == {"index", "chunk_id", "roles", "backend", "provisional", "latency_ms",
                            "cached", "relevance", "complexity", "error", "error_kind",
                            "confidence", "truncated"}
        assert row["error_kind"] is None and row["truncated"] is False


def test_json_and_table_formats_and_stdin():
    text = "# Coffee at home\n\nGrind fresh beans.\n\nBy the way, subscribe to my channel!"
    proc = run("analyze", "-", "--format", "json", stdin=text.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    rows = json.loads(proc.stdout)
    assert len(rows) == 3
    table = run("analyze", "-", "--format", "table", "--topic", "coffee", stdin=text.encode())
    lines = table.stdout.decode().splitlines()
    assert lines[0].split()[:4] == ["#", "text", "roles", "backend"]
    assert len(lines) == 4 and all("local" in line for line in lines[1:])


def test_cp1251_input_is_read_and_noted(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Заголовок\n\nАбзац про кофе.".encode("cp1251"))
    proc = run("analyze", str(path))
    assert proc.returncode == 0
    assert "cp1251" in proc.stderr.decode()
    assert len(proc.stdout.splitlines()) == 2


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.md", "no such file"),
    (lambda d: d, "folder"),
    (lambda d: (d / "b.bin").write_bytes(b"\x00\x01PK\x03\x04" * 100) and d / "b.bin", "binary"),
    (lambda d: (d / "e.md").write_text(" \n\n\t") and d / "e.md", "empty"),
])
def test_bad_input_gets_one_clear_line_and_nonzero_exit(tmp_path, make, message):
    proc = run("analyze", str(make(tmp_path)))
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert message in err and "Traceback" not in err
    assert err.count("\n") == 1 and proc.stdout == b""


def test_empty_topic_is_rejected(tmp_path):
    path = tmp_path / "d.md"
    path.write_text("some text")
    proc = run("analyze", str(path), "--topic", "   ")
    assert proc.returncode == 2 and "topic is empty" in proc.stderr.decode()


def test_network_method_without_key_explains_what_it_needs(tmp_path):
    path = tmp_path / "d.md"
    path.write_text("some text")
    proc = run("analyze", str(path), "--method", "hybrid")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert "hybrid" in err


def test_help_lists_the_commands():
    out = run("--help").stdout.decode()
    for command in ("analyze", "eval", "bench-local", "emulator", "gui"):
        assert command in out


def test_local_analysis_writes_only_the_embeddings_cache(tmp_path):
    """No results cache, no settings, no data: only the sentence embeddings of the paragraphs
    (docs/local-model.md), so that the next analysis of the same text skips the encoder."""
    draft = tmp_path / "d.md"
    draft.write_text("# Coffee\n\nGrind fresh beans.")
    dirs = {name: tmp_path / name for name in ("config", "cache", "data")}
    env = {f"DRAFTLENS_{k.upper()}_DIR": str(v) for k, v in dirs.items()}
    proc = run("analyze", str(draft), env=env)
    assert proc.returncode == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert written == ["cache", "cache/embeddings.sqlite", "d.md"]


def test_version_is_printed():
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == f"draftlens {version()}"
    assert version() not in ("", "unknown")


def test_derived_topic_is_named_on_stderr_and_table_shows_paragraph_starts():
    text = "[My trip](https://example.com/trip?id=1) to the mountains\n\nWe walked a lot."
    proc = run("analyze", "-", "--format", "table", stdin=text.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert 'topic: "My trip to the mountains"' in proc.stderr.decode()
    lines = proc.stdout.decode().splitlines()
    assert lines[0].split()[:3] == ["#", "text", "roles"]
    assert "We walked a lot." in lines[2] and "https" not in proc.stderr.decode()
    given = run("analyze", "-", "--topic", "hiking", stdin=text.encode())
    assert "topic:" not in given.stderr.decode()


def _long_draft(tmp_path: pathlib.Path, paragraphs: int = 1500) -> pathlib.Path:
    """Enough output (> a 64 KB pipe buffer) that the writer meets a closed pipe."""
    path = tmp_path / "long.md"
    path.write_text("\n\n".join(f"Paragraph {i} about the garden and its apple trees."
                                for i in range(paragraphs)), encoding="utf-8")
    return path


def test_reader_closing_the_pipe_ends_quietly(tmp_path):
    """`draftlens analyze draft | head -1`: no BrokenPipe traceback, the shell's 141."""
    proc = subprocess.Popen([str(DRAFTLENS), "analyze", str(_long_draft(tmp_path)), "--topic",
                             "garden"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert json.loads(first)["index"] == 0
    assert err == "" and proc.returncode == 141


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_a_full_disk_gets_a_short_message(tmp_path, fmt):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([str(DRAFTLENS), "analyze", str(_long_draft(tmp_path, 20)),
                               "--topic", "garden", "--format", fmt], stdout=full,
                              stderr=subprocess.PIPE, timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 74
    assert err == "draftlens: cannot write the output: No space left on device\n"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_analyze_dev_zero_stops_at_the_limit():
    proc = run("analyze", "/dev/zero")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "larger than 5 MB" in err and "Traceback" not in err


def test_a_non_utf8_file_is_named_on_stderr(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café crème brûlée à la française, déjà vu. Le garçon naïf a goûté."
                     .encode("latin-1"))
    proc = run("analyze", str(path), "--topic", "food")
    assert proc.returncode == 0
    assert "read as Windows-1252" in proc.stderr.decode()
    assert proc.stdout.decode().count("\n") == 1


def test_the_cli_speaks_the_locales_language(tmp_path):
    ru = {"LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    missing = run("analyze", str(tmp_path / "нет.md"), env=ru)
    assert missing.returncode == 2 and "файла нет" in missing.stderr.decode()
    old = tmp_path / "old.txt"
    old.write_bytes("Заголовок\n\nАбзац про кофе.".encode("cp1251"))
    proc = run("analyze", str(old), "--format", "table", env=ru)
    err, out = proc.stderr.decode(), proc.stdout.decode()
    assert proc.returncode == 0, err
    assert "прочитан как Windows-1251" in err and "тема: «Заголовок»" in err
    assert out.splitlines()[0].split()[:3] == ["#", "текст", "роли"]
    english = run("analyze", str(old), "--format", "table", "--lang", "en", env=ru)
    assert english.stdout.decode().splitlines()[0].split()[:3] == ["#", "text", "roles"]
    plain = run("analyze", str(tmp_path / "x.md"), env={"LANG": "C.UTF-8", "LC_ALL": ""})
    assert "no such file" in plain.stderr.decode()


def test_local_analysis_uses_the_writers_corrections(tmp_path):
    """A paragraph the writer marked (`draftlens corrections add`) keeps the writer's role in
    `analyze`, as in the window."""
    signoff = "Subscribe to the channel, new posts every Friday!"
    draft = tmp_path / "d.md"
    draft.write_text("# Coffee at home\n\nGrind the beans just before brewing; stale grounds "
                     "taste flat.\n\n" + signoff)
    env = {"DRAFTLENS_DATA_DIR": str(tmp_path / "data")}

    def roles() -> list[list[str]]:
        proc = run("analyze", str(draft), "--topic", "coffee", "--format", "jsonl", env=env)
        assert proc.returncode == 0, proc.stderr.decode()
        return [json.loads(line)["roles"] for line in proc.stdout.decode().splitlines()]

    before = roles()
    assert before[2][0] == "noise"  # the model's own verdict on a sign-off
    corpus = tmp_path / "mine.jsonl"
    corpus.write_text(json.dumps({"id": "mine", "lang": "en", "topic": "coffee", "paragraphs": [
        {"text": signoff, "roles": ["humor"]}]}) + "\n")
    added = subprocess.run([str(DRAFTLENS), "corrections", "add", str(corpus)],
                           capture_output=True, env={**os.environ, **env}, timeout=60)
    assert added.returncode == 0, added.stderr.decode()
    after = roles()
    assert after[2][0] == "humor"
    assert after[:2] == before[:2]

"""The writer's corrections store: keyed by normalised text, persistent, corpus in and out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.evaluate import load_corpus
from core.local.corrections import (
    CorrectionsError,
    CorrectionStore,
    default_path,
    normalise,
    text_key,
)

DRAFTLENS = Path(sys.executable).with_name("draftlens")
PARA = "Coffee tastes better\nwhen the beans are fresh."


@pytest.fixture
def store(tmp_path) -> CorrectionStore:
    return CorrectionStore(tmp_path / "data" / "corrections.json")


def test_the_key_ignores_wrapping_and_spacing_but_not_words():
    assert normalise("  a\n b\t\tc ") == "a b c"
    assert text_key(PARA) == text_key("Coffee tastes better when  the beans are fresh.  ")
    assert text_key(PARA) != text_key("Coffee tastes worse when the beans are fresh.")
    # composed and decomposed "й" are the same paragraph
    assert text_key("й") == text_key("и\u0306")


def test_add_get_remove_and_persist(store, tmp_path):
    store.add(PARA, ["humor", "example"], "en", " coffee ")
    got = store.get("Coffee tastes better when the beans are fresh.")
    assert got is not None and got.roles == ("humor", "example")
    assert (got.lang, got.topic) == ("en", "coffee")
    again = CorrectionStore(store.path)  # what the next session reads
    assert again.get(PARA).roles == ("humor", "example")
    assert again.labeled_pairs() == [(PARA, ("humor", "example"))]
    assert again.remove(PARA).roles == ("humor", "example")
    assert again.remove(PARA) is None
    assert CorrectionStore(store.path).get(PARA) is None


def test_a_new_correction_replaces_the_old_one(store):
    store.add(PARA, ["humor"])
    store.add(PARA.replace("\n", " "), ["key_thesis"])
    assert [c.roles for c in store.all()] == [("key_thesis",)]


def test_clear_returns_the_count_and_restore_undoes_it(store):
    store.add("One.", ["noise"])
    store.add("Two.", ["humor"])
    items = store.all()
    assert store.clear() == 2 and len(store) == 0
    assert len(CorrectionStore(store.path)) == 0
    store.restore(items)
    assert [c.text for c in CorrectionStore(store.path).all()] == ["One.", "Two."]


@pytest.mark.parametrize("roles, message", [
    ([], "1 or 2 roles"),
    (["humor", "noise", "example"], "1 or 2 roles"),
    (["funny"], "unknown role id 'funny'"),
])
def test_bad_roles_are_refused_with_a_clear_message(store, roles, message):
    with pytest.raises(CorrectionsError, match=message):
        store.add(PARA, roles)
    assert len(store) == 0 and not store.path.exists()


def test_a_single_role_string_is_one_role(store):
    assert store.add(PARA, "humor").roles == ("humor",)


def test_an_empty_paragraph_is_refused(store):
    with pytest.raises(CorrectionsError, match="empty"):
        store.add(" \n ", ["humor"])


def test_export_is_a_corpus_that_the_evaluator_reads_and_import_reads_back(store, tmp_path):
    store.add("Раз.", ["humor"], "ru", "кофе")
    store.add("Two.", ["example", "metaphor"], "en", "coffee")
    store.add("Three.", ["noise"], "en", "coffee")
    out = tmp_path / "mine.jsonl"
    assert store.export_corpus(out) == 3
    drafts = load_corpus(out)
    assert {(d.lang, d.topic): d.paragraphs for d in drafts} == {
        ("ru", "кофе"): ["Раз."], ("en", "coffee"): ["Two.", "Three."]}
    assert drafts[1].roles == [("example", "metaphor"), ("noise",)]
    fresh = CorrectionStore(tmp_path / "other.json")
    assert fresh.import_corpus(out) == 3
    assert fresh.get("Two.").roles == ("example", "metaphor")
    assert fresh.get("Раз.").topic == "кофе"


def test_import_of_the_shared_dev_corpus(store, shared_dir):
    corpus = shared_dir / "corpus" / "dev.jsonl"
    drafts = load_corpus(corpus)
    n = store.import_corpus(corpus)
    assert n == sum(len(d.paragraphs) for d in drafts)
    first = drafts[0]
    assert store.get(first.paragraphs[0]).roles == first.roles[0]


def test_a_malformed_corpus_stores_nothing_and_names_the_line(store, tmp_path):
    bad = tmp_path / "bad.jsonl"
    good = {"id": "a", "lang": "en", "topic": "t",
            "paragraphs": [{"text": "Fine.", "roles": ["noise"]}]}
    bad.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r"bad.jsonl:2: not valid JSON"):
        store.import_corpus(bad)
    assert len(store) == 0
    with pytest.raises(CorrectionsError, match="no such corpus file"):
        store.import_corpus(tmp_path / "missing.jsonl")


def test_an_unreadable_store_is_set_aside_not_lost(tmp_path):
    path = tmp_path / "corrections.json"
    path.write_text("{broken", encoding="utf-8")
    store = CorrectionStore(path)
    assert len(store) == 0 and "could not be read" in store.warning
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("corrections.json.unreadable")]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{broken"


def test_reload_sees_another_process_change(store):
    other = CorrectionStore(store.path)
    other.add(PARA, ["humor"])
    assert store.get(PARA) is None
    assert store.reload() is True
    assert store.get(PARA).roles == ("humor",)
    assert store.reload() is False


def test_default_path_follows_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("DRAFTLENS_DATA_DIR", str(tmp_path))
    assert default_path() == tmp_path / "corrections.json"


# ---- the command line, as a user runs it ------------------------------------------------
def run(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DRAFTLENS_DATA_DIR": str(data)}
    return subprocess.run([str(DRAFTLENS), "corrections", *args], capture_output=True,
                          text=True, timeout=60, env=env)


def test_cli_add_list_export_clear_and_undo(tmp_path, shared_dir):
    data = tmp_path / "data"
    corpus = shared_dir / "corpus" / "dev.jsonl"
    n = sum(len(d.paragraphs) for d in load_corpus(corpus))
    added = run("add", str(corpus), data=data)
    assert added.returncode == 0, added.stderr
    assert f"added {n} corrections" in added.stdout
    listed = run("list", data=data)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == n
    assert f"{n} corrections in" in listed.stderr
    out = tmp_path / "out.jsonl"
    assert run("export", str(out), data=data).returncode == 0
    assert sum(len(d.paragraphs) for d in load_corpus(out)) == n
    cleared = run("clear", data=data)
    assert cleared.returncode == 0 and f"cleared {n} corrections" in cleared.stdout
    assert run("list", data=data).stdout == ""
    backup = data / "corrections.cleared.jsonl"
    assert str(backup) in cleared.stdout
    assert run("add", str(backup), data=data).returncode == 0
    assert len(run("list", data=data).stdout.splitlines()) == n


@pytest.mark.parametrize("args, message", [
    (("add", "missing.jsonl"), "missing.jsonl: no such corpus file"),
    (("export", "no-such-folder/out.jsonl"), "cannot write no-such-folder/out.jsonl: No such"),
    ((), "choose an action"),
])
def test_cli_bad_input_gets_a_message_not_a_traceback(tmp_path, args, message):
    proc = run(*args, data=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_cli_unknown_role_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "paragraphs": [{"text": "A.", "roles": ["lol"]}]}),
                   encoding="utf-8")
    proc = run("add", str(bad), data=tmp_path / "data")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "bad.jsonl:1: paragraph 0 has an unknown role id 'lol'" in proc.stderr


def test_a_failed_write_changes_nothing(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    store = CorrectionStore(blocker / "corrections.json")
    with pytest.raises(OSError):
        store.add(PARA, ["humor"])
    assert store.get(PARA) is None and len(store) == 0


def test_cli_reader_closing_the_pipe_ends_quietly(tmp_path):
    """`draftlens corrections list | head -1`: the shell's 141 and no message; it used to
    say "cannot write .../corrections.json: Broken pipe", as if the store had failed."""
    data = tmp_path / "data"
    many = tmp_path / "many.jsonl"
    paragraphs = [{"text": f"Paragraph {i} about the garden and its apple trees, once more.",
                   "roles": ["topic_disclosure"]} for i in range(1500)]  # > a 64 KB pipe
    many.write_text(json.dumps({"id": "many", "lang": "en", "topic": "garden",
                                "paragraphs": paragraphs}) + "\n", encoding="utf-8")
    assert run("add", str(many), data=data).returncode == 0
    env = {**os.environ, "DRAFTLENS_DATA_DIR": str(data)}
    proc = subprocess.Popen([str(DRAFTLENS), "corrections", "list"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == "" and proc.returncode == 141

"""`draftlens review`, `draftlens compare` and `analyze --format md|html|csv`, run in-process."""

from __future__ import annotations

import json

import pytest

from core.cli import main
from core.roles import ROLE_IDS
from tests.core.review.drafts import filler

TOPIC = "river stones"


@pytest.fixture
def draft_file(tmp_path):
    """A draft whose 2nd paragraph repeats in the 6th (a finding every method must see)."""
    paras = [filler(i, 30) for i in range(8)]
    paras[5] = paras[1]
    path = tmp_path / "draft.md"
    path.write_text("\n\n".join(paras), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_review_json_has_the_documented_shape(capsys, draft_file):
    code, out = run(capsys, "review", str(draft_file), "--topic", TOPIC, "--format", "json",
                    "--no-history")
    assert code == 0
    data = json.loads(out)
    assert data["topic"] == TOPIC and data["method"] == "local"
    repeats = [f for f in data["findings"] if f["id"] == "repeated_paragraphs"]
    assert [f["paragraphs"] for f in repeats] == [[1, 5]]
    for f in data["findings"]:
        assert f["severity"] in ("info", "warning") and f["message"] and f["suggestion"]
        assert all(isinstance(i, int) for i in f["paragraphs"])


def test_review_text_in_russian_on_request(capsys, draft_file):
    code, out = run(capsys, "review", str(draft_file), "--topic", TOPIC, "--lang", "ru",
                    "--no-history")
    assert code == 0
    assert "[repeated_paragraphs] ¶2 и ¶6 почти дословно повторяют друг друга." in out


def test_review_says_what_changed_since_the_last_analysis(capsys, draft_file):
    run(capsys, "review", str(draft_file), "--topic", TOPIC, "--format", "json")
    text = draft_file.read_text(encoding="utf-8")
    draft_file.write_text(text + "\n\nA brand new closing paragraph about river stones.",
                          encoding="utf-8")
    _, out = run(capsys, "review", str(draft_file), "--topic", TOPIC, "--format", "json")
    revision = json.loads(out)["revision"]
    assert revision is not None and "1 new or edited paragraph" in revision["summary"]


def test_review_of_a_missing_file_is_a_clear_message(capsys, tmp_path):
    code = main(["review", str(tmp_path / "nope.md")])
    err = capsys.readouterr().err
    assert code == 2 and "nope.md" in err and "Traceback" not in err


def test_compare_runs_both_methods_and_lists_where_they_differ(capsys, draft_file):
    code, out = run(capsys, "compare", str(draft_file), "--methods", "local,rest", "--demo",
                    "--topic", TOPIC, "--format", "json", "--no-cache")
    assert code == 0
    data = json.loads(out)
    assert data["methods"] == ["local", "rest"] and data["paragraphs"] == 8
    assert 0.0 <= data["agreement"] <= 1.0
    same = data["compared"] - len([d for d in data["disagreements"]
                                   if d["local"] and d["rest"]])
    assert data["agreement"] == pytest.approx(same / data["compared"], abs=1e-3)
    for d in data["disagreements"]:
        assert d["local"][:1] != d["rest"][:1]
        assert set(d["local"]) | set(d["rest"]) <= set(ROLE_IDS)


def test_compare_table_and_bad_methods(capsys, draft_file):
    code, out = run(capsys, "compare", str(draft_file), "--methods", "local,local",
                    "--topic", TOPIC)
    assert code == 0 and "agreement: 100.0% of 8 paragraphs" in out
    assert main(["compare", str(draft_file), "--methods", "local"]) == 2
    assert "--methods: give two of" in capsys.readouterr().err


@pytest.mark.parametrize("fmt, marker", [("md", "## Findings"), ("html", "<h2>Findings</h2>"),
                                         ("csv", "index,primary_role,roles")])
def test_analyze_writes_the_gui_reports(capsys, draft_file, tmp_path, fmt, marker):
    code, out = run(capsys, "analyze", str(draft_file), "--topic", TOPIC, "--format", fmt,
                    "--lang", "en")
    assert code == 0 and marker in out
    target = tmp_path / f"report.{fmt}"
    code, out = run(capsys, "analyze", str(draft_file), "--topic", TOPIC, "--format", fmt,
                    "--out", str(target), "--lang", "en")
    assert code == 0 and out == ""
    assert marker in target.read_text(encoding="utf-8")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf") == (fmt == "csv")  # Excel's BOM


@pytest.mark.parametrize("fmt, marker", [("md", "## Замечания"), ("html", "<h2>Замечания</h2>"),
                                         ("csv", "№,основная роль")])
def test_analyze_reports_follow_the_language(capsys, draft_file, fmt, marker):
    code, out = run(capsys, "analyze", str(draft_file), "--topic", TOPIC, "--format", fmt,
                    "--lang", "ru")
    assert code == 0 and marker in out and "Findings" not in out


def test_analyze_report_to_an_unwritable_place_is_a_clear_message(capsys, draft_file, tmp_path):
    code = main(["analyze", str(draft_file), "--topic", TOPIC, "--format", "md",
                 "--out", str(tmp_path / "no" / "such" / "dir" / "r.md")])
    err = capsys.readouterr().err
    assert code == 2 and "cannot write" in err


def test_review_of_a_labeled_corpus_reads_its_gold_labels(capsys, tmp_path):
    roles = ["transition", "topic_disclosure", "example", "topic_disclosure", "topic_disclosure",
             "example", "topic_disclosure", "topic_disclosure"]
    paras = [{"text": filler(i, 30), "roles": [r]} for i, r in enumerate(roles)]
    thesis = [dict(p) for p in paras]
    thesis[1] = {"text": paras[1]["text"], "roles": ["key_thesis"]}
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "lang": "en", "topic": TOPIC,
                                            "style": "blog", "paragraphs": p})
                                for i, p in (("bare", paras), ("thesis", thesis))),
                      encoding="utf-8")
    code, out = run(capsys, "review", "--corpus", str(corpus), "--labels", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["verdicts"] == "labels"
    by_id = {d["id"]: [f["id"] for f in d["findings"]] for d in data["drafts"]}
    assert by_id == {"bare": ["no_key_thesis"], "thesis": []}
    code, out = run(capsys, "review", "--corpus", str(corpus))
    assert code == 0 and "== bare" in out and "== thesis" in out


def test_review_without_a_file_or_corpus_says_what_it_needs(capsys):
    assert main(["review"]) == 2
    assert "review needs a draft file" in capsys.readouterr().err


def test_compare_two_models_of_one_method_asks_each_its_own_model(capsys, draft_file):
    import argparse
    import asyncio

    from core.chunking import make_document
    from core.review.commands import run_methods

    doc = make_document(draft_file.read_text(encoding="utf-8"), TOPIC)
    args = argparse.Namespace(demo=True, no_cache=True, base_url=None, model=None,
                              realtime_model=None)
    a, b = asyncio.run(run_methods(doc, ("rest", "rest"), args, ("model-a", "model-b")))
    assert {r.model for r in a.values()} == {"model-a"}
    assert {r.model for r in b.values()} == {"model-b"}
    code, out = run(capsys, "compare", str(draft_file), "--methods", "rest,rest", "--models",
                    "model-a,model-b", "--demo", "--topic", TOPIC, "--format", "json")
    assert code == 0 and json.loads(out)["methods"] == ["rest:model-a", "rest:model-b"]
    assert main(["compare", str(draft_file), "--methods", "rest,rest", "--models", "x"]) == 2
    assert "--models: give two models" in capsys.readouterr().err

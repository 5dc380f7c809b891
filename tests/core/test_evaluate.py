"""Corpus loading, scoring and the report format behind `draftlens eval`."""

from __future__ import annotations

import json
import re

import pytest

from core.evaluate import format_report, load_corpus, score
from core.roles import ROLE_IDS
from core.textio import DraftError


def test_score_on_a_hand_made_case():
    gold = [("example",), ("contrast", "example"), ("noise",), ("humor",)]
    predicted = ["example", "example", "topic_disclosure", None]
    r = score(gold, predicted)
    assert r.n == 4 and r.correct == 2 and r.errors == 1
    assert r.accuracy == pytest.approx(0.5)
    # primary-role statistics: example tp=1, predicted 2, gold 1 -> p=0.5 r=1 f1=2/3
    ex = r.per_role["example"]
    assert (ex.precision, ex.recall, ex.support) == (0.5, 1.0, 1)
    assert ex.f1 == pytest.approx(2 / 3)
    assert r.per_role["contrast"].f1 == 0.0 and r.per_role["contrast"].support == 1
    assert r.macro_f1 == pytest.approx((2 / 3) / len(ROLE_IDS))
    assert r.confusion["contrast"]["example"] == 1
    assert r.confusion["noise"]["topic_disclosure"] == 1
    assert r.confusion["humor"]["(error)"] == 1


def test_perfect_score():
    gold = [(rid,) for rid in ROLE_IDS]
    r = score(gold, list(ROLE_IDS))
    assert r.accuracy == 1.0 and r.macro_f1 == 1.0


def test_score_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        score([("noise",)], [])


def test_format_report_ends_with_the_summary_line():
    r = score([("example",), ("noise",), ("humor",)], ["example", "noise", "metaphor"])
    text = format_report(r)
    last = text.splitlines()[-1]
    assert re.fullmatch(r"accuracy=\d\.\d{3} macro_f1=\d\.\d{3} n=\d+", last)
    assert last == "accuracy=0.667 macro_f1=0.200 n=3"
    assert "confusion matrix" in text and "key_thesis" in text


def test_format_report_as_json():
    r = score([("example",), ("noise",)], ["example", None])
    data = json.loads(format_report(r, as_json=True))
    assert data["accuracy"] == 0.5 and data["n"] == 2 and data["errors"] == 1
    assert data["per_role"]["example"]["f1"] == 1.0
    assert data["confusion"]["noise"]["(error)"] == 1


def _write(tmp_path, *lines: str):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "d1", "lang": "en", "topic": "t", "paragraphs": [
    {"text": "A.", "roles": ["key_thesis", "metaphor"]}, {"text": "B.", "roles": ["noise"]}]})


def test_load_corpus(tmp_path):
    (draft,) = load_corpus(_write(tmp_path, GOOD, ""))
    assert draft.id == "d1" and draft.topic == "t" and draft.paragraphs == ["A.", "B."]
    assert draft.roles == [("key_thesis", "metaphor"), ("noise",)]


def test_load_corpus_reads_the_dev_corpus(shared_dir):
    drafts = load_corpus(shared_dir / "corpus" / "dev.jsonl")
    assert len(drafts) == 8 and sum(len(d.paragraphs) for d in drafts) == 103


def test_load_corpus_missing_file(tmp_path):
    with pytest.raises(DraftError, match="no such"):
        load_corpus(tmp_path / "nope.jsonl")


def test_load_corpus_bad_json_names_the_line(tmp_path):
    with pytest.raises(DraftError, match=r"c\.jsonl:2: not valid JSON"):
        load_corpus(_write(tmp_path, GOOD, "{oops"))


def test_load_corpus_unknown_role(tmp_path):
    bad = GOOD.replace('"noise"', '"gossip"')
    with pytest.raises(DraftError, match=r":1: .*unknown role id 'gossip'"):
        load_corpus(_write(tmp_path, bad))


@pytest.mark.parametrize("paragraphs", [
    [{"text": "A.", "roles": []}], [{"text": "A.", "roles": ["noise", "humor", "example"]}],
    [{"roles": ["noise"]}], [],
])
def test_load_corpus_malformed_paragraphs(tmp_path, paragraphs):
    line = json.dumps({"id": "x", "topic": "t", "paragraphs": paragraphs})
    with pytest.raises(DraftError, match=":1:"):
        load_corpus(_write(tmp_path, line))


def _held(id_: str, lang: str, gold: list[str], predicted: list[str], baseline: str):
    from core.evaluate import HeldOutDraft

    return HeldOutDraft(id_, lang, [(g,) for g in gold], predicted, baseline)


def test_cv_report_puts_the_majority_baseline_beside_the_model_per_language_and_draft():
    from core.evaluate import format_cv_report

    drafts = [_held("a_ru", "ru", ["noise", "humor", "humor", "topic_disclosure"],
                    ["noise", "humor", "example", "topic_disclosure"], "topic_disclosure"),
              _held("b_en", "en", ["example", "topic_disclosure"],
                    ["example", "topic_disclosure"], "topic_disclosure")]
    text = format_cv_report(drafts, pool_size=7)
    rows = {line.split()[0] + (" " + line.split()[1] if line.startswith("lang") else ""): line
            for line in text.splitlines() if line.strip()}
    assert "pool of 7" in text
    # all: model 5/6 correct, baseline 2/6; ru: 3/4 vs 1/4; en: 2/2 vs 1/2
    assert rows["all"].split()[1:3] == ["6", "0.833"] and rows["all"].split()[4] == "0.333"
    assert rows["lang ru"].split()[3] == "0.750" and rows["lang ru"].split()[5] == "0.250"
    assert rows["lang en"].split()[3] == "1.000" and rows["lang en"].split()[5] == "0.500"
    assert "a_ru" in rows and "b_en" in rows
    # macro-F1 over ten roles: noise 1, humor 2/3, topic_disclosure 1, example 2/3
    assert text.splitlines()[-1] == ("accuracy=0.833 macro_f1=0.333 n=6 "
                                     "baseline_accuracy=0.333")


def test_eval_cv_and_train_local_commands(tmp_path, capsys):
    from core.cli import main

    drafts = [{"id": f"d{i}", "lang": "en", "topic": f"topic number {i} about gardens",
               "paragraphs": [{"text": f"Gardens {i} need water and sun, paragraph {j}.",
                               "roles": [["topic_disclosure", "example"][j % 2]]}
                              for j in range(4)]} for i in range(3)]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(d) for d in drafts), encoding="utf-8")
    assert main(["eval", "--cv", "--learning-curve", "--corpus", str(corpus),
                 "--train-corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "leave-one-draft-out over 3 drafts (12 paragraphs)" in out
    assert "majority acc" in out and "lang en" in out
    assert re.search(r"100% of the other drafts: accuracy=\d\.\d{3}", out)
    model = tmp_path / "m.npz"
    assert main(["train-local", "--corpus", str(corpus), "--seed", "3", "--out", str(model)]) == 0
    assert "trained on 3 drafts, 12 paragraphs (seed 3)" in capsys.readouterr().out
    assert model.is_file()


def test_eval_without_corpus_or_cv_is_a_clear_error(capsys):
    from core.cli import main

    assert main(["eval"]) == 2
    assert "--corpus" in capsys.readouterr().err


def test_eval_cv_with_a_network_method_is_a_clear_error(capsys):
    from core.cli import main

    assert main(["eval", "--cv", "--method", "rest"]) == 2
    assert "Local model" in capsys.readouterr().err

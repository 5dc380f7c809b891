"""The splice evaluation of relevance by meaning (`draftlens eval --relevance`)."""

from __future__ import annotations

import random

import numpy as np

from core.evaluate import LabeledDraft
from core.local import relevance_eval as rev
from core.roles import ROLE_IDS


def _drafts(n: int = 16, size: int = 7, seed: int = 2) -> list[LabeledDraft]:
    rng = random.Random(seed)
    out = []
    for d in range(n):
        paragraphs = [f"draft {d} paragraph {i} " + "".join(rng.choices("abcdefgh", k=12))
                      for i in range(size)]
        roles = [(rng.choice(ROLE_IDS),) for _ in range(size)]
        out.append(LabeledDraft(f"d{d}", "en" if d % 2 else "ru", f"topic {d}", paragraphs, roles))
    return out


def test_auc_and_recall_against_hand_counts():
    assert rev.auc(np.array([3.0, 1.0]), np.array([2.0, 0.0])) == 0.75   # 3 of 4 pairs
    assert rev.auc(np.array([1.0]), np.array([1.0])) == 0.5
    neg = np.arange(100.0)                   # 5 % of these lie above 94.05
    assert rev.recall_at(np.array([95.0, 50.0]), neg) == 0.5


def test_cases_splice_runs_of_another_draft_of_the_fold_and_swap_the_topic():
    fold = _drafts(4)
    cases = rev.cases_of(fold, {"ru": ["topic 0", "topic 2", "x"], "en": ["topic 1", "y"]},
                         random.Random(1))
    assert [c.kind for c in cases[:4]] == ["clean", "spliced 5", "spliced 2", "wrong topic"]
    for c in cases:
        host = next(d for d in fold if c.draft.id.startswith(d.id))
        inserted = [p for p, s in zip(c.draft.paragraphs, c.spliced, strict=True) if s]
        if c.kind.startswith("spliced"):
            assert len(inserted) == int(c.kind.split()[1])
            assert not set(inserted) & set(host.paragraphs)
            assert any(set(inserted) <= set(o.paragraphs) for o in fold if o is not host)
            assert [p for p, s in zip(c.draft.paragraphs, c.spliced, strict=True)
                    if not s] == host.paragraphs
        if c.kind == "wrong topic":
            assert c.draft.topic != host.topic and all(c.spliced)


def test_no_case_is_scored_by_a_model_trained_on_its_host_or_its_source(monkeypatch):
    pool = _drafts(16)
    seen: dict[int, set[str]] = {}

    def trainer(drafts, seed):
        model = object()
        seen[id(model)] = {p for d in drafts for p in d.paragraphs}
        trainer.models.append(model)
        return model

    trainer.models = []
    scored = []
    monkeypatch.setattr(rev, "score", lambda model, case: scored.append((id(model), case)))
    rev.cross_validate(pool, seed=5, trainer=trainer)
    assert len(trainer.models) == rev.FOLDS
    assert {c.draft.id for _, c in scored if c.kind == "clean"} == {d.id for d in pool}
    for model, case in scored:
        assert not set(case.draft.paragraphs) & seen[model]


def test_the_drift_finding_is_counted_on_the_spliced_run_or_elsewhere():
    host = _drafts(1, size=9)[0]
    long = [p * 4 for p in host.paragraphs]
    case = rev.Case("spliced 5", LabeledDraft("h", "en", "t", long, host.roles),
                    [i in (3, 4, 5) for i in range(9)])
    case.roles = [("topic_disclosure",)] * 9
    case.relevance = np.array([0.9, 0.9, 0.9, 0.02, 0.03, 0.02, 0.9, 0.9, 0.9])
    assert rev.drift_findings(case) == (True, False)
    case.spliced = [i in (6, 7) for i in range(9)]
    assert rev.drift_findings(case) == (False, True)


def test_the_report_puts_relevance_by_meaning_beside_relevance_by_roles_alone():
    clean = rev.Case("clean", LabeledDraft("a", "en", "t", ["x"] * 4,
                                           [("topic_disclosure",)] * 3 + [("noise",)]),
                     [False] * 4, np.array([0.9, 0.8, 0.7, 0.1]), np.array([0.9, 0.9, 0.9, 0.2]),
                     [("topic_disclosure",)] * 4)
    spliced = rev.Case("spliced 5", LabeledDraft("b", "en", "t", ["y"] * 4,
                                                 [("topic_disclosure",)] * 4),
                       [False, True, True, False], np.array([0.9, 0.1, 0.2, 0.8]),
                       np.full(4, 0.9), [("topic_disclosure",)] * 4)
    row = next(line for line in rev.format_report([clean, spliced]).splitlines()
               if line.strip().startswith("spliced 5"))
    # by meaning the spliced pair is below every on-topic paragraph; by roles alone, tied
    assert row.split()[-6:] == ["1.000", "/", "100%", "0.500", "/", "0%"]

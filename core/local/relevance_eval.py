"""Does refined relevance find text carried in from another draft? (`eval --cv --relevance`)

Grouped FOLDS-fold cross-validation over the training pool: the refining model (with its
relevance regression) is trained on the other folds; each draft of the held-out fold is scored
as it is, with a run of 5 and a run of 2 paragraphs of another draft of the same fold spliced
in, and under another draft's topic. Neither the host nor the source of a splice was seen in
training. Reported: AUC of "not relevant" against the clean drafts' on-topic paragraphs, the
share found when 5 % of those are flagged, and drafts with the review's drift finding.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from core.evaluate import LabeledDraft
from core.local import relevance, training
from core.local.classifier import pick_roles
from core.local.model import RoleModel
from core.review.rules import off_topic_runs
from core.review.verdicts import Verdict
from core.roles import ROLE_IDS

FOLDS = 8
FALSE_POSITIVES = 0.05
KINDS = ("spliced 5", "spliced 2", "noise or topic change", "wrong topic")


@dataclass
class Case:
    """One scored draft: which paragraphs were spliced in, and what came out."""

    kind: str                 # "clean", "spliced 5", "spliced 2", "wrong topic"
    draft: LabeledDraft
    spliced: list[bool]
    relevance: np.ndarray = field(default_factory=lambda: np.zeros(0))
    by_role: np.ndarray = field(default_factory=lambda: np.zeros(0))  # before: roles alone
    roles: list[tuple[str, ...]] = field(default_factory=list)


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(a positive scores above a negative), ties counted half."""
    pos, neg = np.asarray(pos, float)[:, None], np.asarray(neg, float)[None, :]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean())


def recall_at(pos: np.ndarray, neg: np.ndarray, fp: float = FALSE_POSITIVES) -> float:
    """Share of positives above the score that flags `fp` of the negatives."""
    return float((np.asarray(pos) > np.quantile(neg, 1.0 - fp)).mean())


def cases_of(fold: list[LabeledDraft], topics: dict[str, list[str]], rng: random.Random
             ) -> list[Case]:
    """Each draft of a fold as it is, with runs of other drafts of the fold spliced in, and
    under another topic of its language."""
    out = []
    for d in fold:
        n = len(d.paragraphs)
        out.append(Case("clean", d, [False] * n))
        for src, a, at, k in relevance.splice_runs(d, fold, rng):
            out.append(Case(f"spliced {k}",
                            LabeledDraft(f"{d.id}+{src.id}", d.lang, d.topic,
                                         d.paragraphs[:at] + src.paragraphs[a:a + k]
                                         + d.paragraphs[at:],
                                         d.roles[:at] + src.roles[a:a + k] + d.roles[at:]),
                            [False] * at + [True] * k + [False] * (n - at)))
        wrong = [t for t in topics.get(d.lang, []) if t != d.topic]
        if wrong:
            out.append(Case("wrong topic", LabeledDraft(f"{d.id}@", d.lang, rng.choice(wrong),
                                                        d.paragraphs, d.roles), [True] * n))
    return out


def score(model: RoleModel, case: Case) -> None:
    """Fill in the case's refined relevance and roles."""
    enc = training.encoded_meaning(case.draft)
    probs = model.probabilities(enc)
    emb = training.embedded(case.draft)
    belongs = relevance.belongs(model.relevance, relevance.features(emb), bool(np.any(emb.topic)))
    if belongs is not None:
        belongs = belongs * relevance.draft_factor(model.on_topic(enc))
    case.relevance = relevance.relevance(probs, belongs)
    case.by_role = relevance.relevance(probs, None)
    case.roles = [pick_roles(dict(zip(ROLE_IDS, p.tolist(), strict=True))) for p in probs]


def cross_validate(pool: list[LabeledDraft], seed: int = training.SEED,
                   trainer: Callable[..., RoleModel] = training.train_refiner) -> list[Case]:
    """Every draft of the pool scored by a refining model trained on the other folds."""
    ids = sorted(d.id for d in pool)
    random.Random(seed).shuffle(ids)
    fold_of = {d: i % FOLDS for i, d in enumerate(ids)}
    topics: dict[str, list[str]] = {}
    for d in pool:
        topics.setdefault(d.lang, []).append(d.topic)
    rng = random.Random(seed)
    out = []
    for k in range(FOLDS):
        held = [d for d in pool if fold_of[d.id] == k]
        if not held:
            continue
        model = trainer([d for d in pool if fold_of[d.id] != k], seed)
        for case in cases_of(held, {lang: sorted(set(t)) for lang, t in topics.items()}, rng):
            score(model, case)
            out.append(case)
    return out


def _kind_of(case: Case, i: int) -> str:
    if case.spliced[i]:
        return case.kind
    if case.draft.roles[i][0] in relevance.OFF_TOPIC_ROLES:
        return "noise or topic change"
    return "on topic" if case.kind == "clean" else ""


def drift_findings(case: Case) -> tuple[bool, bool]:
    """(the drift finding covers a spliced paragraph, it fires on paragraphs of the draft's
    own) for the case's verdicts."""
    verdicts = [Verdict(i, t, r, None, float(x)) for i, (t, r, x) in enumerate(zip(
        case.draft.paragraphs, case.roles, case.relevance, strict=True))]
    hits = off_topic_runs(verdicts, None)
    spliced = {i for i, s in enumerate(case.spliced) if s} if case.kind != "wrong topic" else set()
    return (any(set(h.paragraphs) & spliced for h in hits),
            any(not set(h.paragraphs) & spliced for h in hits))


def format_report(cases: list[Case]) -> str:
    """AUC / recall table (relevance by meaning, and by the roles alone as before) and the
    review's drift findings per kind of draft."""
    lines = [f"relevance, {FOLDS}-fold grouped by draft (host and source held out); AUC of 'not "
             f"relevant' against the clean drafts' on-topic paragraphs, and the share found "
             f"when {FALSE_POSITIVES:.0%} of those are flagged:",
             f"  {'':<22} {'n':>5}  {'by meaning':>18}  {'by roles alone':>18}"]
    tables = [_off_scores(cases, "relevance"), _off_scores(cases, "by_role")]
    on = [np.array(t.get("on topic", [])) for t in tables]
    for kind in KINDS:
        pos = [np.array(t.get(kind, [])) for t in tables]
        if len(pos[0]) and len(on[0]):
            cells = [f"{auc(p, o):.3f} / {recall_at(p, o):>4.0%}" for p, o in zip(pos, on,
                                                                                 strict=True)]
            lines.append(f"  {kind:<22} {len(pos[0]):>5}  {cells[0]:>18}  {cells[1]:>18}")
    lines.append(f"  (on topic: {len(on[0])} paragraphs)")
    lines.append("review drift finding (off_topic_run), drafts with a finding:")
    for kind in ("clean", "spliced 5", "spliced 2"):
        group = [drift_findings(c) for c in cases if c.kind == kind]
        if group:
            lines.append(f"  {kind:<10} {len(group):>4} drafts: on the spliced run "
                         f"{sum(a for a, _ in group):>3}, elsewhere {sum(b for _, b in group):>3}")
    return "\n".join(lines)


def _off_scores(cases: list[Case], attr: str) -> dict[str, list[float]]:
    """1 - relevance (`attr` of each case) per kind of paragraph."""
    off: dict[str, list[float]] = {}
    for c in cases:
        for i, x in enumerate(getattr(c, attr)):
            off.setdefault(_kind_of(c, i), []).append(1.0 - float(x))
    return off

"""How far the Local model's confidence can be trusted, and what the writer's corrections add.

- `reliability`: confidence bins -> accuracy and count; `coverage_accuracy`: the accuracy of
  the most confident share of verdicts.
- `simulate_adaptation`: a writer's corrections (one of their drafts, or all their other
  drafts); accuracy on their remaining drafts with and without them, by a model that never saw
  any of the writer's drafts (the real posts count as one writer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.evaluate import LabeledDraft
from core.local import calibrate
from core.local.adapt import Adapter
from core.local.model import RoleModel
from core.local.training import embedded, primary_right, probabilities
from core.roles import ROLE_IDS

BINS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def cross_fitted_confidence(groups: list[str], top: np.ndarray,
                            right: np.ndarray) -> np.ndarray:
    """Calibrated confidence of LODO predictions without fitting on the rows being scored:
    Platt is fitted on half the drafts and applied to the other half, both ways round."""
    names = sorted(set(groups))
    half = {g: i % 2 for i, g in enumerate(names)}
    side = np.array([half[g] for g in groups])
    out = np.empty(len(top))
    for s in (0, 1):
        fit_rows = side != s
        if fit_rows.sum() < 2:
            out[side == s] = top[side == s]
            continue
        cal = calibrate.fit_platt(top[fit_rows], right[fit_rows])
        out[side == s] = calibrate.apply(top[side == s], cal)
    return out


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    accuracy: float
    mean_confidence: float


def reliability(confidence: np.ndarray, right: np.ndarray) -> list[Bin]:
    """Accuracy and count of the verdicts in each confidence bin."""
    out = []
    for lo, hi in zip(BINS[:-1], BINS[1:], strict=True):
        rows = (confidence >= lo) & (confidence < hi)
        n = int(rows.sum())
        out.append(Bin(lo, min(hi, 1.0), n, float(right[rows].mean()) if n else 0.0,
                       float(confidence[rows].mean()) if n else 0.0))
    return out


def coverage_accuracy(confidence: np.ndarray, right: np.ndarray, share: float) -> float:
    """Accuracy of the `share` most confident verdicts."""
    k = max(1, round(share * len(confidence)))
    order = np.argsort(-confidence, kind="stable")[:k]
    return float(right[order].mean())


def format_reliability(confidence: np.ndarray, right: np.ndarray) -> str:
    """The reliability table and the accuracy at 50% and 80% coverage."""
    lines = ["reliability (calibrated confidence of the primary role -> accuracy):",
             f"  {'confidence':<12} {'n':>5} {'accuracy':>9} {'mean conf':>10}"]
    for b in reliability(confidence, right):
        acc = f"{b.accuracy:>9.3f}" if b.count else f"{'-':>9}"
        conf = f"{b.mean_confidence:>10.3f}" if b.count else f"{'-':>10}"
        lines.append(f"  {b.low:.1f}-{b.high:.1f}{'':<5} {b.count:>5} {acc} {conf}")
    lines.append(f"accuracy at 100% coverage: {float(right.mean()):.3f}; "
                 f"80%: {coverage_accuracy(confidence, right, 0.8):.3f}; "
                 f"50% (the most confident half): {coverage_accuracy(confidence, right, 0.5):.3f}")
    return "\n".join(lines)


REAL_WRITER = "real_blogger"  # the shared real posts (ids real_*): one outside writer's drafts
DESIGNS = {"one": "corrections from one of the writer's drafts -> each other draft of theirs",
           "rest": "corrections from all the writer's other drafts -> this draft"}


def writer_of(draft: LabeledDraft) -> str:
    """Who wrote the draft: the corpus's author field; the real posts are one blogger's."""
    return draft.author or (REAL_WRITER if draft.id.startswith("real_") else "")


@dataclass(frozen=True)
class AdaptResult:
    """One case (writer, corrected drafts, judged draft): accuracy and log-loss of the gold
    primary role without and with the corrections."""

    author: str
    corrected: str
    judged: str
    n: int
    before: float
    after: float
    design: str = "one"
    loss_before: float = 0.0
    loss_after: float = 0.0


def simulate_adaptation(tests: list[LabeledDraft], pool: list[LabeledDraft],
                        trainer: Callable[..., RoleModel]) -> list[AdaptResult]:
    """For every writer of `tests` with two or more drafts: a model trained on `pool` without
    any of the writer's drafts; design "one": each of their drafts in turn becomes the
    corrections, judged on each other draft of theirs; design "rest": all their other drafts
    become the corrections, judged on the remaining one. With and without the corrections."""
    out = []
    for author in sorted({writer_of(d) for d in tests} - {""}):
        own = [d for d in tests if writer_of(d) == author]
        if len(own) < 2:
            continue
        model = trainer([d for d in pool if writer_of(d) != author])
        base = {d.id: probabilities(model, d) for d in own}
        for design in DESIGNS:
            for fixes, d in _cases(own, design):
                adapter = Adapter.from_pairs([p for f in fixes
                                              for p in zip(f.paragraphs, f.roles, strict=True)])
                after = adapter.blend(base[d.id], embedded(d).paragraphs)
                out.append(AdaptResult(
                    author, "+".join(f.id for f in fixes), d.id, len(d.roles),
                    float(primary_right(base[d.id], d).mean()),
                    float(primary_right(after, d).mean()), design,
                    _log_loss(base[d.id], d), _log_loss(after, d)))
    return out


def _cases(own: list[LabeledDraft], design: str):
    """(corrected drafts, judged draft) pairs of one writer's drafts."""
    if design == "one":
        return [([f], d) for f in own for d in own if d is not f]
    return [([f for f in own if f is not d], d) for d in own]


def _log_loss(probs: np.ndarray, draft: LabeledDraft) -> float:
    """Mean -log P(gold primary role)."""
    gold = [ROLE_IDS.index(r[0]) for r in draft.roles]
    return float(-np.log(np.clip(probs[np.arange(len(gold)), gold], 1e-9, 1.0)).mean())


def format_adaptation(results: list[AdaptResult]) -> str:
    """Per design, per writer and overall: accuracy (and log-loss) on the writer's drafts
    without and with their corrections (paragraph-weighted)."""
    if not results:
        return "no author with two or more drafts in the corpus: nothing to simulate"
    lines = ["a writer's corrections (the model never saw the writer; "
             f"{REAL_WRITER} = the two real posts):"]
    for design, title in DESIGNS.items():
        rows_of = [r for r in results if r.design == design]
        lines += ["", f"{title}:",
                  f"  {'writer':<16} {'cases':>5} {'without':>8} {'with':>8} {'change':>8}"
                  f" {'log-loss without -> with':>26}"]
        groups = {a: [r for r in rows_of if r.author == a]
                  for a in sorted({r.author for r in rows_of})}
        groups["all"] = rows_of
        for name, rows in groups.items():
            n = sum(r.n for r in rows)
            mean = lambda f, rows=rows, n=n: sum(f(r) * r.n for r in rows) / n  # noqa: E731
            before, after = mean(lambda r: r.before), mean(lambda r: r.after)
            lines.append(f"  {name:<16} {len(rows):>5} {before:>8.3f} {after:>8.3f} "
                         f"{after - before:>+8.3f} {mean(lambda r: r.loss_before):>15.3f} -> "
                         f"{mean(lambda r: r.loss_after):.3f}")
    return "\n".join(lines)


def format_stages(folds) -> str:
    """Fast first verdicts vs refined verdicts, overall and per language, and the
    reliability of the refined verdicts' confidence (Platt cross-fitted on LODO output)."""
    langs = [f.draft.lang for f in folds for _ in f.draft.roles]
    fast = np.array([p in g for f in folds for p, g in zip(f.fast, f.draft.roles, strict=True)])
    refined = np.array([p in g for f in folds
                        for p, g in zip(f.predicted, f.draft.roles, strict=True)])
    lines = ["first verdict (fast features) vs refined (with sentence embeddings), LODO accuracy:"]
    for lang in ["all", *sorted(set(langs))]:
        rows = np.array([lang in ("all", x) for x in langs])
        lines.append(f"  {lang:<5} n={int(rows.sum()):>5}  fast {fast[rows].mean():.3f}  "
                     f"refined {refined[rows].mean():.3f}")
    groups = [f.draft.id for f in folds for _ in f.draft.roles]
    top = np.array([t for f in folds for t in f.top])
    conf = cross_fitted_confidence(groups, top, refined)
    lines += ["", format_reliability(conf, refined)]
    return "\n".join(lines)

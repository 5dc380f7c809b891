"""How far the Local model's confidence can be trusted, and what the writer's corrections add.

- `reliability`: confidence bins -> accuracy and count; `coverage_accuracy`: the accuracy of
  the most confident share of verdicts.
- `simulate_adaptation`: a writer corrects one of their drafts; accuracy on their other drafts,
  with and without those corrections, by a model that never saw any of the writer's drafts.
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


@dataclass(frozen=True)
class AdaptResult:
    """One (author, corrected draft, judged draft) case: accuracy without and with."""

    author: str
    corrected: str
    judged: str
    n: int
    before: float
    after: float


def simulate_adaptation(tests: list[LabeledDraft], pool: list[LabeledDraft],
                        trainer: Callable[..., RoleModel],
                        prior_weight: float = 0.0) -> list[AdaptResult]:
    """For every author of `tests` with two or more drafts: a model trained on `pool` without
    any of the author's drafts; each of their drafts in turn becomes the corrections; accuracy
    on each other draft of theirs with and without them."""
    authors = sorted({d.author for d in tests if d.author})
    out = []
    for author in authors:
        own = [d for d in tests if d.author == author]
        if len(own) < 2:
            continue
        model = trainer([d for d in pool if d.author != author])
        base = {d.id: probabilities(model, d) for d in own}
        for fix in own:
            adapter = Adapter.from_pairs(list(zip(fix.paragraphs, fix.roles, strict=True)),
                                         prior_weight)
            for d in own:
                if d is fix:
                    continue
                after = adapter.blend(base[d.id], embedded(d).paragraphs)
                out.append(AdaptResult(author, fix.id, d.id, len(d.roles),
                                       float(primary_right(base[d.id], d).mean()),
                                       float(primary_right(after, d).mean())))
    return out


def format_adaptation(results: list[AdaptResult]) -> str:
    """Per author and overall: accuracy on the writer's other drafts without and with the
    corrections of one of their drafts (paragraph-weighted)."""
    if not results:
        return "no author with two or more drafts in the corpus: nothing to simulate"
    lines = ["corrections from one draft of a writer -> accuracy on the writer's other drafts "
             "(model never saw the writer):",
             f"  {'author':<16} {'cases':>5} {'without':>8} {'with':>8} {'change':>8}"]
    groups = {a: [r for r in results if r.author == a] for a in sorted({r.author for r in results})}
    groups["all"] = results
    for name, rows in groups.items():
        n = sum(r.n for r in rows)
        before = sum(r.before * r.n for r in rows) / n
        after = sum(r.after * r.n for r in rows) / n
        lines.append(f"  {name:<16} {len(rows):>5} {before:>8.3f} {after:>8.3f} "
                     f"{after - before:>+8.3f}")
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

"""Score role predictions against a labeled corpus: accuracy, macro-F1, confusion matrix.

Pure functions behind `draftlens eval`. A prediction is correct when its primary role is one of
the gold roles ("primary-in-gold"); per-role statistics and macro-F1 use the gold primary role.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from core.roles import ROLE_IDS
from core.textio import DraftError

NONE_LABEL = "(error)"  # column for chunks that produced no role


@dataclass(frozen=True)
class LabeledDraft:
    """One draft of the corpus: its paragraphs and their gold roles (primary first)."""

    id: str
    lang: str
    topic: str
    paragraphs: list[str]
    roles: list[tuple[str, ...]]
    author: str = ""  # who wrote it, where the corpus says (corrections are per writer)


@dataclass(frozen=True)
class RoleStats:
    """Precision, recall and F1 of one role as the primary prediction."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class EvalReport:
    """Everything `format_report` prints."""

    n: int
    correct: int
    accuracy: float
    macro_f1: float
    per_role: dict[str, RoleStats]
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold -> predicted -> n
    errors: int = 0


# ---------------------------------------------------------------- loading


def load_corpus(path: str | Path) -> list[LabeledDraft]:
    """Read a JSONL corpus; DraftError naming the file and line for anything malformed."""
    p = Path(path)
    if not p.is_file():
        raise DraftError(f"{p}: no such corpus file.")
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftError(f"{p}: cannot read the corpus ({exc}).") from exc
    drafts = [_parse_line(p, no, line) for no, line in enumerate(lines, 1) if line.strip()]
    if not drafts:
        raise DraftError(f"{p}: the corpus has no drafts.")
    return drafts


def _parse_line(path: Path, no: int, line: str) -> LabeledDraft:
    where = f"{path}:{no}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DraftError(f"{where}: not valid JSON ({exc.msg}).") from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("paragraphs"), list):
        raise DraftError(f"{where}: expected an object with a 'paragraphs' list.")
    texts: list[str] = []
    roles: list[tuple[str, ...]] = []
    for i, para in enumerate(obj["paragraphs"]):
        text, ids = _parse_paragraph(where, i, para)
        texts.append(text)
        roles.append(ids)
    if not texts:
        raise DraftError(f"{where}: the draft has no paragraphs.")
    return LabeledDraft(id=str(obj.get("id", f"line{no}")), lang=str(obj.get("lang", "")),
                        topic=str(obj.get("topic", "")), paragraphs=texts, roles=roles,
                        author=str(obj.get("author", "")))


def _parse_paragraph(where: str, i: int, para: object) -> tuple[str, tuple[str, ...]]:
    if not isinstance(para, dict) or not isinstance(para.get("text"), str):
        raise DraftError(f"{where}: paragraph {i} needs a 'text' string.")
    ids = para.get("roles")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 2:
        raise DraftError(f"{where}: paragraph {i} needs 1 or 2 roles.")
    for rid in ids:
        if rid not in ROLE_IDS:
            raise DraftError(f"{where}: paragraph {i} has an unknown role id {rid!r}.")
    return para["text"], tuple(ids)


# ---------------------------------------------------------------- scoring


def score(gold: list[tuple[str, ...]], predicted: list[str | None]) -> EvalReport:
    """Compare predicted primary roles (None = errored chunk, counted wrong) with gold roles."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if p is not None and p in g)
    confusion = {r: {c: 0 for c in (*ROLE_IDS, NONE_LABEL)} for r in ROLE_IDS}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g[0]][p if p is not None else NONE_LABEL] += 1
    gold_primary = [g[0] for g in gold]
    per_role = {r: _role_stats(r, gold_primary, predicted) for r in ROLE_IDS}
    n = len(gold)
    return EvalReport(
        n=n, correct=correct, accuracy=correct / n if n else 0.0,
        macro_f1=sum(s.f1 for s in per_role.values()) / len(ROLE_IDS),
        per_role=per_role, confusion=confusion,
        errors=sum(1 for p in predicted if p is None),
    )


def _role_stats(role: str, gold: list[str], predicted: list[str | None]) -> RoleStats:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == role and p == role)
    n_pred = sum(1 for p in predicted if p == role)
    n_gold = sum(1 for g in gold if g == role)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return RoleStats(precision, recall, f1, n_gold)


# ---------------------------------------------------------------- formatting


def final_line(report: EvalReport) -> str:
    """The machine-readable summary line that ends every text report."""
    return f"accuracy={report.accuracy:.3f} macro_f1={report.macro_f1:.3f} n={report.n}"


def format_report(report: EvalReport, as_json: bool = False) -> str:
    """A per-role table and confusion matrix, ending with `final_line`; or a JSON object."""
    if as_json:
        return json.dumps(_as_dict(report), ensure_ascii=False, indent=2)
    return "\n".join([*_role_table(report), "", *_confusion_table(report), "",
                      final_line(report)])


def _as_dict(report: EvalReport) -> dict:
    return {
        "accuracy": round(report.accuracy, 6), "macro_f1": round(report.macro_f1, 6),
        "n": report.n, "correct": report.correct, "errors": report.errors,
        "per_role": {r: {"precision": round(s.precision, 6), "recall": round(s.recall, 6),
                         "f1": round(s.f1, 6), "support": s.support}
                     for r, s in report.per_role.items()},
        "confusion": report.confusion,
        "summary": final_line(report),
    }


def _role_table(report: EvalReport) -> list[str]:
    width = max(len(r) for r in ROLE_IDS)
    rows = [f"{'role':<{width}}  precision  recall     f1  support"]
    for rid, s in report.per_role.items():
        rows.append(f"{rid:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}"
                    f"  {s.support:7d}")
    rows.append(f"{report.correct} of {report.n} correct (primary in gold), "
                f"{report.errors} errored")
    return rows


def _abbrev(label: str) -> str:
    """Short column header: initials of the id's parts ('topic_change' -> 'tc')."""
    return "err" if label == NONE_LABEL else "".join(part[0] for part in label.split("_"))


def _confusion_table(report: EvalReport) -> list[str]:
    cols = [*ROLE_IDS, NONE_LABEL]
    width = max(len(r) for r in ROLE_IDS)
    corner = "gold / predicted"
    header = f"{corner:<{width}} " + " ".join(f"{_abbrev(c):>4}" for c in cols)
    rows = ["confusion matrix (rows: gold primary role, columns: predicted)", header]
    for gold_role in ROLE_IDS:
        counts = report.confusion.get(gold_role, {})
        rows.append(f"{gold_role:<{width}} " + " ".join(f"{counts.get(c, 0):>4}" for c in cols))
    legend = ", ".join(f"{_abbrev(c)}={c}" for c in cols)
    return [*rows, f"columns: {legend}"]


# ---------------------------------------------------------------- cross-validation report


@dataclass(frozen=True)
class HeldOutDraft:
    """One draft of a cross-validation: gold roles, model and majority-baseline predictions."""

    id: str
    lang: str
    gold: list[tuple[str, ...]]
    predicted: list[str]
    baseline: str  # the majority primary role of the drafts the model was trained on


def format_cv_report(drafts: list[HeldOutDraft], pool_size: int) -> str:
    """Model vs majority baseline overall, per language and per draft; then per-role figures."""
    n = sum(len(d.gold) for d in drafts)
    w = max([24, *(len(d.id) + 2 for d in drafts)])
    lines = [f"leave-one-draft-out over {len(drafts)} drafts ({n} paragraphs): each draft is "
             f"predicted by a model trained on the other drafts of a pool of {pool_size}",
             f"{'':<{w}} {'n':>4}  {'model acc':>9} {'macro-F1':>8}  {'majority acc':>12}"
             f" {'macro-F1':>8}"]
    groups = {"all": drafts}
    for lang in sorted({d.lang for d in drafts}):
        groups[f"lang {lang}"] = [d for d in drafts if d.lang == lang]
    groups.update({f"  {d.id}": [d] for d in drafts})
    for name, group in groups.items():
        model, base = _cv_scores(group)
        lines.append(f"{name:<{w}} {model.n:>4}  {model.accuracy:>9.3f} {model.macro_f1:>8.3f}"
                     f"  {base.accuracy:>12.3f} {base.macro_f1:>8.3f}")
    model, base = _cv_scores(drafts)
    lines += ["", "model, per role:", *_role_table(model), "", *_confusion_table(model), "",
              f"{final_line(model)} baseline_accuracy={base.accuracy:.3f}"]
    return "\n".join(lines)


def _cv_scores(drafts: list[HeldOutDraft]) -> tuple[EvalReport, EvalReport]:
    gold = [g for d in drafts for g in d.gold]
    model = score(gold, [p for d in drafts for p in d.predicted])
    base = score(gold, [d.baseline for d in drafts for _ in d.gold])
    return model, base

"""Training data, training and honest evaluation of the learned role model.

- `train` fits the role model on labeled drafts and short excerpts of them, and the topic
  gate on the same drafts under their own topic against other drafts' topics, so the roles
  judged against the topic depend on it.
- `cross_validate` is leave-one-draft-out: every test draft is predicted by a model trained
  on the pool without it (by id and by text), next to the majority-class baseline of that
  same training set.
- `learning_curve` repeats it on 25/50/100% of the training drafts.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.evaluate import LabeledDraft, load_corpus
from core.local import calibrate, semantic
from core.local import relevance as by_meaning
from core.local.embed import DocEmbeddings, embed_document
from core.local.encode import Encoded, encode
from core.local.gate import fit_gate
from core.local.model import FitOptions, RoleModel, fit
from core.roles import ROLE_IDS
from core.textio import DraftError

SEED = 13
SWAPS_PER_DRAFT = 3        # wrong topics per draft the topic gate learns from
EXCERPTS_PER_DRAFT = 2     # short runs of paragraphs, so short drafts look familiar too
EXCERPT_WEIGHT = 0.5
EXCERPT_LEN = (2, 5)
ROLE_INDEX = {r: i for i, r in enumerate(ROLE_IDS)}
REPO = Path(__file__).resolve().parents[2]
TRAIN_GLOB = "tests/data/corpus/train_*.jsonl"
HELDOUT = REPO / "tests" / "core" / "local" / "heldout.jsonl"
SHARED_CORPORA = ("dev.jsonl", "real_dev.jsonl")

CALIBRATION_FOLDS = 8
DEFAULT_FIT = FitOptions()
Trainer = Callable[[list[LabeledDraft]], RoleModel]


def shared_dir() -> Path | None:
    """The shared folder beside the repository (it holds the dev corpora), if any."""
    for parent in REPO.parents:
        candidate = parent / "shared" / "corpus"
        if candidate.is_dir():
            return candidate.parent
    return None


def default_corpora() -> list[Path]:
    """Every labeled corpus the shipped model is trained on."""
    paths = sorted(REPO.glob(TRAIN_GLOB)) + [HELDOUT]
    shared = shared_dir()
    if shared is not None:
        paths += [shared / "corpus" / name for name in SHARED_CORPORA]
    return [p for p in paths if p.is_file()]


def load_drafts(paths: list[Path]) -> list[LabeledDraft]:
    """All drafts of the corpora; a draft id that occurs twice is kept once."""
    seen: dict[str, LabeledDraft] = {}
    for path in paths:
        for draft in load_corpus(path):
            seen.setdefault(draft.id, draft)
    if not seen:
        raise DraftError("no labeled drafts to train on")
    return list(seen.values())


_ENC_CACHE: dict[tuple[str, str, str, int], Encoded] = {}


def encoded(draft: LabeledDraft, topic: str | None = None) -> Encoded:
    """The draft's model input against its own topic or `topic` (cached)."""
    topic = draft.topic if topic is None else topic
    key = (draft.id, topic, draft.paragraphs[0], len(draft.paragraphs))
    if key not in _ENC_CACHE:
        _ENC_CACHE[key] = encode(draft.paragraphs, topic)
    return _ENC_CACHE[key]


def embedded(draft: LabeledDraft, topic: str | None = None) -> DocEmbeddings:
    """Sentence embeddings of the draft's paragraphs and of its (or `topic`'s) topic."""
    return embed_document(draft.paragraphs, draft.topic if topic is None else topic)


def encoded_meaning(draft: LabeledDraft, topic: str | None = None) -> Encoded:
    """The refining model's input: `encoded` plus the meaning features of the embeddings."""
    return semantic.with_meaning(encoded(draft, topic),
                                 semantic.meaning_features(embedded(draft, topic)))


def swapped_topics(drafts: list[LabeledDraft], seed: int) -> list[tuple[LabeledDraft, str]]:
    """(draft, another draft's topic in the same language) pairs, chosen with `seed`."""
    rng = random.Random(seed)
    out = []
    for d in drafts:
        others = sorted({o.topic for o in drafts if o.lang == d.lang and o.topic != d.topic})
        for topic in rng.sample(others, min(SWAPS_PER_DRAFT, len(others))):
            out.append((d, topic))
    return out


def excerpts(drafts: list[LabeledDraft], seed: int) -> list[LabeledDraft]:
    """Short runs of consecutive paragraphs of each draft (chosen with `seed`), as drafts."""
    rng = random.Random(seed)
    out = []
    for d in drafts:
        for _ in range(EXCERPTS_PER_DRAFT):
            k = min(len(d.paragraphs), rng.randint(*EXCERPT_LEN))
            start = rng.randint(0, len(d.paragraphs) - k)
            out.append(LabeledDraft(f"{d.id}#{start}+{k}", d.lang, d.topic,
                                    d.paragraphs[start:start + k], d.roles[start:start + k]))
    return out


def train(drafts: list[LabeledDraft], seed: int = SEED,
          opts: FitOptions = DEFAULT_FIT) -> RoleModel:
    """Fit the fast role model on `drafts` (plus short excerpts of them) and the topic gate (on
    the drafts under their own topic against the same drafts under wrong topics)."""
    return _train(drafts, seed, opts, encoded, ())


def train_refiner(drafts: list[LabeledDraft], seed: int = SEED,
                  opts: FitOptions = DEFAULT_FIT) -> RoleModel:
    """`train` with the meaning features of sentence embeddings added (the second stage), and a
    second topic gate by meaning: the draft is on topic if either gate says so (words or
    meaning: a topic in other words or another language opens the meaning gate; a topic the
    encoder misjudges but the draft names keeps the lexical one open); and the regression of
    relevance by meaning (relevance.py), on splices of the drafts."""
    model = _train(drafts, seed, opts, encoded_meaning, tuple(semantic.GATE_FEATURES))
    model.relevance = by_meaning.fit(drafts, embedded, seed)
    return model


def _train(drafts: list[LabeledDraft], seed: int, opts: FitOptions,
           enc: Callable[..., Encoded], gate_features: tuple[str, ...]) -> RoleModel:
    encs, labels, weights = [], [], []
    for d in drafts:
        encs.append(enc(d))
        labels.append(np.array([ROLE_INDEX[r[0]] for r in d.roles]))
        weights.append(np.ones(len(d.roles)))
    for d in excerpts(drafts, seed):
        encs.append(enc(d))
        labels.append(np.array([ROLE_INDEX[r[0]] for r in d.roles]))
        weights.append(np.full(len(d.roles), EXCERPT_WEIGHT))
    swaps = swapped_topics(drafts, seed)
    meta = {"seed": seed, "drafts": sorted(d.id for d in drafts),
            "paragraphs": sum(len(d.roles) for d in drafts)}
    model = fit(encs, labels, weights, opts, meta)
    on, off = [enc(d) for d in drafts], [enc(d, t) for d, t in swaps]
    model.gate = fit_gate(on, off)
    if gate_features:
        model.meaning_gate = fit_gate(on, off, features=gate_features)
    return model


def predict(model: RoleModel, draft: LabeledDraft) -> list[str]:
    """Primary role of every paragraph of `draft` (either stage: by the model's features)."""
    return [ROLE_IDS[i] for i in probabilities(model, draft).argmax(axis=1)]


def probabilities(model: RoleModel, draft: LabeledDraft) -> np.ndarray:
    """(n, K) role probabilities of either stage's model for `draft`."""
    refining = any(n.startswith(semantic.EMB_PREFIX) for n in model.names)
    return model.probabilities(encoded_meaning(draft) if refining else encoded(draft))


@dataclass
class FoldResult:
    """One held-out draft: gold roles, the model's and the baseline's predictions (with
    `refine`: `predicted` is the refining model's, `fast` the first stage's, `top` the refining
    model's uncalibrated top probability per paragraph)."""

    draft: LabeledDraft
    predicted: list[str]
    baseline: str   # the majority primary role of the training set
    fast: list[str] | None = None
    top: list[float] | None = None


def training_set(pool: list[LabeledDraft], held_out: LabeledDraft) -> list[LabeledDraft]:
    """The pool without the held-out draft: no draft with its id or any of its paragraphs."""
    texts = set(held_out.paragraphs)
    return [d for d in pool if d.id != held_out.id and not texts.intersection(d.paragraphs)]


def cross_validate(tests: list[LabeledDraft], pool: list[LabeledDraft],
                   trainer: Trainer = train, fraction: float = 1.0,
                   seed: int = SEED, refine: bool = False) -> list[FoldResult]:
    """Leave-one-draft-out: predict each test draft with a model trained without it (with
    `refine`, also with a refining model trained without it)."""
    results = []
    for held in tests:
        train_drafts = training_set(pool, held)
        if fraction < 1.0:
            rng = random.Random(f"{seed}:{held.id}")
            k = max(2, round(fraction * len(train_drafts)))
            train_drafts = rng.sample(train_drafts, k)
        model = trainer(train_drafts)
        majority = Counter(r[0] for d in train_drafts for r in d.roles).most_common(1)[0][0]
        fold = FoldResult(held, predict(model, held), majority)
        if refine:
            probs = probabilities(train_refiner(train_drafts, seed), held)
            fold.fast, fold.predicted = fold.predicted, [ROLE_IDS[i] for i in probs.argmax(1)]
            fold.top = probs.max(axis=1).tolist()
        results.append(fold)
    return results


def learning_curve(tests: list[LabeledDraft], pool: list[LabeledDraft],
                   fractions: tuple[float, ...] = (0.25, 0.5, 1.0),
                   trainer: Trainer = train, refine: bool = False) -> dict[float, float]:
    """LODO primary-in-gold accuracy when training on a share of the other drafts (with
    `refine`: of the refined verdicts)."""
    curve = {}
    for f in fractions:
        folds = cross_validate(tests, pool, trainer, fraction=f, refine=refine)
        gold = [r for fr in folds for r in fr.draft.roles]
        pred = [p for fr in folds for p in fr.predicted]
        curve[f] = sum(p in g for p, g in zip(pred, gold, strict=True)) / max(1, len(gold))
    return curve


def primary_right(probs: np.ndarray, draft: LabeledDraft) -> np.ndarray:
    """Per paragraph: is the most probable role among the gold roles?"""
    return np.array([ROLE_IDS[i] in g for i, g in zip(probs.argmax(1), draft.roles,
                                                       strict=True)])


def out_of_fold_calibration(drafts: list[LabeledDraft],
                            trainer: Callable[..., RoleModel], seed: int) -> tuple[float, float]:
    """Platt (a, b) fitted on grouped CALIBRATION_FOLDS-fold out-of-fold top probabilities
    (each draft predicted by a model trained without it), for the confidence of `trainer`'s
    model."""
    ids = sorted(d.id for d in drafts)
    random.Random(seed).shuffle(ids)
    fold = {d: i % CALIBRATION_FOLDS for i, d in enumerate(ids)}
    tops, right = [], []
    for k in range(CALIBRATION_FOLDS):
        model = trainer([d for d in drafts if fold[d.id] != k], seed)
        for d in (d for d in drafts if fold[d.id] == k):
            probs = probabilities(model, d)
            tops.append(probs.max(axis=1))
            right.append(primary_right(probs, d))
    return calibrate.fit_platt(np.concatenate(tops), np.concatenate(right))


def train_and_save(paths: list[Path], out: Path, seed: int = SEED,
                   refine_out: Path | None = None) -> RoleModel:
    """Train both stages on the corpora at `paths`, calibrate their confidence on grouped
    out-of-fold predictions, and write the fast model to `out` and the refining one to
    `refine_out` (default: refine.npz beside `out`)."""
    drafts = load_drafts(paths)
    refine_out = refine_out or out.with_name("refine.npz")
    out.parent.mkdir(parents=True, exist_ok=True)
    fast = None
    for trainer, path in ((train, out), (train_refiner, refine_out)):
        model = trainer(drafts, seed)
        model.meta["corpora"] = [_display(p) for p in paths]
        model.meta["calibration"] = list(out_of_fold_calibration(drafts, trainer, seed))
        model.save(path)
        fast = fast or model
    return fast


def _display(p: Path) -> str:
    """A path relative to the repository or the shared folder, for the model's metadata."""
    shared = shared_dir()
    for base in (REPO, shared.parent if shared is not None else None):
        if base is not None and p.resolve().is_relative_to(base.resolve()):
            return p.resolve().relative_to(base.resolve()).as_posix()
    return p.name


def held_out_drafts(folds: list[FoldResult]) -> list:
    """Fold results in the shape `core.evaluate.format_cv_report` prints."""
    from core.evaluate import HeldOutDraft

    return [HeldOutDraft(f.draft.id, f.draft.lang, list(f.draft.roles), f.predicted, f.baseline)
            for f in folds]

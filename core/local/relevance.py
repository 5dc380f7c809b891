"""Topic relevance by meaning, for the refined verdicts.

relevance = P(on topic by role) x P(belongs here by meaning):

- P(on topic by role) = 1 - P(noise) - P(topic change) of the refining model, its topic gates
  included (a draft judged against an unrelated topic is noise), and scaled by
  min(1, gate / DRAFT_OPEN), so a draft the gates doubt loses relevance before its roles turn;
- P(belongs) is a small logistic regression (a `Gate`) on what the paragraph says compared
  with the topic and with the rest of the draft: its cosine to the topic (absolute and minus
  the draft's median), its cosine to the draft's topical core (the other paragraphs weighted
  by their similarity to the topic) minus the median, and the two relative cosines averaged
  over the paragraph and one or two neighbours each side, and over the better of the two
  windows that end or start at it (a text carried in from elsewhere is usually a run).

The regression learns from synthetic splices: paragraphs of another draft in the same
language spliced into each training draft ("does not belong") against the draft's own
paragraphs that are neither noise nor a topic change. Its features are relative to the draft,
so a topic the encoder misjudges for the whole draft (a topic gate by words keeps it open)
does not make every paragraph irrelevant.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from core.local.embed import DocEmbeddings
from core.local.gate import NOISE, TOPIC_CHANGE, Gate, fit_logistic

PREFIX = "rel_"
FEATURES = [f"{PREFIX}{n}" for n in ("topic", "topic_rel", "core_rel", "topic_w1", "core_w1",
                                     "topic_w2", "core_w2", "topic_side2", "core_side2")]
CORE_SHARPNESS = 10.0        # weight of a paragraph in the topical core: exp(10 x its cosine)
SPLICE_SIZES = (5, 2)        # one run of each length spliced into every training draft
DRAFT_OPEN = 0.5             # below this topic gate value relevance falls in proportion
OFF_TOPIC_ROLES = ("noise", "topic_change")


def features(emb: DocEmbeddings) -> dict[str, np.ndarray]:
    """Columns (one value per paragraph) the relevance regression reads."""
    p, t = emb.paragraphs, emb.topic
    n = len(p)
    if n == 0:
        return {name: np.zeros(0, np.float32) for name in FEATURES}
    to_topic = p @ t
    weight = np.exp(CORE_SHARPNESS * (to_topic - to_topic.max()))
    core = (weight[:, None] * p).sum(axis=0)[None, :] - weight[:, None] * p  # without itself
    to_core = np.einsum("ij,ij->i", p, core) / np.maximum(np.linalg.norm(core, axis=1), 1e-9)
    topic_rel = to_topic - np.median(to_topic)
    core_rel = to_core - np.median(to_core)
    cols = [to_topic, topic_rel, core_rel, _window(topic_rel, 1), _window(core_rel, 1),
            _window(topic_rel, 2), _window(core_rel, 2), _side(topic_rel, 2), _side(core_rel, 2)]
    return {name: col.astype(np.float32) for name, col in zip(FEATURES, cols, strict=True)}


def _cumulative(v: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(v)])


def _window(v: np.ndarray, k: int) -> np.ndarray:
    """Mean of v over each paragraph and k neighbours on each side (fewer at the edges)."""
    c, i = _cumulative(v), np.arange(len(v))
    lo, hi = np.maximum(i - k, 0), np.minimum(i + k + 1, len(v))
    return (c[hi] - c[lo]) / (hi - lo)


def _side(v: np.ndarray, k: int) -> np.ndarray:
    """The lower of the means of v over the k paragraphs before and including each paragraph
    and over it and the k after it (the edge of a run is still in a run)."""
    c, i = _cumulative(v), np.arange(len(v))
    lo, hi = np.maximum(i - k, 0), np.minimum(i + k + 1, len(v))
    return np.minimum((c[i + 1] - c[lo]) / (i + 1 - lo), (c[hi] - c[i]) / (hi - i))


def relevance(probs: np.ndarray, belongs: np.ndarray | None) -> np.ndarray:
    """(n,) relevance from role probabilities and P(belongs) (None: by the roles alone)."""
    by_role = np.clip(1.0 - probs[:, [NOISE, TOPIC_CHANGE]].sum(axis=1), 0.0, 1.0)
    return by_role if belongs is None else by_role * belongs


def draft_factor(on_topic: np.ndarray | None) -> np.ndarray | float:
    """min(1, topic gate / DRAFT_OPEN): the share of relevance a draft the gates doubt keeps."""
    return 1.0 if on_topic is None else np.clip(on_topic / DRAFT_OPEN, 0.0, 1.0)


def belongs(gate: Gate | None, cols: dict[str, np.ndarray], topic_given: bool) -> np.ndarray | None:
    """(n,) P(belongs) from `features` columns (None without a model or a topic)."""
    if gate is None or not topic_given:
        return None
    x = np.stack([cols[name] for name in gate.names], axis=1)
    return 1.0 / (1.0 + np.exp(-(((x - gate.mean) / gate.scale) @ gate.w + gate.b)))


def spliced(host: DocEmbeddings, source: DocEmbeddings, start: int, at: int,
            size: int) -> tuple[DocEmbeddings, np.ndarray]:
    """`host` with `size` paragraphs of `source` (from `start`) inserted before its paragraph
    `at`, and the mask of the inserted rows."""
    run = source.paragraphs[start:start + size]
    rows = np.concatenate([host.paragraphs[:at], run, host.paragraphs[at:]])
    mask = np.zeros(len(rows), bool)
    mask[at:at + len(run)] = True
    return DocEmbeddings(rows, host.topic), mask


def splice_runs(draft, drafts: Sequence, rng: random.Random) -> list[tuple]:
    """(source draft, its first paragraph, where in `draft`, length) of each SPLICE_SIZES run
    of another of `drafts` (of the same language where there is one) to splice into `draft`."""
    own = set(draft.paragraphs)
    others = [o for o in drafts if o.id != draft.id and not own.intersection(o.paragraphs)]
    same = [o for o in others if o.lang == draft.lang] or others
    out = []
    for size in SPLICE_SIZES if same else ():
        src = rng.choice(same)
        k = min(size, len(src.paragraphs))
        start = rng.randint(0, len(src.paragraphs) - k)
        out.append((src, start, rng.randint(1, max(1, len(draft.paragraphs) - 1)), k))
    return out


def training_rows(drafts: Sequence, embedded, seed: int
                  ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(x, y, host id per row): every draft as it is and with each SPLICE_SIZES run of another
    draft of its language spliced in (seeded); y = 1 for the draft's own paragraphs that are
    neither noise nor a topic change, 0 for spliced ones (its noise is left out: the roles
    already say it)."""
    rng = random.Random(seed)
    xs, ys, hosts = [], [], []

    def add(emb: DocEmbeddings, own: np.ndarray, keep: np.ndarray, host: str) -> None:
        cols = features(emb)
        xs.append(np.stack([cols[n] for n in FEATURES], axis=1)[keep])
        ys.append(own[keep].astype(float))
        hosts.extend([host] * int(keep.sum()))

    for d in drafts:
        emb = embedded(d)
        on = np.array([r[0] not in OFF_TOPIC_ROLES for r in d.roles])
        add(emb, on, on, d.id)
        for src, start, at, k in splice_runs(d, drafts, rng):
            emb2, mask = spliced(emb, embedded(src), start, at, k)
            own = np.insert(on, at, np.zeros(k, bool))
            add(emb2, own & ~mask, own | mask, d.id)
    return np.concatenate(xs), np.concatenate(ys), hosts


def fit(drafts: Sequence, embedded, seed: int) -> Gate:
    """The P(belongs) regression trained on splices of `drafts` (see `training_rows`)."""
    x, y, _ = training_rows(drafts, embedded, seed)
    return fit_logistic(x.astype(np.float64), y, list(FEATURES), steps=400)

"""Topic relevance by meaning (core/local/relevance.py) and its place in the refined verdicts."""

from __future__ import annotations

import numpy as np
import pytest

from core.chunking import make_document
from core.evaluate import LabeledDraft
from core.local import embed, relevance
from core.local.classifier import REFINE_PATH, refine
from core.local.embed import DocEmbeddings
from core.local.model import load
from tests.core.local.splice_texts import BIKE, BORSCHT

needs_encoder = pytest.mark.skipif(not embed.available(), reason="encoder not installed")


def _refined(paragraphs: list[str], topic: str):
    doc = make_document("\n\n".join(paragraphs), topic)
    return refine(doc, embed.embed_document([c.text for c in doc.chunks], topic))


def _spliced_bike() -> list[str]:
    return BIKE[:4] + BORSCHT + BIKE[4:]


def test_windows_average_a_paragraph_with_its_neighbours():
    v = np.array([0.0, 0.0, 3.0, 0.0, 0.0])
    assert np.allclose(relevance._window(v, 1), [0, 1, 1, 1, 0])
    assert np.allclose(relevance._window(v, 2), [1, 0.75, 0.6, 0.75, 1])
    # the lower of the windows ending at it and starting at it (k = 1)
    assert np.allclose(relevance._side(v, 1), [0, 0, 1.5, 0, 0])


def test_a_splice_puts_the_runs_rows_in_the_middle_and_marks_them():
    host = DocEmbeddings(np.arange(4, dtype=float)[:, None] * np.ones((4, 2)), np.ones(2))
    source = DocEmbeddings(-np.ones((3, 2)), np.zeros(2))
    emb, mask = relevance.spliced(host, source, 1, 2, 2)
    assert emb.paragraphs[:, 0].tolist() == [0, 1, -1, -1, 2, 3]
    assert mask.tolist() == [False, False, True, True, False, False]
    assert emb.topic.tolist() == [1, 1]


def _clusters(n_drafts: int = 8, n: int = 8, seed: int = 1):
    """Drafts whose paragraphs sit near their own topic's direction (random directions in 32
    dimensions); the last paragraph of each is labeled noise."""
    rng = np.random.default_rng(seed)
    drafts, vectors = [], {}
    for d in range(n_drafts):
        topic = rng.normal(size=32)
        rows = topic[None, :] + 0.8 * rng.normal(size=(n, 32)) * np.linalg.norm(topic) / 5.7
        unit = lambda a: a / np.linalg.norm(a, axis=-1, keepdims=True)  # noqa: E731
        paragraphs = [f"d{d} p{i}" for i in range(n)]
        roles = [("topic_disclosure",)] * (n - 1) + [("noise",)]
        drafts.append(LabeledDraft(f"d{d}", "en", f"topic {d}", paragraphs, roles))
        vectors[f"d{d}"] = DocEmbeddings(unit(rows), unit(topic))
    return drafts, lambda draft: vectors[draft.id]


def test_training_rows_label_the_drafts_own_paragraphs_and_the_spliced_ones():
    drafts, embedded = _clusters()
    x, y, hosts = relevance.training_rows(drafts, embedded, seed=3)
    per_draft = 7 + (7 + 5) + (7 + 2)   # as it is (noise left out), with runs of 5 and of 2
    assert len(y) == len(hosts) == x.shape[0] == 8 * per_draft
    assert x.shape[1] == len(relevance.FEATURES)
    assert (y == 0).sum() == 8 * (5 + 2)


def test_the_regression_learns_that_another_drafts_paragraphs_do_not_belong():
    drafts, embedded = _clusters()
    gate = relevance.fit(drafts[:6], embedded, seed=3)
    host, other = embedded(drafts[6]), embedded(drafts[7])
    emb, mask = relevance.spliced(host, other, 0, 3, 4)
    p = relevance.belongs(gate, relevance.features(emb), True)
    assert p[mask].max() < p[~mask].min()
    assert relevance.belongs(gate, relevance.features(emb), False) is None
    assert relevance.belongs(None, relevance.features(emb), True) is None


def test_relevance_multiplies_the_roles_on_topic_share_by_belonging():
    probs = np.full((2, 10), 0.1)
    assert np.allclose(relevance.relevance(probs, None), 0.8)
    assert np.allclose(relevance.relevance(probs, np.array([1.0, 0.25])), [0.8, 0.2])


def test_a_draft_the_topic_gates_doubt_keeps_relevance_in_proportion():
    assert relevance.draft_factor(None) == 1.0
    assert np.allclose(relevance.draft_factor(np.array([1.0, 0.5, 0.25, 0.0])), [1, 1, 0.5, 0])


def test_the_shipped_refining_model_carries_the_relevance_regression():
    model = load(REFINE_PATH)
    assert model.relevance is not None
    assert model.relevance.names == relevance.FEATURES
    assert model.relevance.w[relevance.FEATURES.index("rel_topic")] > 0


@needs_encoder
def test_a_recipe_spliced_into_a_bicycle_guide_is_less_relevant_than_the_guide():
    verdicts = _refined(_spliced_bike(), "choosing a bicycle")
    spliced = [v.relevance for v in verdicts[4:7]]
    guide = [v.relevance for v in verdicts[1:4] + verdicts[7:]]
    assert max(spliced) < 0.1 and min(guide) > 0.3 and np.median(guide) > 0.5


@needs_encoder
def test_the_recipe_is_relevant_when_the_topic_is_the_recipe():
    verdicts = _refined(BORSCHT + BORSCHT[:1], "borscht recipe")
    assert min(v.relevance for v in verdicts) > 0.5


@needs_encoder
def test_a_topic_the_encoder_misjudges_keeps_the_draft_relevant_through_the_word_gate(shared_dir):
    """The real post given 'ИИ-ассистент для работы с собственными документами' (real_dev's
    first draft): the encoder rates that topic about 0.005 similar to its paragraphs; the
    topic gate by words keeps the draft open, and relevance by meaning, relative to the
    draft, must not silence the whole post."""
    text = (shared_dir / "samples" / "ru-lelik-i-bolik.md").read_text(encoding="utf-8")
    topic = "ИИ-ассистент для работы с собственными документами"
    doc = make_document(text, topic)
    emb = embed.embed_document([c.text for c in doc.chunks], topic)
    assert float(np.median(emb.paragraphs @ emb.topic)) < 0.1   # the encoder's misjudgement
    rel = np.array([v.relevance for v in refine(doc, emb)])
    assert np.median(rel) > 0.5 and (rel < 0.15).mean() < 0.15


@needs_encoder
def test_a_topic_in_another_language_fits_by_meaning_and_an_unrelated_one_does_not():
    """The English guide against a Russian topic: its own ('как выбрать велосипед') keeps it
    relevant; an unrelated one ('рецепт борща', which the meaning gate only half closes)
    takes relevance down (it was about 0.5 before the draft factor)."""
    def mean(topic):
        return np.mean([v.relevance for v in _refined(BIKE, topic)][1:])

    assert mean("как выбрать велосипед") > 0.6 and mean("рецепт борща") < 0.3

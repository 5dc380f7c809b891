"""Two stages: the fast first verdict, then the refined one from sentence embeddings."""

from __future__ import annotations

import numpy as np
import pytest

from core.backends.local import LocalBackend
from core.chunking import make_document
from core.local import embed
from core.local.classifier import UNCERTAIN_BELOW, classify, refine
from core.models import ChunkResult
from core.roles import ROLE_IDS
from tests.core.local.same_verdicts import assert_same_verdicts

pytestmark = pytest.mark.skipif(not embed.available(), reason="encoder not installed")

BIKE = ["# How to choose your first bicycle",
        "Start with the frame size: stand over the top tube and keep a few centimetres of room.",
        "For the city a hybrid is enough: upright position, 28-inch wheels, mudguards.",
        "My neighbour bought a carbon road bike and rides it to the shop with three locks.",
        "Subscribe to the channel, new posts every Friday! #bikes"]


def _doc(topic: str = "choosing a bicycle"):
    return make_document("\n\n".join(BIKE), topic)


def test_refine_gives_one_calibrated_refined_verdict_per_chunk():
    doc = _doc()
    emb = embed.embed_document([c.text for c in doc.chunks], doc.topic)
    verdicts = refine(doc, emb)
    assert len(verdicts) == len(doc.chunks)
    for v in verdicts:
        assert v.refined and 0.0 <= v.confidence <= 1.0
        assert 1 <= len(v.roles) <= 2 and set(v.roles) <= set(ROLE_IDS)
    assert verdicts[-1].roles[0] == "noise"
    fast = classify(doc)
    assert all(not v.refined and 0.0 <= v.confidence <= 1.0 for v in fast)
    assert 0.0 < UNCERTAIN_BELOW < 1.0


def test_refine_refuses_embeddings_of_another_draft():
    doc = _doc()
    emb = embed.embed_document(["only one paragraph"], doc.topic)
    with pytest.raises(ValueError, match="do not match"):
        refine(doc, emb)


def test_a_topic_in_other_words_keeps_the_draft_on_topic_when_refined():
    """'велосипед' never occurs in this English draft: by meaning it is still its topic (the
    fast stage, by words, calls it all noise), while an unrelated topic takes the relevance
    down. (Known weakness, in docs/local-model.md: "рецепт борща" keeps about 0.5.)"""
    def relevance(topic):
        doc = _doc(topic)
        return np.mean([v.relevance for v in refine(
            doc, embed.embed_document([c.text for c in doc.chunks], topic))][1:4])

    assert relevance("как выбрать велосипед") > 0.5
    assert relevance("налоги для фрилансера") < 0.2 and relevance("taxes for freelancers") < 0.2


def test_the_writers_correction_of_this_very_paragraph_wins():
    doc = _doc()
    emb = embed.embed_document([c.text for c in doc.chunks], doc.topic)
    before = refine(doc, emb)[3].roles[0]
    wanted = "lyrical_digression" if before != "lyrical_digression" else "metaphor"
    after = refine(doc, emb, corrections=[(BIKE[3], (wanted,))])
    assert after[3].roles[0] == wanted


def test_a_writer_who_relabels_a_kind_of_paragraph_is_followed_on_a_new_one():
    """Her P.S. lines are jokes to her (the model calls a sign-off noise): four corrections
    from earlier drafts carry over to an unseen P.S. in a new draft; the unadapted model does
    not go there."""
    ps = ["P.S. Если дочитали до конца — вы герой. Обнимаю, ваша Марина.",
          "P.S. Кто дочитал, тому печенька. До пятницы, ваша Марина.",
          "P.S. Спасибо, что терпите мои простыни. Марина.",
          "P.S. Дочитавшим — медаль и мой поклон. Ваша Марина."]
    doc = make_document("\n\n".join([*BIKE[:4], "P.S. Если вы всё ещё здесь — вы лучшие. "
                                                  "Ваша Марина."]), "choosing a bicycle")
    emb = embed.embed_document([c.text for c in doc.chunks], doc.topic)
    before = refine(doc, emb)
    after = refine(doc, emb, corrections=[(t, ("humor",)) for t in ps])
    assert before[4].roles[0] == "noise"
    assert after[4].roles[0] == "humor"
    assert [v.roles for v in after[:4]] == [v.roles for v in before[:4]]


async def test_the_local_backend_yields_refined_verdicts_with_confidence_when_asked():
    doc = _doc()
    expected = refine(doc, embed.embed_document([c.text for c in doc.chunks], doc.topic))
    got: dict[int, ChunkResult] = {}
    async for event in LocalBackend(refine=True).run(doc, list(reversed(doc.chunks))):
        if isinstance(event, ChunkResult):
            assert event.index not in got
            got[event.index] = event
    assert sorted(got) == list(range(len(doc.chunks)))
    for i, v in enumerate(expected):
        assert got[i].roles == v.roles and got[i].confidence == v.confidence
    fast = [e async for e in LocalBackend().run(doc, doc.chunks) if isinstance(e, ChunkResult)]
    assert [r.confidence for r in fast] == [v.confidence for v in classify(doc)]


def test_refined_verdicts_with_corrections_do_not_depend_on_how_the_draft_is_blocked(
        monkeypatch):
    """The model scores blocks of rows; the writer's style measures each paragraph against the
    whole draft's mean, not its block's."""
    from core.local import classifier
    from tests.core.local.test_adapt import JOKES, PLAIN

    paragraphs = [f"{t} ({i})" for i in range(12) for t in BIKE[1:]]
    doc = make_document("\n\n".join(paragraphs), "choosing a bicycle")
    emb = embed.embed_document([c.text for c in doc.chunks], doc.topic)
    fixes = [(t, ("humor",)) for t in JOKES] + [(t, ("topic_disclosure",)) for t in PLAIN]
    monkeypatch.setattr(classifier, "BLOCK_ROWS", 16)
    blocked = refine(doc, emb, fixes)
    monkeypatch.setattr(classifier, "BLOCK_ROWS", 1000)
    assert_same_verdicts(refine(doc, emb, fixes), blocked)

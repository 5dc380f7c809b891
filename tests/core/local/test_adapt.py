"""The writer's corrections move the Local model's verdicts on paragraphs close in meaning."""

from __future__ import annotations

import numpy as np
import pytest

from core.local import embed
from core.local.adapt import NEAR, Adapter
from core.roles import ROLE_IDS

pytestmark = pytest.mark.skipif(not embed.available(), reason="encoder not installed")

SIGN_OFF = "Обнимаю, ваша Марина. До следующей пятницы!"
OTHER = "The carburettor needs a new gasket before the engine will idle evenly."
# One writer's P.S. lines, which they mark as humor every time (the model calls them noise).
HER_PS = ["P.S. Если дочитали до конца — вы герой. Обнимаю, ваша Марина.",
          "P.S. Кто дочитал, тому печенька. До пятницы, ваша Марина.",
          "P.S. Спасибо, что терпите мои простыни. Марина.",
          "P.S. Дочитавшим — медаль и мой поклон. Ваша Марина."]
NEW_PS = "P.S. Если вы всё ещё здесь — вы лучшие. Ваша Марина."  # none of the corrections
# A writer's self-ironic one-liners and plain statements, then a new draft about cameras.
JOKES = ["Я, конечно, опять всё сломал, но зато красиво.",
         "Жена сказала, что это мой пятый «последний» велосипед. Она права)",
         "Если что, я не программист, я просто упорный.",
         "Кот оценил мой код: лёг на клавиатуру и уснул.",
         "Обещал себе лечь в десять. Сейчас три ночи, привет)"]
PLAIN = ["Рама из алюминия весит около полутора килограммов.",
         "Тормоза бывают дисковые и ободные.",
         "Сервер хранит резервные копии семь дней.",
         "Налоговая декларация подаётся до тридцатого апреля.",
         "Тесто должно подниматься четыре часа при комнатной температуре."]
CAMERA = ["Купил новый объектив. Фотографировать лучше не стал, но теперь есть оправдание)",
          "Диафрагма объектива задаёт глубину резкости.",
          "Выдержка определяет, сколько света попадёт на матрицу.",
          "Чувствительность ISO повышает шум на снимке."]


def _uniformish(n: int, favourite: str = "topic_disclosure", share: float = 0.55) -> np.ndarray:
    p = np.full((n, len(ROLE_IDS)), 0.05)
    p[:, ROLE_IDS.index(favourite)] = share
    return p / p.sum(axis=1, keepdims=True)


def _noise_over_humor() -> np.ndarray:
    """A verdict sure of noise (0.6) with humor far behind (0.1)."""
    p = np.full((1, len(ROLE_IDS)), 0.3 / (len(ROLE_IDS) - 2))
    p[0, ROLE_IDS.index("noise")], p[0, ROLE_IDS.index("humor")] = 0.6, 0.1
    return p


def test_the_same_paragraph_follows_the_writers_label_and_others_barely_move():
    adapter = Adapter.from_pairs([(SIGN_OFF, ("noise",)), ("Короче, вот так.", ("transition",))])
    vecs = embed.embed_texts([SIGN_OFF, OTHER])
    probs = _uniformish(2)
    out = adapter.blend(probs, vecs)
    assert ROLE_IDS[int(out[0].argmax())] == "noise"
    assert ROLE_IDS[int(out[1].argmax())] == "topic_disclosure"
    assert np.allclose(out.sum(axis=1), 1.0)
    assert np.abs(out[1] - probs[1]).max() < 0.1


def test_the_same_paragraph_wins_even_against_a_sure_model():
    adapter = Adapter.from_pairs([(SIGN_OFF, ("humor",))])
    out = adapter.blend(_uniformish(1, "noise", 50.0), embed.embed_texts([SIGN_OFF]))
    assert ROLE_IDS[int(out[0].argmax())] == "humor"


def test_a_kind_of_paragraph_the_writer_relabels_again_and_again_follows_them():
    """Evidence adds up: four loosely similar corrections move an unseen paragraph of their
    kind, where one of them alone does not (nor does the model without corrections)."""
    new = embed.embed_texts([NEW_PS])
    probs = _noise_over_humor()
    assert ROLE_IDS[int(probs[0].argmax())] == "noise"
    many = Adapter.from_pairs([(t, ("humor",)) for t in HER_PS]).blend(probs, new)
    one = Adapter.from_pairs([(HER_PS[0], ("humor",))]).blend(probs, new)
    assert ROLE_IDS[int(many[0].argmax())] == "humor"
    assert ROLE_IDS[int(one[0].argmax())] == "noise"
    assert one[0, ROLE_IDS.index("humor")] > probs[0, ROLE_IDS.index("humor")]


def test_corrections_of_one_role_unlike_the_paragraphs_do_not_move_them():
    """No near correction, and no style: corrections of one role have no direction."""
    adapter = Adapter.from_pairs([(t, ("humor",)) for t in HER_PS])
    probs = _uniformish(2)
    out = adapter.blend(probs, embed.embed_texts([OTHER, PLAIN[0]]))
    assert np.abs(out - probs).max() < 1e-6


def test_the_writers_style_carries_over_to_paragraphs_unlike_any_correction():
    """Self-ironic one-liners marked humor, plain statements marked topic disclosure: in a new
    draft on another subject, its self-ironic line turns humor, its plain lines do not."""
    pairs = [(t, ("humor",)) for t in JOKES] + [(t, ("topic_disclosure",)) for t in PLAIN]
    adapter = Adapter.from_pairs(pairs)
    draft = embed.embed_texts(CAMERA)
    assert (draft @ adapter.vectors.T).max() < NEAR  # no neighbour: only the style can act
    probs = _uniformish(len(CAMERA), share=0.4)
    probs[:, ROLE_IDS.index("humor")] *= 5.0
    probs /= probs.sum(axis=1, keepdims=True)  # topic disclosure 0.38 ahead of humor 0.24
    out = adapter.blend(probs, draft)
    assert [ROLE_IDS[int(i)] for i in out.argmax(axis=1)] == [
        "humor", "topic_disclosure", "topic_disclosure", "topic_disclosure"]


def test_the_same_corrections_are_embedded_once():
    pairs = [(t, ("humor",)) for t in HER_PS]
    assert Adapter.from_pairs(pairs) is Adapter.from_pairs(list(pairs))
    assert Adapter.from_pairs(pairs[:2]) is not Adapter.from_pairs(pairs)


def test_no_corrections_change_nothing():
    adapter = Adapter.from_pairs([])
    probs = _uniformish(1)
    assert adapter.blend(probs, embed.embed_texts([OTHER])) is probs


def test_bad_pairs_are_skipped():
    adapter = Adapter.from_pairs([("  ", ("humor",)), ("text", ("not_a_role",)), ("ok", ())])
    assert len(adapter.labels) == 0


def test_the_style_is_the_writers_way_with_a_role_not_the_subject_of_their_jokes():
    """Their jokes were about the cat and their plain lines about taxes: a plain draft about
    cats stays plain (each paragraph is measured against its own draft's mean)."""
    cats = ["Кот опять спит на ноутбуке, а я работаю на подоконнике. Кто тут хозяин?)",
            "Кот съел мой ужин и смотрит так, будто это я виноват.",
            "Купил коту домик за три тысячи. Кот спит в коробке от него.",
            "Кот разбудил меня в пять утра, чтобы посмотреть мне в глаза."]
    taxes = ["Налоговый вычет можно получить за лечение и обучение.",
             "Декларацию подают до тридцатого апреля.",
             "Ставка налога на доходы физических лиц — тринадцать процентов.",
             "Уплатить налог нужно до пятнадцатого июля."]
    cat_facts = ["Кошки спят до шестнадцати часов в сутки.",
                 "Котёнка кормят четыре раза в день.",
                 "Прививку от бешенства кошке делают раз в год.",
                 "Кошачий корм должен содержать таурин."]
    adapter = Adapter.from_pairs([(t, ("humor",)) for t in cats]
                                 + [(t, ("topic_disclosure",)) for t in taxes])
    probs = _uniformish(len(cat_facts), share=0.4)
    probs[:, ROLE_IDS.index("humor")] *= 5.0
    probs /= probs.sum(axis=1, keepdims=True)
    out = adapter.blend(probs, embed.embed_texts(cat_facts))
    assert {ROLE_IDS[int(i)] for i in out.argmax(axis=1)} == {"topic_disclosure"}

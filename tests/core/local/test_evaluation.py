"""`eval --cv --adapt`: a writer's corrections, simulated on drafts the model never saw."""

from __future__ import annotations

import pytest

from core.evaluate import LabeledDraft
from core.local import embed, evaluation, training

SIGN_OFF = "Подписывайтесь на канал, обнимаю, ваш Кот Учёный."


def _draft(id_: str, author: str, body: list[tuple[str, str]], sign_off: bool = False):
    pairs = body + ([(SIGN_OFF, "metaphor")] if sign_off else [])
    return LabeledDraft(id_, "ru", f"тема {id_}", [t for t, _ in pairs],
                        [(r,) for _, r in pairs], author)


def _pool() -> list[LabeledDraft]:
    td = "topic_disclosure"
    return [
        _draft("cat_1", "cat", [("Коты спят по шестнадцать часов в сутки.", td)], True),
        _draft("cat_2", "cat", [("Кормить кота лучше два раза в день.", td)], True),
        _draft("cat_3", "cat", [("Когтеточку ставят у дивана, а не в углу.", td)], True),
        _draft("real_a", "", [("Чанки режут по смыслу, а не по длине.", td)]),
        _draft("real_b", "", [("Эмбеддинги сравнивают косинусом.", td)]),
        _draft("x_1", "", [("Велосипед выбирают по росту.", td),
                           ("Кстати, о погоде: завтра дождь.", "topic_change")]),
        _draft("x_2", "", [("Шлем нужен всегда.", td), ("Ладно, к делу.", "transition")]),
    ]


def test_writers_come_from_the_author_field_and_the_real_posts_are_one_blogger():
    pool = _pool()
    assert [evaluation.writer_of(d) for d in pool] == [
        "cat", "cat", "cat", evaluation.REAL_WRITER, evaluation.REAL_WRITER, "", ""]


@pytest.mark.skipif(not embed.available(), reason="encoder not installed")
def test_the_model_never_sees_the_writer_and_their_repeated_paragraph_carries_over():
    pool = _pool()
    seen: list[set[str]] = []

    def trainer(drafts):
        seen.append({d.id for d in drafts})
        return training.train(drafts)

    results = evaluation.simulate_adaptation(pool, pool, trainer)
    assert seen == [{"real_a", "real_b", "x_1", "x_2"},            # cat's model
                    {"cat_1", "cat_2", "cat_3", "x_1", "x_2"}]    # the real blogger's
    one = [r for r in results if r.design == "one"]
    rest = [r for r in results if r.design == "rest"]
    assert sorted((r.corrected, r.judged) for r in one if r.author == "cat") == [
        (a, b) for a in ("cat_1", "cat_2", "cat_3") for b in ("cat_1", "cat_2", "cat_3") if a != b]
    assert {(r.corrected, r.judged) for r in rest if r.author == "cat"} == {
        ("cat_2+cat_3", "cat_1"), ("cat_1+cat_3", "cat_2"), ("cat_1+cat_2", "cat_3")}
    assert len([r for r in results if r.author == evaluation.REAL_WRITER]) == 4
    for r in (r for r in results if r.author == "cat"):  # the sign-off is a metaphor to them
        assert r.after == pytest.approx(r.before + 0.5) and r.loss_after < r.loss_before
    table = evaluation.format_adaptation(results)
    assert "corrections from all the writer's other drafts" in table and "cat" in table

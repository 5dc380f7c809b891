import pytest

from core.roles import BY_ID, ROLE_IDS, ROLES, normalize_role, parse_roles


def test_ten_roles_with_unique_ids_and_labels():
    assert len(ROLES) == 10
    assert len(set(ROLE_IDS)) == 10
    assert len({r.ru for r in ROLES}) == 10
    assert BY_ID["metaphor"].ru == "метафора или аналогия"


@pytest.mark.parametrize("text, expected", [
    ("key_thesis", "key_thesis"), ("Key Thesis", "key_thesis"), ("KEY-THESIS.", "key_thesis"),
    ("ключевой тезис", "key_thesis"), ("Пояснение на примере", "example"),
    ("«смена темы»", "topic_change"), ("Лирическое отступление!", "lyrical_digression"),
    ("ирония", "humor"), ("аналогия", "metaphor"), ("noise", "noise"),
])
def test_normalize_accepts_ids_labels_and_variants(text, expected):
    assert normalize_role(text) == expected


@pytest.mark.parametrize("text", ["", "banana", "thesis-ish stuff", "1", "шумный"])
def test_normalize_rejects_unknown(text):
    assert normalize_role(text) is None


@pytest.mark.parametrize("text, expected", [
    ("example, humor", ("example", "humor")),
    ("metaphor / contrast", ("metaphor", "contrast")),
    ("метафора или аналогия", ("metaphor",)),
    ("юмор или ирония или сарказм", ("humor",)),
    ("пример или контраст", ("example", "contrast")),
    ("example, example", ("example",)),
    ("example, humor, noise", ("example", "humor")),
])
def test_parse_roles_lists(text, expected):
    assert parse_roles(text) == expected


def test_parse_roles_rejects_a_list_with_an_unknown_part():
    assert parse_roles("example, banana") is None

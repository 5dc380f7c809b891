"""Sentence embeddings: meaning across words and languages, the disk cache and its bounds."""

from __future__ import annotations

import sqlite3
import threading

import numpy as np
import pytest

from core.local import embed
from core.local.semantic import meaning_features

pytestmark = pytest.mark.skipif(not embed.available(), reason="encoder not installed")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTLENS_CACHE_DIR", str(tmp_path))
    embed.clear_memory()
    yield tmp_path
    embed.clear_memory()
    embed.close()


def _rows(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM emb").fetchone()[0]


def test_a_topic_in_words_the_paragraph_never_uses_still_matches_by_meaning(cache_dir):
    bike = "Pick a frame that fits your height and take it for a test ride before you pay."
    para, bicycle_ru, soup_ru = embed.embed_texts([bike, "как выбрать велосипед", "рецепт борща"])
    assert not {"велосипед", "bicycle"} & set(bike.lower().split())
    assert para @ bicycle_ru > para @ soup_ru + 0.1


def test_embeddings_come_back_from_disk_without_the_encoder(cache_dir, monkeypatch):
    texts = ["Первый абзац про сад.", "Second paragraph about tomatoes."]
    first = embed.embed_texts(texts)
    embed.clear_memory()

    def no_encoder(_texts):
        raise AssertionError("the encoder ran although the disk cache holds these texts")

    monkeypatch.setattr(embed, "_encode", no_encoder)
    again = embed.embed_texts(texts)
    assert np.allclose(first, again, atol=2e-3)  # float16 on disk
    assert _rows(cache_dir / "embeddings.sqlite") == 2


def test_the_encoder_version_is_part_of_the_key(cache_dir, monkeypatch):
    embed.embed_texts(["Some paragraph."])
    embed.clear_memory()
    monkeypatch.setattr(embed, "encoder_version", lambda: "usem3-another")
    assert embed.cached_only(["Some paragraph."]) == [None]


def test_the_disk_cache_is_bounded_and_can_be_cleared(cache_dir, monkeypatch):
    monkeypatch.setattr(embed, "DISK_ROWS", 3)
    embed.embed_texts([f"Paragraph number {i}." for i in range(5)])
    path = cache_dir / "embeddings.sqlite"
    assert _rows(path) == 3
    embed.clear_disk_cache()
    assert _rows(path) == 0
    assert embed.cached_only(["Paragraph number 4."]) == [None]


def test_meaning_features_of_a_draft(cache_dir):
    emb = embed.embed_document(["Velo frames and sizes.", "Wheels and tyres for a city bike.",
                                "My grandmother's borscht recipe: beets, cabbage, dill."],
                               "choosing a bicycle")
    f = meaning_features(emb)
    assert f["msim_topic"].shape == (3,)
    assert f["msim_topic"][2] < min(f["msim_topic"][:2])
    assert f["msim_prev"][0] == 0 and f["msim_next"][2] == 0
    assert np.isclose(f["msim_next"][0], emb.paragraphs[0] @ emb.paragraphs[1])
    no_topic = meaning_features(embed.embed_document(["x"], " "))
    assert no_topic["msim_topic_given"][0] == 0.0


def test_the_encoder_holds_blas_to_one_thread_while_it_works(cache_dir):
    """The GUI keeps the other core: while a worker encodes, numpy's BLAS runs one thread
    (threadpoolctl; without it, two BLAS threads stalled the GUI thread for up to 850 ms)."""
    from threadpoolctl import threadpool_info

    def blas_threads() -> set[int]:
        return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}

    texts = [f"Paragraph {i}: brakes, gears and the weather on the ride number {i * 7}." * 3
             for i in range(400)]
    worker = threading.Thread(target=embed.embed_texts, args=(texts,))
    seen: set[int] = set()
    worker.start()
    while worker.is_alive():
        seen |= blas_threads()
    worker.join()
    assert 1 in seen

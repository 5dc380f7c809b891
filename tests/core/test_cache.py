from core.cache import ResultCache, default_cache_path
from core.prompt import PROMPT_VERSION


def test_round_trip_and_key_parts(tmp_path):
    cache = ResultCache(tmp_path / "r.sqlite")
    cache.put("h1", "topic", "rest", "m", ("example", "humor"))
    assert cache.get("h1", "topic", "rest", "m") == ("example", "humor")
    for key in (("h2", "topic", "rest", "m"), ("h1", "other", "rest", "m"),
                ("h1", "topic", "realtime", "m"), ("h1", "topic", "rest", "m2")):
        assert cache.get(*key) is None
    cache.close()
    reopened = ResultCache(tmp_path / "r.sqlite")
    assert reopened.get("h1", "topic", "rest", "m") == ("example", "humor")
    reopened.clear()
    assert reopened.get("h1", "topic", "rest", "m") is None


def test_prompt_version_is_part_of_the_key(tmp_path, monkeypatch):
    cache = ResultCache(tmp_path / "r.sqlite")
    cache.put("h", "t", "rest", "m", ("noise",))
    monkeypatch.setattr("core.cache.PROMPT_VERSION", PROMPT_VERSION + "-next")
    assert cache.get("h", "t", "rest", "m") is None


def test_default_path_honours_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTLENS_CACHE_DIR", str(tmp_path))
    assert default_cache_path() == tmp_path / "results.sqlite"

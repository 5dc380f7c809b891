from core.cache import CacheKey, ResultCache, context_hash, default_cache_path, normalise_server
from core.chunking import make_document
from core.prompt import PROMPT_VERSION

KEY = CacheKey("h1", "ctx", "topic", "http://a:8000/v1", "rest", "m")


def test_round_trip_and_key_parts(tmp_path):
    cache = ResultCache(tmp_path / "r.sqlite")
    cache.put(KEY, ("example", "humor"))
    assert cache.get(KEY) == ("example", "humor")
    for field in ("chunk_hash", "context", "topic", "server", "backend", "model"):
        other = CacheKey(**{**{f: getattr(KEY, f) for f in KEY.__slots__}, field: "other"})
        assert cache.get(other) is None, field
    cache.close()
    reopened = ResultCache(tmp_path / "r.sqlite")
    assert reopened.get(KEY) == ("example", "humor")
    reopened.clear()
    assert reopened.get(KEY) is None


def test_prompt_version_is_part_of_the_key(tmp_path, monkeypatch):
    cache = ResultCache(tmp_path / "r.sqlite")
    cache.put(KEY, ("noise",))
    monkeypatch.setattr("core.cache.PROMPT_VERSION", PROMPT_VERSION + "-next")
    assert cache.get(KEY) is None


def test_servers_are_normalised():
    same = {normalise_server(u) for u in ("http://Localhost:80/v1/", "http://localhost/v1",
                                          "HTTP://LOCALHOST/v1")}
    assert same == {"http://localhost/v1"}
    assert normalise_server("https://api.openai.com:443/v1") == "https://api.openai.com/v1"
    assert normalise_server("http://127.0.0.1:8001/v1") != normalise_server(
        "http://127.0.0.1:8002/v1")


def test_context_is_the_neighbours_texts():
    a = make_document("one\n\ntwo\n\nthree", "t")
    b = make_document("one\n\ntwo\n\nTHREE", "t")
    assert context_hash(a, a.chunks[1]) != context_hash(b, b.chunks[1])
    assert context_hash(a, a.chunks[0]) == context_hash(b, b.chunks[0])


def test_default_path_honours_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTLENS_CACHE_DIR", str(tmp_path))
    assert default_cache_path() == tmp_path / "results.sqlite"

"""The analyzer's guarantees hold whatever a backend does."""

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest

from core.analyzer import Analyzer
from core.backends.base import Backend, BackendError
from core.backends.local import LocalBackend
from core.cache import ResultCache
from core.chunking import make_document
from core.models import Chunk, ChunkResult, Document, Event, FailureKind, RequestRecord, Timings

DOC = make_document("one\n\ntwo\n\nthree\n\nfour", "numbers")


class Scripted(Backend):
    """Answers per a script: a list of (chunk index, roles or an error text), then maybe raises."""

    name = "scripted"
    model = "m1"

    def __init__(self, script: list[tuple[int, tuple[str, ...] | str]],
                 raise_at_end: Exception | None = None):
        super().__init__()
        self.script = script
        self.raise_at_end = raise_at_end
        self.calls: list[list[int]] = []

    async def run(self, doc: Document, targets: Sequence[Chunk]) -> AsyncIterator[Event]:
        self.calls.append([c.index for c in targets])
        for index, roles in self.script:
            await asyncio.sleep(0)
            if isinstance(roles, str):
                yield self.result(doc.chunks[index], (), Timings(0.0), error=roles,
                                  error_kind=FailureKind.SERVER_ERROR)
            else:
                yield self.result(doc.chunks[index], roles, Timings(0.0))
        yield RequestRecord(self.name, "r1", (), 0.0, 1.0)
        if self.raise_at_end:
            raise self.raise_at_end


async def collect(analyzer: Analyzer, doc: Document = DOC) -> list[Event]:
    return [e async for e in analyzer.run(doc)]


def results(events: list[Event]) -> dict[int, ChunkResult]:
    out: dict[int, ChunkResult] = {}
    for e in events:
        if isinstance(e, ChunkResult):
            assert e.index not in out, "duplicate result"
            out[e.index] = e
    return out


async def test_duplicates_and_unasked_chunks_are_dropped_and_missing_become_errors():
    backend = Scripted([(0, ("humor",)), (0, ("noise",)), (2, ("example",))])
    events = await collect(Analyzer(backend))
    by_index = results(events)
    assert set(by_index) == {0, 1, 2, 3}
    assert by_index[0].roles == ("humor",)
    assert by_index[1].error == "the backend returned no answer"
    assert by_index[3].error and not by_index[3].roles
    assert any(isinstance(e, RequestRecord) for e in events)


async def test_a_result_for_a_chunk_that_was_not_a_target_is_dropped():
    backend = Scripted([(3, ("humor",)), (0, ("noise",)), (2, ("example",))])
    events = [e async for e in Analyzer(backend).run(DOC, DOC.chunks[:2])]
    by_index = results(events)
    assert set(by_index) == {0, 1}
    assert by_index[0].roles == ("noise",) and by_index[1].error_kind == "internal"


async def test_error_results_from_the_backend_are_not_cached(tmp_path):
    cache = ResultCache(tmp_path / "c.sqlite")
    first = Scripted([(0, "the server failed (HTTP 500)"), (1, ("humor",)), (2, ("humor",)),
                      (3, ("humor",))])
    by_index = results(await collect(Analyzer(first, cache)))
    assert by_index[0].error_kind == "server_error" and not by_index[0].roles
    again = Scripted([(0, ("example",))])
    by_index = results(await collect(Analyzer(again, cache)))
    assert again.calls == [[0]]
    assert by_index[0].roles == ("example",) and not by_index[0].cached
    assert all(by_index[i].cached for i in (1, 2, 3))


async def test_backend_error_becomes_a_per_chunk_error_with_its_message():
    backend = Scripted([(1, ("contrast",))], raise_at_end=BackendError("The server said no."))
    by_index = results(await collect(Analyzer(backend)))
    assert by_index[1].roles == ("contrast",)
    assert {by_index[i].error for i in (0, 2, 3)} == {"The server said no."}


async def test_unexpected_exception_is_reported_not_raised():
    backend = Scripted([], raise_at_end=ZeroDivisionError("boom"))
    by_index = results(await collect(Analyzer(backend)))
    assert len(by_index) == 4
    assert all("ZeroDivisionError" in r.error for r in by_index.values())


async def test_results_carry_relevance_and_complexity_scores():
    by_index = results(await collect(Analyzer(Scripted([(i, ("noise",)) for i in range(4)]))))
    assert all(0.0 <= r.relevance <= 1.0 and 0.0 <= r.complexity <= 1.0 for r in by_index.values())


async def test_cache_hit_is_reported_and_skips_the_backend(tmp_path):
    cache = ResultCache(tmp_path / "c.sqlite")
    first = Scripted([(i, ("example",)) for i in range(4)])
    assert not any(r.cached for r in results(await collect(Analyzer(first, cache))).values())
    second = Scripted([])
    by_index = results(await collect(Analyzer(second, cache)))
    assert all(r.cached and r.roles == ("example",) for r in by_index.values())
    assert second.calls == []
    other_topic = make_document(DOC.text, "another topic")
    third = Scripted([(i, ("noise",)) for i in range(4)])
    await collect(Analyzer(third, cache), other_topic)
    assert third.calls == [[0, 1, 2, 3]]


async def test_errors_are_not_cached(tmp_path):
    cache = ResultCache(tmp_path / "c.sqlite")
    await collect(Analyzer(Scripted([]), cache))
    again = Scripted([(i, ("humor",)) for i in range(4)])
    await collect(Analyzer(again, cache))
    assert again.calls == [[0, 1, 2, 3]]


async def test_cancelling_the_consumer_closes_the_backend_stream():
    closed = asyncio.Event()

    class Slow(Backend):
        name = "slow"

        async def run(self, doc, targets):
            try:
                for chunk in targets:
                    yield self.result(chunk, ("noise",), Timings(0.0))
                    await asyncio.sleep(10)
            finally:
                closed.set()

    got_one = asyncio.Event()

    async def consume():
        async for _ in Analyzer(Slow()).run(DOC):
            got_one.set()

    task = asyncio.create_task(consume())
    await got_one.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert closed.is_set()


async def test_local_backend_answers_every_chunk_of_a_real_sample(shared_dir):
    text = (shared_dir / "samples" / "ru-lelik-i-bolik.md").read_text(encoding="utf-8")
    doc = make_document(text, "ИИ-ассистент")
    by_index = results(await collect(Analyzer(LocalBackend()), doc))
    assert len(by_index) == len(doc.chunks) > 30
    assert all(r.ok and r.backend == "local" for r in by_index.values())


async def test_error_results_get_scores_even_from_a_backend_that_provides_them():
    class Providing(Scripted):
        provides_scores = True

    backend = Providing([])
    by_index = results(await collect(Analyzer(backend)))
    assert all(r.error and 0.0 <= r.relevance <= 1.0 for r in by_index.values())


async def test_scoring_never_uses_the_loops_default_executor():
    """Under qasync the default executor is a QThread pool that aborts the app at exit."""
    from concurrent.futures import ThreadPoolExecutor

    class Forbidden(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            raise AssertionError("the analyzer used the loop's default executor")

    asyncio.get_running_loop().set_default_executor(Forbidden())
    by_index = results(await collect(Analyzer(Scripted([(i, ("noise",)) for i in range(4)]))))
    assert all(r.relevance is not None for r in by_index.values())

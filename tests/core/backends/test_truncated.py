"""A paragraph over the prompt's length limit is classified on its beginning, and says so."""

from __future__ import annotations

from core.backends.rest import RestBackend
from core.chunking import make_document
from core.emulator.server import Emulator
from core.models import ChunkResult
from core.prompt import MAX_PARAGRAPH_CHARS
from core.settings import Settings


async def test_an_overlong_paragraph_is_marked_truncated_and_a_short_one_is_not():
    long = "Beans " * (MAX_PARAGRAPH_CHARS // 6 + 10)
    doc = make_document(f"Short paragraph about beans.\n\n{long.strip()}", "coffee")
    async with Emulator() as em:
        backend = RestBackend(Settings(base_url=em.base_url, model="gpt-4o-mini"), "sk-t-0123")
        results = [e async for e in backend.run(doc, doc.chunks) if isinstance(e, ChunkResult)]
        await backend.aclose()
    by_index = {r.index: r for r in results}
    assert by_index[0].ok and by_index[1].ok
    assert by_index[0].truncated is False
    assert by_index[1].truncated is True

"""`draftlens bench-local`, second part: the sentence encoder and the refining stage.

Rows: the encoder alone with nothing cached (a draft never seen), the same texts read back
from the disk cache (a reopened draft), and `refine` given the embeddings, without and with
CORRECTIONS of the writer's (the draft's own paragraphs, embedded once). The disk cache is a
temporary one, so the user's cache is neither used nor touched.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable

from core.chunking import make_document
from core.local import embed
from core.local.classifier import refine, refiner
from core.local.encode import clear_caches

REPEATS = 3
CORRECTIONS = 1000


def _rates(work: Callable[[], int], before: Callable[[], None], repeats: int) -> list[float]:
    rates = []
    for _ in range(repeats):
        before()
        start = time.perf_counter()
        n = work()
        rates.append(n / (time.perf_counter() - start))
    return rates


def bench_encoder(text: str, topic: str, label: str, repeats: int = REPEATS) -> str:
    """Paragraphs/second of the encoder (no cache, disk cache) and of refine, on one draft."""
    if not embed.available():
        return "sentence encoder not installed: no refining stage to measure"
    doc = make_document(text, topic)
    texts = [c.text for c in doc.chunks]
    refiner()
    old = os.environ.get("DRAFTLENS_CACHE_DIR")
    lines = [f"Refining stage ({embed.encoder_version()}, {embed.THREADS} BLAS thread), "
             f"paragraphs/second, best and median of {repeats} runs",
             f"{'input':<34} {'stage':<34} {'best':>9} {'median':>9}"]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DRAFTLENS_CACHE_DIR"] = tmp
        try:
            def fresh() -> None:
                embed.clear_disk_cache()
                clear_caches()

            emb = embed.embed_document(texts, topic)  # loads the encoder: not part of a run
            corrections = [(t, ("topic_disclosure",)) for t in texts[:CORRECTIONS]]
            rows = {
                "encoder, nothing cached": (lambda: len(embed.embed_document(texts, topic)
                                                        .paragraphs), fresh),
                "encoder, from the disk cache": (lambda: len(embed.embed_document(texts, topic)
                                                             .paragraphs), embed.clear_memory),
                "refine, given the embeddings": (lambda: len(refine(doc, emb)), clear_caches),
                f"refine, {len(corrections):,} corrections": (
                    lambda: len(refine(doc, emb, corrections)), clear_caches),
            }
            for stage, (work, before) in rows.items():
                rates = _rates(work, before, repeats)
                lines.append(f"{label:<34} {stage:<34} {max(rates):>9,.0f} "
                             f"{statistics.median(rates):>9,.0f}")
        finally:
            embed.clear_memory()
            embed.close()
            if old is None:
                os.environ.pop("DRAFTLENS_CACHE_DIR", None)
            else:
                os.environ["DRAFTLENS_CACHE_DIR"] = old
    return "\n".join(lines)

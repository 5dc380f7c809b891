"""Benchmark of the document map: paint time at 500-5,000 paragraphs (prints numbers).

Run: QT_QPA_PLATFORM=offscreen python -m gui.measure.bench_doc_map
"""

from __future__ import annotations

import statistics
import time

from PySide6.QtWidgets import QApplication

from core.models import ChunkResult
from core.roles import ROLE_IDS
from gui.editor.draft_editor import DraftEditor
from gui.panels.doc_map import DocumentMap


def _paint_ms(doc_map: DocumentMap, runs: int = 40) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        doc_map.repaint()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    for n in (500, 2000, 5000):
        editor = DraftEditor()
        editor.set_draft("\n\n".join(f"Paragraph {i} " + "word " * (i % 40) for i in range(n)))
        editor.resize(800, 700)
        doc_map = DocumentMap(editor)
        doc_map.resize(28, 700)
        editor.show()
        doc_map.show()
        app.processEvents()
        empty = _paint_ms(doc_map)
        t = time.perf_counter()
        for e in editor.state.entries:
            r = ChunkResult(e.chunk.id, e.chunk.index, e.chunk.hash,
                            (ROLE_IDS[e.chunk.index % 10],), "bench", relevance=0.5)
            editor.state.apply(r)
            doc_map.schedule()
        schedule_us = (time.perf_counter() - t) / n * 1e6
        full = _paint_ms(doc_map)
        print(f"{n:>5} paragraphs: paint {empty:.2f} ms (unanalysed), {full:.2f} ms (analysed, "
              f"with relevance curve); schedule() per result {schedule_us:.1f} µs")
        editor.close()
        doc_map.close()


if __name__ == "__main__":
    main()

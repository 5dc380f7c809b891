"""How long autosave takes on a big draft: `python -m gui.measure.bench_autosave [--paragraphs N]`.

Prints the GUI-thread part (taking the snapshot of the text and handing it to the worker)
and the worker-thread part (serialising, writing, fsyncing, renaming) over several saves.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.measure.bench_autosave")
    parser.add_argument("--paragraphs", type=int, default=5000)
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DRAFTLENS_DATA_DIR"] = tempfile.mkdtemp(prefix="draftlens-bench-autosave-")
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from gui.files.autosave import Autosaver

    app = QApplication.instance() or QApplication([])
    editor = QPlainTextEdit()
    editor.setPlainText("\n\n".join(
        f"Paragraph {i}: the garden in autumn, apples and pears, the long evenings and the "
        f"smell of leaves after the rain, written out at some length ({i})."
        for i in range(args.paragraphs)))
    saver = Autosaver(lambda: (editor.toPlainText(), "garden", ""))
    gui_ms, worker_ms = [], []
    for i in range(args.saves):
        editor.appendPlainText(f"typed {i}")
        saver.touch()
        t0 = time.perf_counter()
        saver.save_now()
        gui_ms.append((time.perf_counter() - t0) * 1000)
        saver.flush()
        worker_ms.append(saver.last_write_ms)
    size = saver.file.stat().st_size
    saver.clean_exit()
    app.processEvents()
    print(f"autosave: {args.paragraphs} paragraphs, {size / 1e6:.2f} MB record, "
          f"{args.saves} saves")
    print(f"  GUI thread (snapshot + hand-off): median {statistics.median(gui_ms):6.2f} ms, "
          f"max {max(gui_ms):6.2f} ms")
    print(f"  worker thread (json + write + fsync + rename): median "
          f"{statistics.median(worker_ms):6.2f} ms, max {max(worker_ms):6.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

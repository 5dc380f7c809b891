"""PNG charts of bench results, drawn offscreen."""

from __future__ import annotations

import json

from PySide6.QtGui import QImage

from gui.measure.bench_charts import H, W, write_charts


def test_charts_are_written_as_images(tmp_path):
    runs = [{"method": m, "size": n, "faults": f, "total_time": t, "latencies_ms": lat}
            for m, n, f, t, lat in (("rest", 5, "none", 1.0, [500.0, 700.0, 900.0]),
                                    ("hybrid", 5, "none", 0.8, [400.0, 600.0]),
                                    ("hybrid", 30, "realtime-down", 2.0, []))]
    (tmp_path / "results.json").write_text(json.dumps({"runs": runs}), encoding="utf-8")
    paths = write_charts(tmp_path)
    assert [p.name for p in paths] == ["latency.png", "time_per_size.png"]
    for path in paths:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (W, H)
        colours = {image.pixelColor(x, y).name() for x in range(0, W, 7) for y in range(0, H, 7)}
        assert len(colours) > 3  # something was drawn, not a blank canvas

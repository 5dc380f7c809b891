"""PNG charts of bench results, drawn offscreen."""

from __future__ import annotations

import json
import math

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


def test_ticks_are_round_numbers_that_reach_the_top():
    from gui.measure.bench_charts import nice_ticks

    assert nice_ticks(19.7) == [0, 5, 10, 15, 20]
    assert nice_ticks(9.9) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(1234.0) == [0, 500, 1000, 1500]
    assert nice_ticks(0.37) == [0, 0.1, 0.2, 0.3, 0.4]
    for top in (0.013, 3.3, 47.0, 999.0, 86_400.0):
        ticks = nice_ticks(top)
        step = ticks[1] - ticks[0]
        assert ticks[-1] >= top and 2 <= len(ticks) <= 7
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 6) in (1, 2, 5)


def test_series_at_one_size_are_dodged_not_stacked():
    from gui.measure.bench_charts import DODGE, TOP, dodge

    offsets = [dodge(k, 3) for k in range(3)]
    assert offsets == [-DODGE, 0.0, DODGE]
    assert dodge(0, 1) == 0.0
    assert TOP >= 34 + 16 + 8  # the top tick's label (y-8) stays below the axis label

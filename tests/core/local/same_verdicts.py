"""Two lists of Local verdicts are the same: roles exactly, numbers to their 4th decimal give or
take the last step (BLAS multiplies blocks of different sizes in different orders on some CPUs,
and numpy's float32 log1p differs in the last bit between CPUs)."""

from __future__ import annotations

import pytest

STEP = 1.5e-4  # one step of the 4-decimal rounding, and a little


def assert_same_verdicts(got: list, want: list) -> None:
    assert [(v.roles, v.runner_up, v.refined) for v in got] == \
        [(v.roles, v.runner_up, v.refined) for v in want]
    for g, w in zip(got, want, strict=True):
        for field in ("relevance", "complexity", "confidence"):
            a, b = getattr(g, field), getattr(w, field)
            assert (a is None) == (b is None) and (a is None or a == pytest.approx(b, abs=STEP)), \
                field

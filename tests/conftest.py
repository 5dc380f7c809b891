"""Suite-wide isolation: no test writes to the real user's config, cache or data dirs."""

from __future__ import annotations

import os
import tempfile

_ROOT = tempfile.mkdtemp(prefix="draftlens-tests-")
for _name in ("CONFIG", "CACHE", "DATA"):
    os.environ.setdefault(f"DRAFTLENS_{_name}_DIR", os.path.join(_ROOT, _name.lower()))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("OPENAI_API_KEY", None)
os.environ.pop("OPENAI_BASE_URL", None)

import pathlib  # noqa: E402

import pytest  # noqa: E402

SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def shared_dir() -> pathlib.Path:
    """The shared folder beside the repository (corpus, samples)."""
    assert SHARED.is_dir(), f"expected the shared folder at {SHARED}"
    return SHARED


@pytest.fixture(autouse=True)
def _fresh_breakers_and_health():
    """Circuit breakers and health trackers live for the process: each test starts clean."""
    from core.backends.breaker import reset_breakers
    from core.backends.health import reset_health
    from core.backends.patience import reset_patience

    reset_breakers()
    reset_health()
    reset_patience()
    yield
    reset_breakers()
    reset_health()
    reset_patience()

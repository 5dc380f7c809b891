"""User settings (JSON in the user's config dir) and the API key (keyring or environment).

The API key is never written to the settings file.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs

from core.redact import register_secret
from core.textio import write_text_atomic

log = logging.getLogger(__name__)
KEYRING_SERVICE = "draftlens"
KEYRING_USER = "openai_api_key"
DEFAULT_BASE_URL = "https://api.openai.com/v1"


@dataclass
class Settings:
    """Every knob with a sensible default."""

    base_url: str = ""                 # empty: $OPENAI_BASE_URL, else OpenAI
    model: str = "gpt-5.4-mini"        # gpt-4o-mini: announced shutdown 2027-01-14
    realtime_model: str = "gpt-realtime-2.1-mini"
    batch_size: int = 8
    concurrency: int = 4
    context_paragraphs: int = 1
    connect_timeout: float = 10.0
    request_timeout: float = 60.0      # total time one request may take
    no_progress_timeout: float = 15.0  # no byte / event for this long: the server is hung
    max_retries: int = 4
    patience: float = 45.0             # seconds a server may give nothing before it is down
    pool_size: int = 2
    inflight_per_session: int = 8
    breaker_consecutive: int = 3       # Hybrid: consecutive failures that open a breaker
    breaker_failure_rate: float = 0.5  # ... or this failure share over the sliding window
    breaker_window: int = 20           # requests in the sliding window
    breaker_min_samples: int = 6       # fewest requests before the rate counts
    breaker_cooldown: float = 15.0     # seconds open before one half-open probe
    hedging: bool = False              # Hybrid: send to the other backend past the primary's p95
    hedge_budget: float = 0.05         # share of requests that may be hedged
    local_when_down: bool = False      # Hybrid: both backends down -> provisional Local verdicts
    language: str = ""                 # interface language: "" follows the system, "en", "ru"
    demo: bool = False
    last_method: str = "local"

    def effective_base_url(self) -> str:
        return self.base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL


def config_dir() -> Path:
    """$DRAFTLENS_CONFIG_DIR, else the platform's user config dir."""
    return Path(os.environ.get("DRAFTLENS_CONFIG_DIR") or platformdirs.user_config_dir("draftlens"))


def data_dir() -> Path:
    """$DRAFTLENS_DATA_DIR, else the platform's user data dir (recovery, corrections, history)."""
    return Path(os.environ.get("DRAFTLENS_DATA_DIR") or platformdirs.user_data_dir("draftlens"))


def cache_dir() -> Path:
    """$DRAFTLENS_CACHE_DIR, else the platform's user cache dir (answers, embeddings)."""
    return Path(os.environ.get("DRAFTLENS_CACHE_DIR") or platformdirs.user_cache_dir("draftlens"))


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; unknown or malformed entries fall back to defaults."""
    path = path or config_dir() / "settings.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name: f.type for f in fields(Settings)}
    clean = {}
    for k, v in raw.items() if isinstance(raw, dict) else ():
        default = getattr(Settings(), k, None)
        if k in known and isinstance(v, type(default)):
            clean[k] = v
    return Settings(**clean)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or config_dir() / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(asdict(settings), indent=2))


_session_key: str | None = None  # entered this session where no keyring could store it


def get_api_key() -> str | None:
    """$OPENAI_API_KEY, else the OS keyring, else a key entered this session; None if none."""
    key = os.environ.get("OPENAI_API_KEY") or _session_key
    if not key:
        try:
            import keyring

            key = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
        except Exception as exc:  # no keyring backend on this machine
            log.info("keyring unavailable: %s", type(exc).__name__)
            key = None
    register_secret(key)
    return key or None


def set_api_key(key: str) -> None:
    """Store the key in the OS keyring.

    Where no keyring works, the key is kept in memory for this session only and RuntimeError
    says so in plain words (it is never written to a file).
    """
    global _session_key
    register_secret(key)
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, KEYRING_USER, key)
    except Exception as exc:
        _session_key = key
        raise RuntimeError(
            "No system keyring is available, so the key is used for this session only. "
            "To keep it, set OPENAI_API_KEY in your environment."
        ) from exc
    _session_key = None

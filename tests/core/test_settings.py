import json

import pytest

import core.settings as settings_module
from core.backends import method_status
from core.settings import Settings, get_api_key, load_settings, save_settings, set_api_key


def test_round_trip(tmp_path):
    """(That the key never reaches the settings file is checked where it could: the whole
    session in tests/gui/shell/test_secret_scan.py types a
    key into the dialog and scans every file.)"""
    path = tmp_path / "settings.json"
    save_settings(Settings(model="m2", batch_size=3, demo=True), path)
    assert load_settings(path) == Settings(model="m2", batch_size=3, demo=True)


def test_malformed_or_mistyped_entries_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"batch_size": "eight", "model": "ok", "unknown": 1}))
    assert load_settings(path) == Settings(model="ok")
    path.write_text("{not json")
    assert load_settings(path) == Settings()


def test_without_a_keyring_the_key_lives_for_the_session_only(monkeypatch, tmp_path):
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    monkeypatch.setattr(settings_module, "_session_key", None)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    keyring.set_keyring(NoKeyring())
    assert get_api_key() is None
    assert method_status("rest", Settings()) is not None
    with pytest.raises(RuntimeError, match="this session only"):
        set_api_key("sk-session-key-0001")
    assert get_api_key() == "sk-session-key-0001"
    assert method_status("rest", Settings()) is None

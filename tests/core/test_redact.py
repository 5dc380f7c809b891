"""Registered secrets are masked in every log record, whoever logs it."""

from __future__ import annotations

import logging

from core.redact import redact, register_secret

SECRET = "plain-secret-4f9e2a7c1b"


def test_log_records_of_any_logger_are_redacted(caplog):
    register_secret(SECRET)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("websockets.client").debug("> Authorization: Bearer %s", SECRET)
    logging.getLogger("some.library").info("key=%s done", SECRET)
    try:
        raise ValueError(f"rejected {SECRET}")
    except ValueError:
        logging.getLogger("x").exception("failed")
    assert SECRET not in caplog.text
    assert caplog.text.count("***") >= 3


def test_redact_masks_registered_and_key_shaped_strings():
    register_secret(SECRET)
    assert redact(f"a {SECRET} b sk-abcdefgh123 c") == "a *** b *** c"

"""The status bar says what happened: answered, failed, retried; never "done" when all failed."""

from __future__ import annotations

from dataclasses import dataclass

from gui.shell.run_status import all_failed, run_status_text


@dataclass
class Counts:
    method: str = "rest"
    total: int = 14
    done: int = 14
    errors: int = 0
    dropped: int = 0
    retried: int = 0
    status: str = "ok"
    message: str = ""


def test_all_failed_is_not_done(qapp):
    p = Counts(errors=14)
    text = run_status_text(p, 2.0)
    assert all_failed(p) and "done" not in text and "all 14 paragraphs failed" in text


def test_answered_failed_and_retried_are_counted_apart(qapp):
    text = run_status_text(Counts(errors=2, retried=3), 2.0)
    assert "12 of 14 answered" in text and "2 failed" in text
    assert "3 answered after a retry" in text
    clean = run_status_text(Counts(retried=1), 1.5)
    assert "done 14/14 in 1.5 s" in clean and "failed" not in clean

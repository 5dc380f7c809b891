"""The GIL is handed over often while worker threads run, and the interval from before comes
back when the last one ends."""

from __future__ import annotations

import sys
import threading

import pytest
from conftest import run_async

from gui.common import gil

LOW = pytest.approx(gil.SWITCH_S)  # the interpreter keeps whole microseconds


def test_nested_uses_keep_the_low_interval_until_the_last_one_ends():
    before = sys.getswitchinterval()
    with gil.handed_often():
        with gil.handed_often():
            assert sys.getswitchinterval() == LOW
        assert sys.getswitchinterval() == LOW
    assert sys.getswitchinterval() == before


def test_a_worker_runs_on_another_thread_with_the_low_interval(qtbot, qloop):
    before = sys.getswitchinterval()

    def work() -> tuple[bool, float]:
        return threading.current_thread() is not threading.main_thread(), \
            sys.getswitchinterval()

    assert run_async(qtbot, qloop, gil.in_a_worker(work, "test-worker")) == (True, LOW)
    assert sys.getswitchinterval() == before

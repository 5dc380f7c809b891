"""The analysis run loop: `runner` drives a backend on the qasync loop and delivers results to the
window a frame at a time; `local_warm` pre-computes the Local analyzer's per-paragraph work while
the writer is idle. May import `core` and `gui.common` only.
"""

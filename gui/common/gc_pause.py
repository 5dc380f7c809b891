"""Keep Python's full garbage collections off the typing path.

With a 5,000-paragraph draft the process holds about a million tracked objects, and a full
(generation-2) collection, triggered by whatever allocation comes next, takes ~50 ms: a hitch
in the middle of a keystroke. After a bulk of long-lived objects is built (a draft loaded, a
run finished) they move to the permanent generation (`gc.freeze`), so later collections walk
only what is new. Frozen objects are still freed by reference counting as usual.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect the young generations, then freeze everything alive (cheap: no full pass)."""
    gc.collect(1)
    gc.freeze()

"""The cyclic garbage collector, told to run rarely while genai builds or walks a catalog.

Loading a catalog makes millions of small objects and almost no reference
cycles. At Python's default thresholds the collector walks the growing heap
again and again: a quarter of a cold load of 10,000 records, measured. With
a higher first threshold cycles are still collected, just less often; the
forked workers inherit the setting.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_RARELY = (100_000, 50, 1000)


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Collect rarely inside the block; the thresholds are put back after it."""
    before = gc.get_threshold()
    gc.set_threshold(*_RARELY)
    try:
        yield
    finally:
        gc.set_threshold(*before)

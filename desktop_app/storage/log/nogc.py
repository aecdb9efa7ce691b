"""Large reads with the cyclic garbage collector paused.

Reading an index of 10,000 cases makes tens of thousands of dicts and tuples. Each allocation
counts towards the collector's next pass, and the passes it triggers walk the young objects
again and again while none of them can be garbage: they form no cycle and are all kept.
Pausing the collector for the read takes a tenth off a cold open (benchmarks/store.py), as
Mercurial does for its large parses. Reference counting still frees everything as usual; the
collector is switched back on (if it was on) when the outermost pause ends, in any thread.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()

"""Pausing Python's cyclic garbage collector while building many small objects at once.

Loading and indexing 100,000 cases allocates millions of dicts and tuples. Each allocation burst
triggers collections that walk every live object, the population included, again and again:
building the counting index took three times as long with the collector on. Reference counting
still frees everything as usual; cycles, which these structures do not form, wait until the
collector runs again after the block.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

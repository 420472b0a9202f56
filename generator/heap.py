"""How the build treats Python's cycle collector around the briefings it holds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def frozen() -> Iterator[None]:
    """Everything alive now is left out of the cycle collector's walks until the block ends.

    Rendering makes many short-lived objects, so the collector runs often; without this each of
    its full runs would walk the hundreds of thousands of loaded objects again, which live on
    until the pages are made (a sixth of the pages' time at 1,000 entities). Garbage the block
    makes is still collected; what was frozen is looked at again afterwards.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()

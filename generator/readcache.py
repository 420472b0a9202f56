"""What reading each file gave, kept from one load to the next while `mkdocs serve` runs.

A save changes one file; the next build then parses and checks only that one again. Everything
kept is a pure result of the file's path and text, so the next load's results are the same as
a fresh load's. What spans files (references, quotes, dates) is never kept: ids may change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class ReadCache:
    """Results of reading files, by what was read (``kind``), the file's path, and its text."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], tuple[bytes, Any]] = {}
        self._used: set[tuple[str, str]] = set()

    def get(self, kind: str, path: str, text: str, make: Callable[[], T]) -> T:
        """``make()``, or what it gave when this file last had this text."""
        key = (kind, path)
        digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
        self._used.add(key)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == digest:
            return kept[1]
        value = make()
        self._kept[key] = (digest, value)
        return value

    def __len__(self) -> int:
        return len(self._kept)

    def sweep(self) -> None:
        """Forget the files not read since the last sweep (deleted or renamed ones)."""
        self._kept = {key: value for key, value in self._kept.items() if key in self._used}
        self._used = set()

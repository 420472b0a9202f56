"""A document's fingerprint: proof that its verbatim text is still the text facts were cited from.

``sha256`` is the SHA-256 of the body as read (everything after the front matter, UTF-8, line
ends made ``\\n``); ``sha256_paragraphs`` holds the first 8 hex digits of the SHA-256 of each
paragraph (a run of lines that are not blank), so that a changed text can be traced to the
paragraphs that changed and to the quotes that lean on them.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

PARAGRAPH_DIGITS = 8
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def text_digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def paragraphs(body: str) -> list[tuple[int, int]]:
    """Where each paragraph starts and ends in ``body``."""
    return [m.span() for m in _PARAGRAPH.finditer(body)]


def paragraph_digests(body: str) -> list[str]:
    return [hashlib.sha256(body[a:b].encode("utf-8")).hexdigest()[:PARAGRAPH_DIGITS] for a, b in paragraphs(body)]


@dataclass(frozen=True)
class Changed:
    """A paragraph of the current text that is not in the fingerprinted one."""

    start: int
    end: int
    line: int
    """Its first line in the document file."""


def changed_paragraphs(body: str, recorded: list[str], first_line: int) -> list[Changed]:
    """The paragraphs of ``body`` that are new or edited since ``recorded`` was taken: all of them
    when the paragraphs were not recorded. ``first_line`` is the body's first line in its file."""
    spans = paragraphs(body)
    now = paragraph_digests(body)
    same: set[int] = set()
    if recorded:
        for block in difflib.SequenceMatcher(None, recorded, now, autojunk=False).get_matching_blocks():
            same.update(range(block.b, block.b + block.size))
    return [Changed(a, b, first_line + body.count("\n", 0, a)) for i, (a, b) in enumerate(spans) if i not in same]


def leans_on(changed: list[Changed], start: int, end: int) -> Changed | None:
    """The first changed paragraph that a quote spanning ``start:end`` of the body touches."""
    return next((c for c in changed if c.start < end and start < c.end), None)

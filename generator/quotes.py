"""Finding a quote in its document the way the format defines it.

Both sides are normalised character by character (compatibility decomposition, case folding,
curly quotes made straight, dashes made hyphens, white space runs made one space), keeping for
every normalised character the index of the original one, so a match can be highlighted in the
original text. Per-character NFKD compares exactly as NFKC does, since two strings have the same
NFKC form if and only if they have the same NFKD form; a match must not begin or end between a
letter and its accent, so that "schon" is not found in "schön".
"""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from functools import lru_cache

_STRAIGHT = {**dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
             **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"')}


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    if ch.isspace():
        return " "
    out = []
    for c in unicodedata.normalize("NFKD", ch).casefold():
        if c in _STRAIGHT:
            c = _STRAIGHT[c]
        elif unicodedata.category(c) == "Pd" or c == "\u2212":
            c = "-"
        out.append(c)
    return "".join(out)


class Normalised:
    """A text in normalised form, with the original index of every normalised character."""

    def __init__(self, text: str):
        self.original = text
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(text):
            folded = _fold(ch)
            if folded == " ":
                if not chars or chars[-1] == " ":
                    continue
            for c in folded:
                chars.append(c)
                origin.append(i)
        self.text = "".join(chars)
        self.origin = origin

    def find(self, quote: str) -> tuple[int, int] | None:
        """The span of the original text that matches ``quote``, or ``None``."""
        needle = normalise(quote)
        if not needle:
            return None
        at = self.text.find(needle)
        while at >= 0:
            end = at + len(needle)
            if not unicodedata.combining(self.text[at]) and not (end < len(self.text) and unicodedata.combining(self.text[end])):
                return self.origin[at], self.origin[end - 1] + 1
            at = self.text.find(needle, at + 1)
        return None

    def closest(self, quote: str, width: int = 160) -> str:
        """The passage most like ``quote``, to show the analyst what the document really says."""
        needle = normalise(quote)
        if not needle or not self.text:
            return ""
        matcher = difflib.SequenceMatcher(None, self.text, needle, autojunk=False)
        best = matcher.find_longest_match(0, len(self.text), 0, len(needle))
        if best.size < max(4, len(needle) // 4):
            return ""  # nothing alike: a passage sharing a word or two would mislead
        start = max(0, best.a - best.b)
        end = min(len(self.text), start + len(needle))
        while end > start + 1 and self.text[end - 1] == " ":
            end -= 1
        while start < end - 1 and self.text[start] == " ":
            start += 1
        o_start, o_end = self.origin[start], self.origin[end - 1] + 1
        # widen to whole words so that the passage reads naturally
        text = self.original
        while o_start > 0 and not text[o_start - 1].isspace():
            o_start -= 1
        while o_end < len(text) and not text[o_end].isspace():
            o_end += 1
        passage = " ".join(text[o_start:o_end].split())
        return passage if len(passage) <= width else passage[: width - 1] + "…"


def normalise(text: str) -> str:
    """The form in which quotes are compared."""
    return Normalised(text).text.strip()


def anchor(quote: str) -> str:
    """A stable anchor for a quote: the same words give the same link whatever the edit."""
    return "q-" + hashlib.sha1(normalise(quote).encode()).hexdigest()[:8]

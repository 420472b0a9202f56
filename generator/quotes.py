"""Finding a quote in its document the way the format defines it.

Both sides are normalised character by character (compatibility decomposition, case folding,
curly quotes made straight, dashes made hyphens, white space runs made one space), keeping for
every normalised character the index of the original one, so a match can be highlighted in the
original text. Per-character NFKD compares exactly as NFKC does, since two strings have the same
NFKC form if and only if they have the same NFKD form.

A match must start and end on word boundaries: a quote that verified inside a longer word or
number ("1,500" inside "11,500", "oint" inside "Joint", "can" inside "can't", "schon" inside
"schön") would tell the reader the source says what it does not. A word is a run of letters,
digits and combining accents, together with an apostrophe, hyphen or full stop between two of
them, or a comma between two digits; an unspaced em dash separates clauses, not words. A Chinese
or Japanese character is a word by itself, since those scripts do not space their words.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

_STRAIGHT = {**dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
             **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"')}
_CLAUSE_DASHES = frozenset("\u2014\u2015\u2e3a\u2e3b")
_ALONE = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA")
_ELLIPSIS = re.compile(r"\.\s?\.\s?\.")
MIN_WORDS = 3


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


@lru_cache(maxsize=4096)
def _kind(c: str) -> str:
    """d: digit, w: other word character, a: a word alone, j: joins words, c: joins digits, o: other."""
    if c.isdecimal():
        return "d"
    if c in "'-.":
        return "j"
    if c == ",":
        return "c"
    if unicodedata.name(c, "").startswith(_ALONE):
        return "a"
    if c.isalnum() or unicodedata.category(c).startswith("M"):
        return "w"
    return "o"


class Normalised:
    """A text in normalised form, with the original index of every normalised character."""

    def __init__(self, text: str):
        self.original = text
        chars: list[str] = []
        origin: list[int] = []
        clause_dashes: set[int] = set()
        for i, ch in enumerate(text):
            folded = _fold(ch)
            if folded == " ":
                if not chars or chars[-1] == " ":
                    continue
            elif folded == "-" and ch != "-" and unicodedata.normalize("NFKD", ch) in _CLAUSE_DASHES:
                clause_dashes.add(len(chars))
            for c in folded:
                chars.append(c)
                origin.append(i)
        self.text = "".join(chars)
        self.origin = origin
        self._clause_dashes = clause_dashes

    def _kind_at(self, i: int) -> str:
        if i < 0 or i >= len(self.text) or i in self._clause_dashes:
            return "o"
        return _kind(self.text[i])

    def _in_word(self, i: int) -> bool:
        kind = self._kind_at(i)
        if kind in "dw":
            return True
        if kind == "j":
            return self._kind_at(i - 1) in "dw" and self._kind_at(i + 1) in "dw"
        if kind == "c":
            return self._kind_at(i - 1) == "d" and self._kind_at(i + 1) == "d"
        return False

    def boundary(self, i: int) -> bool:
        """Whether a quote may start or end before normalised character ``i``: not inside a word."""
        return not (self._in_word(i - 1) and self._in_word(i))

    def words(self) -> int:
        return sum(1 for i in range(len(self.text))
                   if self._kind_at(i) == "a" or (self._in_word(i) and not self._in_word(i - 1)))

    def _matches(self, needle: str) -> Iterator[int]:
        """Where ``needle`` (normalised) starts, whole words or not."""
        at = self.text.find(needle) if needle else -1
        while at >= 0:
            yield at
            at = self.text.find(needle, at + 1)

    def spans(self, quote: str) -> Iterator[tuple[int, int]]:
        """Every span of the original text that matches ``quote`` on word boundaries, in order."""
        needle = normalise(quote)
        for at in self._matches(needle):
            end = at + len(needle)
            if self.boundary(at) and self.boundary(end):
                yield self.origin[at], self.origin[end - 1] + 1

    def find(self, quote: str) -> tuple[int, int] | None:
        """The first span of the original text that matches ``quote``, or ``None``."""
        return next(self.spans(quote), None)

    def contains_part(self, quote: str) -> bool:
        """Whether ``quote`` is in the text once word boundaries are ignored."""
        return next(self._matches(normalise(quote)), None) is not None

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


@dataclass(frozen=True)
class Verdict:
    """What became of one quote: the span to highlight, or the error; and any warning."""

    span: tuple[int, int] | None
    error: str | None = None
    warning: str | None = None


def verify(quote: str, name: str, document: Normalised, others: Iterable[tuple[str, Normalised]]) -> Verdict:
    """Check a quote against document ``name`` as the format defines it.

    ``others`` (the briefing's other documents) is read only when the quote is not found, as the
    likeliest mistake then is citing the wrong one of several sources.
    """
    words = Normalised(quote).words()
    if words < MIN_WORDS:
        return Verdict(None, f"quote has {words} word{'' if words == 1 else 's'}: quote at least three words "
                             "of the document, as a shorter quote could be found almost anywhere")
    found = document.spans(quote)
    first = next(found, None)
    if first is not None:
        count = 1 + sum(1 for _ in found)
        warning = (f"quote occurs {count} times in document '{name}'; the first is highlighted: quote more words to pick one"
                   if count > 1 else None)
        return Verdict(first, warning=warning)
    elsewhere = [other for other, text in others if text.find(quote) is not None]
    if elsewhere:
        names = " and ".join(f"'{n}'" for n in sorted(elsewhere))
        return Verdict(None, f"quote not found in document '{name}'; it is in document{'s' if len(elsewhere) > 1 else ''} {names}")
    if _ELLIPSIS.search(normalise(quote)):
        return Verdict(None, f"quote not found in document '{name}': it leaves words out with an ellipsis; "
                             "cite each passage as its own source")
    closest = document.closest(quote)
    hint = f"; the closest passage is \"{closest}\"" if closest else ""
    if document.contains_part(quote):
        return Verdict(None, f"quote not found in document '{name}' as whole words: it starts or ends inside a word or number{hint}")
    return Verdict(None, f"quote not found in document '{name}'{hint}")


def normalise(text: str) -> str:
    """The form in which quotes are compared."""
    return Normalised(text).text.strip()


def anchor(quote: str) -> str:
    """A stable anchor for a quote: the same words give the same link whatever the edit."""
    return "q-" + hashlib.sha1(normalise(quote).encode()).hexdigest()[:8]

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
from typing import NamedTuple
from bisect import bisect_left, bisect_right
from functools import lru_cache

import ahocorasick

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


Breaks = tuple[list[int], list[int]]
"""Where a mapping of indices stops advancing one by one: each start and the index it maps to."""
_BUILT = frozenset({"text", "_outer", "_inner", "_clause_dashes"})


class Normalised:
    """A text in normalised form, with the original index of every normalised character.

    Built once per document, on first use, and reused for every quote of it. The common
    characters (ASCII, white space) are folded in bulk by ``str.translate``; the origin of each
    normalised character is kept as the few places where it stops advancing one by one (a run of
    spaces made one, a character folded into several), not as one number per character.
    """

    text: str
    _outer: Breaks
    _inner: Breaks | None
    _clause_dashes: set[int]

    def __init__(self, text: str):
        self.original = text
        self._starts: dict[str, list[int]] = {}
        """Where each needle searched for by :meth:`search` starts: the text never changes."""
        self.known: dict[str, Sought] = {}
        """Quotes (as written) already looked for in this same text elsewhere, by `briefing
        check`'s worker: a document whose every quote is known is never normalised here."""

    def __getattr__(self, name: str) -> object:
        # Called only for an attribute not yet set: the text is normalised on its first use.
        if name not in _BUILT or "original" not in self.__dict__:
            raise AttributeError(name)
        self.text, self._outer, self._inner, dashes = _fast(self.original) or _slow(self.original)
        self._clause_dashes = {bisect_left(range(len(self.text)), i, key=self.origin) for i in dashes}
        return getattr(self, name)

    def search(self, needles: Iterable[str]) -> None:
        """Find every one of ``needles`` (normalised) in one pass over the text, for
        :meth:`occurrences`: a document is cited by dozens of quotes, and one scan of the text
        each was the largest part of checking them."""
        automaton = ahocorasick.Automaton()
        for needle in needles:
            if needle and needle not in self._starts:
                automaton.add_word(needle, needle)
                self._starts[needle] = []
        if len(automaton):
            automaton.make_automaton()
            starts = self._starts
            for end, needle in automaton.iter(self.text):
                starts[needle].append(end + 1 - len(needle))

    def origin(self, i: int) -> int:
        """The index in the original text of normalised character ``i``."""
        i = _follow(self._outer, i)
        return i if self._inner is None else _follow(self._inner, i)

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
        text = self.text
        if not self._clause_dashes and 0 < i < len(text) and (_kind(text[i - 1]) == "o" or _kind(text[i]) == "o"):
            return True  # the commonest case, a space or a mark on one side, told without the rules
        return not (self._in_word(i - 1) and self._in_word(i))

    def words(self) -> int:
        if self.text.isascii() and not self._clause_dashes:
            return sum(1 for _ in _ASCII_WORD.finditer(self.text))
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
        return self._spans(normalise(quote))

    def _spans(self, needle: str) -> Iterator[tuple[int, int]]:
        for at in self._starts[needle] if needle in self._starts else self._matches(needle):
            end = at + len(needle)
            if self.boundary(at) and self.boundary(end):
                yield self.origin(at), self.origin(end - 1) + 1

    def occurrences(self, needle: str) -> tuple[tuple[int, int] | None, int]:
        """The first span matching ``needle`` (normalised) on word boundaries, and how many do."""
        first, count = None, 0
        for span in self._spans(needle):
            count += 1
            if first is None:
                first = span
        return first, count

    def seek(self, quote: str, needle: str | None = None) -> Sought:
        """What :func:`verify` and :func:`anchor` need of ``quote`` here (``needle``: the quote
        normalised, when the caller has it); :attr:`known`, if it was looked for elsewhere."""
        known = self.known.get(quote)
        if known is not None:
            return known
        if needle is None:
            needle = normalise(quote)
        words = len(_ASCII_WORD.findall(needle)) if quote.isascii() else _quote(quote).words()
        first, count = self.occurrences(needle) if words >= MIN_WORDS else (None, 0)
        return Sought(words, first, count, anchor(quote, needle))

    def look_for(self, quotes: Iterable[str]) -> dict[str, Sought]:
        """:meth:`seek` of each of ``quotes``, the text searched once for all."""
        needles = {quote: normalise(quote) for quote in quotes}
        self.search(needles.values())
        return {quote: self.seek(quote, needle) for quote, needle in needles.items()}

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
        o_start, o_end = self.origin(start), self.origin(end - 1) + 1
        # widen to whole words so that the passage reads naturally
        text = self.original
        while o_start > 0 and not text[o_start - 1].isspace():
            o_start -= 1
        while o_end < len(text) and not text[o_end].isspace():
            o_end += 1
        passage = " ".join(text[o_start:o_end].split())
        return passage if len(passage) <= width else passage[: width - 1] + "…"


def _follow(breaks: Breaks, i: int) -> int:
    starts, bases = breaks
    k = bisect_right(starts, i) - 1
    return bases[k] + (i - starts[k])


def _break(breaks: Breaks, at: int, to: int) -> None:
    starts, bases = breaks
    if bases[-1] + (at - starts[-1]) != to:
        starts.append(at)
        bases.append(to)


def _slow(text: str) -> tuple[str, Breaks, None, list[int]]:
    """The definition, character by character: for texts :func:`_fast` does not handle."""
    chars: list[str] = []
    breaks: Breaks = ([0], [0])
    dashes = []
    for i, ch in enumerate(text):
        folded = _fold(ch)
        if folded == " ":
            if not chars or chars[-1] == " ":
                continue
        elif folded == "-" and ch != "-" and unicodedata.normalize("NFKD", ch) in _CLAUSE_DASHES:
            dashes.append(i)
        for c in folded:
            _break(breaks, len(chars), i)
            chars.append(c)
    return "".join(chars), breaks, None, dashes


_ASCII = {c: _fold(chr(c)) for c in range(128) if _fold(chr(c)) != chr(c)}
_SPACES = re.compile("  +")  # not " {2,}": a pattern starting with two literal spaces is scanned for far faster
_ASCII_WORD = re.compile(r"[0-9A-Za-z]+(?:(?:['\-.]|(?<=[0-9]),(?=[0-9]))[0-9A-Za-z]+)*")
"""A word of ASCII text as :meth:`Normalised.words` counts them (no clause dash in it)."""


def _fast(text: str) -> tuple[str, Breaks, Breaks | None, list[int]] | None:
    """:func:`_slow`'s result in bulk: each distinct character folded once, then the text
    translated and its runs of spaces made one. ``None`` when a character folds to something
    holding a space, whose runs only the definition can tell apart."""
    table: dict[int, str] = _ASCII
    expanding: list[str] = []
    dashes: list[str] = []
    if not text.isascii():
        table = dict(_ASCII)
        for ch in set(text):
            if ch < "\x80":
                continue
            folded = table[ord(ch)] = _fold(ch)
            if folded != " " and " " in folded:
                return None
            if len(folded) != 1:
                expanding.append(ch)
            elif folded == "-" and unicodedata.normalize("NFKD", ch) in _CLAUSE_DASHES:
                dashes.append(ch)
    spaced = text.translate(table)
    inner: Breaks | None = None
    if expanding:  # each of their folded characters points to the one they came from
        inner = ([0], [0])
        extra = 0
        for m in re.finditer("[" + re.escape("".join(expanding)) + "]", text):
            i, size = m.start(), len(table[ord(m.group())])
            for k in range(size):
                _break(inner, i + extra + k, i)
            _break(inner, i + extra + size, i + 1)
            extra += size - 1
    lead = len(spaced) - len(spaced.lstrip(" "))
    outer: Breaks = ([0], [lead])
    pieces = []
    at = lead
    size = 0
    for m in _SPACES.finditer(spaced, lead):
        start, end = m.span()
        pieces.append(spaced[at:start + 1])
        size += start + 1 - at
        _break(outer, size, end)
        at = end
    pieces.append(spaced[at:])
    origins = [m.start() for m in re.finditer("[" + re.escape("".join(dashes)) + "]", text)] if dashes else []
    return "".join(pieces), outer, inner, origins


class Sought(NamedTuple):
    """A quote looked for in a text: how many words it has, where it first occurs on word
    boundaries and how often (none looked for under :data:`MIN_WORDS` words), and its anchor."""

    words: int
    first: tuple[int, int] | None
    count: int
    anchor: str


class Verdict(NamedTuple):
    """What became of one quote: the span to highlight and its anchor, or the error; and any warning."""

    span: tuple[int, int] | None
    error: str | None = None
    warning: str | None = None
    anchor: str = ""


def verify(quote: str, name: str, document: Normalised, others: Iterable[tuple[str, Normalised]],
           needle: str | None = None) -> Verdict:
    """Check a quote against document ``name`` as the format defines it.

    ``others`` (the briefing's documents, ``name`` among them or not) is read only when the quote
    is not found, as the likeliest mistake then is citing the wrong one of several sources.
    ``needle`` is the quote normalised, when the caller has it already.
    """
    words, first, count, made = document.seek(quote, needle)
    if words < MIN_WORDS:
        return Verdict(None, f"quote has {words} word{'' if words == 1 else 's'}: quote at least three words "
                             "of the document, as a shorter quote could be found almost anywhere")
    if first is not None:
        warning = (f"quote occurs {count} times in document '{name}'; the first is highlighted: quote more words to pick one"
                   if count > 1 else None)
        return Verdict(first, warning=warning, anchor=made)
    if needle is None:
        needle = normalise(quote)
    elsewhere = [other for other, text in others if other != name and next(text._spans(needle), None) is not None]
    if elsewhere:
        names = " and ".join(f"'{n}'" for n in sorted(elsewhere))
        return Verdict(None, f"quote not found in document '{name}'; it is in document{'s' if len(elsewhere) > 1 else ''} {names}")
    if _ELLIPSIS.search(needle):
        return Verdict(None, f"quote not found in document '{name}': it leaves words out with an ellipsis; "
                             "cite each passage as its own source")
    closest = document.closest(quote)
    hint = f"; the closest passage is \"{closest}\"" if closest else ""
    if document.contains_part(quote):
        return Verdict(None, f"quote not found in document '{name}' as whole words: it starts or ends inside a word or number{hint}")
    return Verdict(None, f"quote not found in document '{name}'{hint}")


def normalise(text: str) -> str:
    """The form in which quotes are compared. An ASCII text (most quotes) folds by the table alone,
    to the same result as :class:`Normalised` without the origins it would keep."""
    if text.isascii():
        return " ".join(text.translate(_ASCII).split())
    return _quote(text).text.strip()


@lru_cache(maxsize=1024)
def _quote(text: str) -> Normalised:
    """A quote normalised once for :func:`verify`, :func:`anchor` and the search in each document."""
    return Normalised(text)


def anchor(quote: str, needle: str | None = None) -> str:
    """A stable anchor for a quote: the same words give the same link whatever the edit.
    ``needle`` is the quote normalised, when the caller has it already."""
    return "q-" + hashlib.sha1((normalise(quote) if needle is None else needle).encode()).hexdigest()[:8]

"""Finding remembered words in a briefing's documents, for `briefing quote`.

The words are looked for as the format compares quotes (:mod:`generator.quotes`), as whole words;
failing that, the sentences holding most of them, in any order, with typos forgiven, are offered.
Each hit comes with a quote of at least three whole words that :func:`quotes.verify`, the
function that verifies citations, has accepted: a suggestion that would fail `briefing check` is
never offered, nor, where a few more words avoid it, one that occurs twice.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from . import resolved
from .errors import Problems
from .locate import CommandError
from .model_errors import suggest
from .quotes import MIN_WORDS, Normalised, normalise, verify
from .reading import Reader

MAX_GROWTH = 12
"""Words a suggested quote may grow by, to reach three words or to occur only once."""
CONTEXT = 140
"""Characters of context shown on each side of a quote, at most."""
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")
_LEAD = "\"'“‘«([{"
_TRAIL = "\"'”’»)]},;:"


@dataclass(frozen=True)
class Hit:
    """Where the words are, and a quote for them that verifies."""

    document: resolved.Document
    start: int
    end: int
    exact: bool

    @property
    def quote(self) -> str:
        return " ".join(self.document.body[self.start:self.end].split())

    @property
    def line(self) -> int:
        return self.document.body.count("\n", 0, self.start) + 1

    def context(self) -> str:
        """The sentence around the quote, the quote in «guillemets», cut with … when long."""
        body = self.document.body
        a, b = _sentence(body, self.start, self.end)
        cut_a, cut_b = max(a, self.start - CONTEXT), min(b, self.end + CONTEXT)
        before, after = (re.sub(r"\s+", " ", body[x:y]) for x, y in ((cut_a, self.start), (self.end, cut_b)))
        return f"{'…' if cut_a > a else ''}{before}«{self.quote}»{after}{'…' if cut_b < b else ''}".strip()


def load_documents(folder: Path, only: str | None = None) -> list[resolved.Document]:
    """The briefing's documents that load, read as `briefing check` reads them; the rest of the
    briefing may be mid-edit and is not needed to find a quote."""
    problems = Problems()
    entries = Reader(folder, folder.parent, Path.cwd(), problems).read_documents()
    if only is not None:
        if only not in entries:
            broken = [str(p) for p in problems.items if f"/documents/{only}.md" in p.path]
            reason = f": {'; '.join(broken)}" if broken else f"{suggest(only, entries)}"
            raise CommandError(f"no document '{only}' that can be read in {folder.as_posix()}/documents{reason}")
        return [entries[only].value]
    if not entries:
        raise CommandError(f"{folder.as_posix()} has no documents yet: add one with `briefing add-document`")
    return [e.value for e in entries.values()]


def find(documents: list[resolved.Document], words: str, *, limit: int = 10) -> tuple[list[Hit], bool]:
    """Up to ``limit`` hits of ``words``, and whether they were found exactly."""
    needle = normalise(words)
    if not re.search(r"\w", needle):
        raise CommandError("give some words to look for")
    exact = [hit for doc in documents for hit in _exact(doc, words)]
    if exact:
        return exact[:limit], True
    return _closest(documents, needle)[:min(limit, 5)], False


def _exact(doc: resolved.Document, words: str) -> list[Hit]:
    hits: list[Hit] = []
    for start, end in doc.normalised.spans(words):
        hit = _verified(doc, start, end, exact=True)
        if hit is not None and hit not in hits:
            hits.append(hit)
    return hits


def _verified(doc: resolved.Document, start: int, end: int, *, exact: bool) -> Hit | None:
    """The span widened to whole words, without stray punctuation at its ends, and then word by
    word until :func:`quotes.verify` accepts it as a quote of ``doc`` that occurs once (or cannot
    grow further); ``None`` when it never verifies."""
    body = doc.body
    words = [m.span() for m in _WORD.finditer(body)]
    first = next((i for i, (a, b) in enumerate(words) if b > start), None)
    last = next((i for i in range(len(words) - 1, -1, -1) if words[i][0] < end), None)
    if first is None or last is None or last < first:
        return None
    best: Hit | None = None
    for _ in range(MAX_GROWTH):
        a, b = words[first][0], words[last][1]
        while a < b and body[a] in _LEAD:
            a += 1
        while b > a and body[b - 1] in _TRAIL:
            b -= 1
        hit = Hit(doc, a, b, exact)
        verdict = verify(hit.quote, doc.id, doc.normalised, [])
        if verdict.span is not None:
            best = hit
            if verdict.warning is None:
                return hit
        elif Normalised(hit.quote).words() >= MIN_WORDS:
            return best  # enough words, yet not found: widening will not help
        clause_ends = body[words[last][1] - 1] in ",;:.!?"
        if last + 1 < len(words) and not (clause_ends and first > 0):
            last += 1
        elif first > 0:
            first -= 1
        else:
            break
    return best


def _sentence(body: str, start: int, end: int) -> tuple[int, int]:
    a = max((m.end() for m in _SENTENCE_END.finditer(body, 0, start)), default=0)
    m = _SENTENCE_END.search(body, end)
    return a, len(body.rstrip()) if m is None else m.start() + len(m.group().rstrip())


def _closest(documents: list[resolved.Document], needle: str) -> list[Hit]:
    """Sentences holding at least half of the words, in any order, a word matching another that
    begins with it or differs by a typo; the most words first, then the shortest passage."""
    wanted = list(dict.fromkeys(re.findall(r"\w+", needle)))
    wanted = [w for w in wanted if len(w) > 2 or w.isdigit()] or wanted  # "at", "of" match everywhere
    scored: list[tuple[float, int, Hit]] = []
    for doc in documents:
        body = doc.body
        bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(body)), len(body)]
        for a, b in zip(bounds, bounds[1:]):
            words = [(m.start(), m.end(), normalise(m.group())) for m in re.finditer(r"\w+", body[a:b])]
            found: list[tuple[int, int]] = []
            for w in wanted:
                span = _match(w, [x for x in words if x[:2] not in found])
                if span is not None:
                    found.append(span)
            if not found or len(found) * 2 < len(wanted):
                continue
            start, end = a + min(s for s, _ in found), a + max(e for _, e in found)
            hit = _verified(doc, start, end, exact=False)
            if hit is not None:
                scored.append((-len(found) / len(wanted), hit.end - hit.start, hit))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [hit for *_, hit in scored]


def _match(word: str, words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    for start, end, other in words:
        if other == word or (len(word) >= 4 and other.startswith(word)):
            return start, end
    for start, end, other in words:
        if len(word) >= 4 and difflib.SequenceMatcher(None, word, other).ratio() >= 0.8:
            return start, end
    return None

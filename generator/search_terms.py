"""The words a reader may type to find an entity, in the forms its page does not show.

Site search matches what a page says, word by word, so a page that writes `4,500` is not found by
`4500`, `10 U.S.C. §§ 251–255` is not found by `10 USC 253`, and `JTF-N` is not found by `JTFN`.
Each entity page carries these other forms in a hidden paragraph of its first section, which the
search index reads and readers never see; being in the page's first section, they rank the
entity's own page above the pages that merely mention it.
"""

from __future__ import annotations

import html
import re

from . import resolved
from .escaping import Md, escape_raw
from .numbers import grouped, plain

_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_RANGE = re.compile(r"(\d+)\s*[–—-]\s*(\d+)")
_JOINED = re.compile(r"[.\-/]")
_WORD = re.compile(r"\S+")
_MAX_RANGE = 100
"""Longest run of sections a citation range is spelled out for (`§§ 251–255` gives 251 to 255)."""


def entity_terms(entity: resolved.Entity) -> list[str]:
    """Other spellings of the entity's names, citation and numbers, each once, in a stable order."""
    x = entity.model
    names = [n for n in (entity.short, *x.aliases) if n]
    citation = getattr(x, "citation", None)
    terms: list[str] = [*names]
    for name in [*names, citation or ""]:
        terms += [_JOINED.sub("", w) for w in _WORD.findall(name) if _JOINED.search(w.strip("."))]
    if citation:
        terms.append(citation)
        terms += _sections(citation)
    texts = [entity.name, x.summary, *(f.text for f in entity.facts)]
    for fact in entity.facts:
        if fact.figure is not None:
            value = fact.figure.value
            for v in value if isinstance(value, tuple) else (value,):
                terms += [plain(v), grouped(v)]
    for text in texts:
        terms += [n.replace(",", "") for n in _GROUPED_NUMBER.findall(text)]
    return [t for t in dict.fromkeys(t.strip() for t in terms) if t]


def _sections(citation: str) -> list[str]:
    """Each section of a range (`§§ 251–255` gives 251 to 255), which the citation does not spell out."""
    out: list[str] = []
    for low, high in _RANGE.findall(citation):
        a, b = int(low), int(high)
        if 0 < b - a <= _MAX_RANGE:
            out += [str(n) for n in range(a, b + 1)]
    return out


def title_terms(entity: resolved.Entity) -> Md:
    """A statute's citation (with each section of a range, and `USC` for `U.S.C.`) hidden in its
    page's title, for the query `18 U.S.C. 1385` to find the page of section 1385 first.

    Material's search multiplies a page's own score by how many of the typed words its first
    section holds, and a later section's far less: in the "Other names" heading alone, section
    1385 lost to any authority whose title says `18 U.S.C.` (another section of title 18). In the
    title, the section typed is the word that only its own page has there.
    """
    citation = getattr(entity.model, "citation", None)
    if not citation:
        return Md("")
    joined = [_JOINED.sub("", w) for w in _WORD.findall(citation) if _JOINED.search(w.strip("."))]
    other = ", ".join(dict.fromkeys([*joined, *_sections(citation)]))
    words = " ".join(citation.split()) + (f" ({other})" if other else "")
    # a search result shows it after the name: "Insurrection Act — 10 U.S.C. §§ 251–255 (USC, 251, ...)"
    return Md(f' <span class="briefing-search-terms" hidden>— {escape_raw(words)}</span>')


ENTITY_BOOST = 3.0
"""How much more an entity page weighs in search than other pages (Material's `search.boost`)."""
_NAME_WORDS = re.compile(r"[^\s\-–—/()]+")


def entity_boost(entity: resolved.Entity) -> float:
    """The entity page's search boost: :data:`ENTITY_BOOST`, a little more for a shorter name.

    Material's search does not weigh a title by its length, so for the query `Joint Task Force
    North` the page of that name ties with the page of `Joint Task Force-North border support
    mission`. The fraction of a percent that a shorter name adds decides such ties for the page
    whose name is the query, and is too small to reorder anything else.
    """
    words = len(_NAME_WORDS.findall(entity.name)) or 1
    return round(ENTITY_BOOST * (1 + 0.05 / words), 4)


def terms_block(terms: list[str]) -> Md:
    """A paragraph the search index reads and no reader of the page sees (nor a screen reader:
    ``hidden``); a search result quotes it when its words are what matched."""
    if not terms:
        return Md("")
    # "Also:" (a stop word, so not indexed) is what a search result shows before the words matched.
    text = html.escape("Also: " + "; ".join(" ".join(t.split()) for t in terms), quote=True)
    return Md(f'<p class="briefing-search-terms" hidden>{text}</p>')


def names_heading(entity: resolved.Entity) -> Md:
    """The entity's other names (aliases, a statute's citation) as a heading no one sees
    (``hidden``), at the end of its page.

    Site search weighs a heading as a title, a thousand times running text: an alias in the page's
    text alone loses to any other page whose title holds its words (the alias "first wave" to the
    question "... follow the first wave?"). As a heading it counts as a name, which it is; a search
    result shows it under the entity's page.
    """
    x = entity.model
    names = [*x.aliases, *([x.citation] if getattr(x, "citation", None) else [])]
    if not names:
        return Md("")
    text = html.escape("Other names: " + "; ".join(" ".join(n.split()) for n in names), quote=True)
    return Md(f'<h2 id="other-names" class="briefing-search-terms" hidden>{text}</h2>')

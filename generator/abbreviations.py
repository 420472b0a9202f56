"""Short names as tooltips: the definitions a page needs for Python-Markdown's abbr extension."""

from __future__ import annotations

import re

from . import resolved
from .escaping import escape_attr

_TOKEN = re.compile(r"[\w.\-/&]+")


def _odd_shorts(briefing: resolved.Briefing) -> list[str]:
    """Short names that are not one token (e.g. with a space), looked for in the text itself."""
    cached = getattr(briefing, "_odd_shorts", None)
    if cached is None:
        cached = [s for s in briefing.abbreviations if not _TOKEN.fullmatch(s)]
        briefing._odd_shorts = cached  # type: ignore[attr-defined]
    return cached


def used_shorts(text: str, briefing: resolved.Briefing) -> list[str]:
    """The briefing's short names that ``text`` uses."""
    shorts = briefing.abbreviations
    if not shorts:
        return []
    tokens = set(_TOKEN.findall(text))
    for token in list(tokens):
        tokens.update(token.strip(".-/&").split("/"))
    order = _short_order(briefing)
    return sorted((t for t in tokens if t in order), key=order.__getitem__) + [s for s in _odd_shorts(briefing) if s in text]


def _short_order(briefing: resolved.Briefing) -> dict[str, int]:
    """Each short name's place, so that a page's definitions come in the briefing's order."""
    cached = getattr(briefing, "_short_order", None)
    if cached is None:
        cached = {s: i for i, s in enumerate(briefing.abbreviations)}
        briefing._short_order = cached  # type: ignore[attr-defined]
    return cached


def definitions(body: str, briefing: resolved.Briefing) -> str:
    """Definitions for the short names this page uses, so that each becomes a tooltip.

    Only those used: Python-Markdown's abbr extension costs time per definition per page, and a
    briefing with a thousand short names would make every page pay for all of them.
    """
    shorts = briefing.abbreviations
    if not shorts:
        return ""
    used = used_shorts(body, briefing)
    # a short name the abbr extension cannot take (brackets, a backslash) would leave its line as
    # Markdown text, the full name with it: such a name gets no tooltip
    lines = "".join(f"*[{s}]: {escape_attr(shorts[s])}\n" for s in used if not re.search(r"[\[\]\n\\]", s))
    return "\n" + lines if lines else ""

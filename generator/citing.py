"""A fact as a ready citation in plain text, for a reader to paste into their own work.

Plain text rather than a format of one reference manager: it must read well wherever it is
pasted, and it carries everything needed to find the fact again and check it (the permalink,
and each source with the words it quotes).
"""

from __future__ import annotations

from .numbers import format_figure
from .resolved import Briefing, Citation, Fact
from .urls import Where


def citation_text(fact: Fact, briefing: Briefing, where: Where) -> str:
    """The fact, its as-of date, the briefing, the fact's permalink and its sources.

    ``where`` gives absolute addresses when the site's address is known; otherwise addresses
    from the site's root, which the reader completes with the host they read it on.
    """
    parts = [f"“{fact.text}”"]
    if fact.figure is not None:
        parts.append(f"({format_figure(fact.figure)})")
    if fact.as_of is not None:
        parts.append(f"As of {fact.as_of.human()}.")
    if fact.retracted is not None:
        parts.append(f"Retracted on {fact.retracted.date.human()}: {fact.retracted.note}")
    for c in fact.corrections:
        parts.append(f"Corrected on {c.date.human()}: {c.note}")
    label = "Sources" if len(fact.citations) > 1 else "Source"
    rest = [f"{briefing.meta.title}, briefing updated {briefing.meta.updated.human()}", where(fact),
            f"{label}: " + "; ".join(_source(c, where) for c in fact.citations)]
    return " · ".join([" ".join(parts), *rest])


def _source(c: Citation, where: Where) -> str:
    """Publisher, title, date, the quoted words and where to read them."""
    bits = [c.publisher] if c.publisher else []
    bits.append(f"“{c.title}”")
    if c.published is not None:
        bits.append(c.published.human())
    if c.quote_text:
        bits.append(f"quoting “{c.quote_text}”")
    if c.url:
        bits.append(c.url)
    elif c.document is not None and c.quote is not None:
        bits.append(where(c.document, c.quote.anchor))
    if not c.verified:
        bits.append("(outside source, not checked)")
    return ", ".join(bits)

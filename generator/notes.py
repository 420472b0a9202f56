"""A page's citations as numbered footnotes, for print."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import resolved
from .escaping import escape_text
from .urls import Where


@dataclass
class Notes:
    """A page's citations in the order they first appear, numbered for its printed footnotes.

    On paper a link leads nowhere: each citation prints a number, and the page ends with the
    numbered sources, their quoted words and addresses (hidden on screen). Material's tooltips
    take the quoted words out of a link's title once hovered, so they are written here. A
    document without an address of its own is given its passage's address on the published site,
    which only ``where`` (absolute, from ``site_url``) can tell: a relative one means nothing on paper.
    """

    where: Where | None = None
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def number(self, citation: resolved.Citation, label: str) -> int:
        where = citation.url or (citation.document.title if citation.document is not None else "")
        key = (where, citation.quote_text or "")
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
            line = escape_text(label)
            if citation.document is not None and citation.label != citation.document.title:
                line += f", <em>{escape_text(citation.document.title)}</em>"
            if citation.quote_text:
                line += f": \u201c{escape_text(citation.quote_text)}\u201d"
            address = citation.url
            if address is None and self.where is not None and citation.quote is not None:
                address = self.where(citation.document, anchor=citation.quote.anchor)
            if address:
                line += f" &lt;{escape_text(address)}&gt;"
            self.lines.append(line)
        return self.numbers[key]

    def block(self) -> str:
        """The footnotes as HTML that only print shows (and site search skips)."""
        if not self.lines:
            return ""
        items = "".join(f"<li>{line}</li>" for line in self.lines)
        return f'<div class="briefing-print-notes" data-search-exclude=""><p><strong>Sources</strong></p><ol>{items}</ol></div>'


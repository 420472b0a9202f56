"""HTML the generator has already built, kept out of Markdown: the one place that decides how.

Python-Markdown costs a build most of its time, and it has nothing to do with HTML the generator
wrote itself (a field's cleaned HTML, a chart, a diagram, print notes, JSON-LD): it only scans it
to leave it alone. A page therefore carries a short placeholder for each such block, made of
letters and digits only (which no Markdown construct changes, in a paragraph, a list, a table cell
or an admonition), and the HTML is put back in the built page.

Two outputs: :func:`inline` writes the HTML into the Markdown (``briefing render``: a complete page
for any engine); the plugin keeps the page's :class:`Held` HTML and puts it back after Markdown
(:func:`resolve`). Text a reader searches for goes back before the search index is made; pure
decoration (``search=False``) goes back in the finished page, so that the indexer never parses it.

A placeholder carries a random key drawn for each build: text in a briefing cannot name one, so a
value that looks like a placeholder stays text and pulls in nothing.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from .escaping import Md

_PREFIX = "briefinghtml"


@dataclass
class Held:
    """One page's pre-built HTML, by placeholder: what search indexes, and decoration."""

    key: str
    searched: dict[str, str] = field(default_factory=dict)
    decoration: dict[str, str] = field(default_factory=dict)

    def put(self, html: str, *, search: bool, block: bool = True) -> Md:
        """The placeholder standing for ``html`` in the page's Markdown. A ``block`` (a field's
        ``<div>``, a ``<figure>``) replaces the paragraph Markdown makes of its placeholder; inline
        HTML stays in whatever holds it, as its own HTML would."""
        if not html:
            return Md("")
        name = f"{_PREFIX}{self.key}{len(self.searched) + len(self.decoration):06d}{'s' if search else 'd'}{'b' if block else 'i'}"
        (self.searched if search else self.decoration)[name] = html
        return Md(name)

    def pattern(self) -> re.Pattern[str]:
        """A placeholder of this page, alone in a paragraph (a block) or within a line."""
        return re.compile(rf"<p>({_PREFIX}{self.key}\d{{6}}[sd]b)</p>|({_PREFIX}{self.key}\d{{6}}[sd][bi])")


def new_key() -> str:
    """A build's key: unguessable, so that no briefing text can name a placeholder."""
    return secrets.token_hex(8)


def inline(markdown: str, held: Held) -> str:
    """The page with its HTML written in, as ``briefing render`` publishes it."""
    if not held.searched and not held.decoration:
        return markdown
    blocks = {**held.searched, **held.decoration}
    return re.sub(rf"{_PREFIX}{held.key}\d{{6}}[sd][bi]", lambda m: blocks.get(m.group(0), m.group(0)), markdown)


def resolve(html: str, held: Held, *, search: bool) -> str:
    """The page's HTML after Markdown with the held HTML put back: the searched blocks (``search``),
    or the decoration, which the searched pass leaves as comments that the indexer skips."""
    if search:
        if not held.searched and not held.decoration:
            return html

        def back(m: re.Match[str]) -> str:
            name = m.group(1) or m.group(2)
            if name in held.searched:
                return held.searched[name]
            return f"<!--{name}-->" if name in held.decoration else m.group(0)
        return held.pattern().sub(back, html)
    if not held.decoration:
        return html
    return re.sub(rf"<!--({_PREFIX}{held.key}\d{{6}}d[bi])-->",
                  lambda m: held.decoration.get(m.group(1), ""), html)

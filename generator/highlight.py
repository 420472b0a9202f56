"""A source document's text as a page, each cited passage highlighted and anchored."""

from __future__ import annotations

import re

from . import resolved
from .escaping import Md, escape_text


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def document_body(doc: resolved.Document) -> Md:
    """The text as published, paragraph by paragraph, each cited passage marked and anchored."""
    text = doc.body
    quotes = doc.quotes_in_order()
    cuts = sorted({0, len(text), *(q.start for q in quotes), *(q.end for q in quotes)})
    starts: dict[int, list[resolved.Quote]] = {}
    for q in quotes:
        starts.setdefault(q.start, []).append(q)
    paragraphs: list[list[str]] = [[]]
    for a, b in zip(cuts, cuts[1:]):
        marked = any(q.start <= a and b <= q.end for q in quotes)
        anchors = "".join(f'<span id="{q.anchor}" class="briefing-anchor"></span>' for q in starts.get(a, []))
        if anchors:
            paragraphs[-1].append(anchors)
        for piece in re.split(r"(\n[ \t]*\n\s*|\n)", text[a:b]):
            if not piece:
                continue
            if _PARAGRAPH_BREAK.fullmatch(piece):
                if paragraphs[-1]:
                    paragraphs.append([])
            elif piece == "\n":
                paragraphs[-1].append("<br>\n")
            else:
                escaped = _escape_keep_edges(piece, at_line_start=not paragraphs[-1] or paragraphs[-1][-1] == "<br>\n")
                paragraphs[-1].append(f'<mark class="briefing-quote">{escaped}</mark>' if marked and piece.strip() else escaped)
    joined = ("".join(p).strip().removesuffix("<br>").strip() for p in paragraphs)
    return Md("\n\n".join(p for p in joined if p))


def _escape_keep_edges(piece: str, *, at_line_start: bool) -> str:
    lead = " " if piece[:1].isspace() and not at_line_start else ""
    trail = " " if piece[-1:].isspace() else ""
    body = escape_text(piece) if at_line_start else escape_text("x" + piece)[1:].lstrip()
    return f"{lead}{body}{trail}" if piece.strip() else (" " if not at_line_start else "")


"""Pictures drawn at build time as inline SVG: a figure over time, and how entities connect.

No script, no web request: the SVG is part of the page, drawn with ``currentColor`` so that it
follows the theme's light or dark palette. It is raw HTML in the Markdown, so every text and
attribute from the data is escaped here with :func:`escaping.escape_attr`, and links are final
addresses (engines rewrite ``.md`` links only in Markdown, never inside raw HTML).

Each picture is a ``role="group"`` named by its ``<title>`` and described by its ``<desc>``, with
real links inside, each named (``aria-label``) and reachable by the keyboard; the lines and labels
are ``aria-hidden``. Not ``role="img"``: an image's children are presentational, so links in it
would be focusable yet invisible to a screen reader. The page has the same links as text as well
(the table of a chart, the lists of a diagram).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .escaping import escape_attr as _e
from .numbers import grouped

FONT = 12
"""Font size in SVG units; the picture scales down on narrow screens, never up."""
MIN_BAR = 16.0
"""Shortest bar drawn for a range, taller than a dot is wide, so that a narrow range still reads as one."""


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_open(ident: str, width: float, height: float, title: str, description: str, css: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" role="group" width="{_n(width)}" height="{_n(height)}" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" aria-labelledby="{_e(ident)}-title" aria-describedby="{_e(ident)}-desc" '
            f'font-size="{FONT}" fill="currentColor">'
            f'<title id="{_e(ident)}-title">{_e(title)}</title><desc id="{_e(ident)}-desc">{_e(description)}</desc>')


def _figure(svg: str, caption: str, css: str) -> str:
    """A raw HTML block: ``<figure>`` is block-level for Markdown engines, ``<svg>`` is not.
    One line, so that no engine can take a blank line or an indent inside it for Markdown."""
    # data-search-exclude: Material's search would index the labels run together. The picture
    # scrolls inside its own box (its words stay readable on a phone); the hint, which the
    # stylesheet shows only when the box is narrower than the picture, says so.
    return (f'<figure class="{css}" data-search-exclude=""><div class="briefing-scroll">{svg}</div>'
            f'<figcaption>{_e(caption)}<span class="briefing-scroll-hint"> {SCROLL_HINT}</span></figcaption></figure>')


SCROLL_HINT = "Wider than the screen: scroll it sideways to see the rest."


# a figure over time ----------------------------------------------------------------------

@dataclass(frozen=True)
class Mark:
    """One figure on the chart: a point, or a range when ``low < high``."""

    when: dt.date
    low: float
    high: float
    label: str
    """Says it all in words: ``about 2,200 troops, as of 22 January 2025``."""
    href: str
    """Where the mark leads: the fact (and so its sources)."""


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def line_chart(marks: Sequence[Mark], *, ident: str, title: str, description: str, date_label: dict[dt.date, str],
               caption: str) -> str:
    """Figures against time: a point per figure, a bar per range, each date's joined to the next's.

    The value axis starts at zero (or below, for negative figures): a count drawn from an
    arbitrary floor would make a small change look large.
    """
    width, height = 640.0, 240.0
    left, right, top, bottom = 64.0, 24.0, 16.0, 40.0
    inner_w, inner_h = width - left - right, height - top - bottom
    days = [m.when.toordinal() for m in marks]
    first, last = min(days), max(days)
    lo = min(0.0, *(m.low for m in marks))
    hi = max(0.0, *(m.high for m in marks))
    step = nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if hi == lo:
        hi = lo + step

    def x(day: int) -> float:
        return left + (inner_w / 2 if last == first else (day - first) / (last - first) * inner_w)

    def y(value: float) -> float:
        return top + (hi - value) / (hi - lo) * inner_h

    parts = [_svg_open(ident, width, height, title, description, "briefing-chart-svg")]
    parts.append('<g aria-hidden="true">')
    tick = lo
    while tick <= hi + step / 1000:
        parts.append(f'<line x1="{_n(left)}" x2="{_n(width - right)}" y1="{_n(y(tick))}" y2="{_n(y(tick))}" '
                     f'stroke="currentColor" stroke-opacity="{0.45 if tick == 0 else 0.15}"/>'
                     f'<text x="{_n(left - 8)}" y="{_n(y(tick) + FONT / 3)}" text-anchor="end">{_e(grouped(round(tick, 2)))}</text>')
        tick += step
    shown: list[tuple[float, dt.date]] = []
    for when in sorted({m.when for m in marks}):
        at = x(when.toordinal())
        if shown and at - shown[-1][0] < 90:
            if when != max(m.when for m in marks):
                continue
            shown.pop()  # the latest date is always labelled
        shown.append((at, when))
    for at, when in shown:
        anchor = "start" if at - left < 40 else "end" if width - right - at < 40 else "middle"
        parts.append(f'<line x1="{_n(at)}" x2="{_n(at)}" y1="{_n(height - bottom)}" y2="{_n(height - bottom + 5)}" '
                     f'stroke="currentColor" stroke-opacity="0.45"/>'
                     f'<text x="{_n(at)}" y="{_n(height - bottom + 20)}" text-anchor="{anchor}">{_e(date_label[when])}</text>')
    by_date: dict[dt.date, list[Mark]] = {}
    for m in marks:
        by_date.setdefault(m.when, []).append(m)
    dates = sorted(by_date)
    for a, b in zip(dates, dates[1:]):
        for ma in by_date[a]:
            for mb in by_date[b]:  # where sources disagree, a line to each: every path the figures may have taken
                parts.append(f'<line x1="{_n(x(a.toordinal()))}" y1="{_n(y((ma.low + ma.high) / 2))}" '
                             f'x2="{_n(x(b.toordinal()))}" y2="{_n(y((mb.low + mb.high) / 2))}" stroke="currentColor" '
                             f'stroke-opacity="0.5" stroke-width="2"/>')
    parts.append("</g>")
    for m in marks:
        cx = x(m.when.toordinal())
        if m.high > m.low:  # to scale, but never so short that it could pass for a dot
            top, bottom = y(m.high), y(m.low)
            if bottom - top < MIN_BAR:
                top = (top + bottom - MIN_BAR) / 2
            shape = (f'<rect class="briefing-mark" x="{_n(cx - 4)}" y="{_n(top)}" width="8" '
                     f'height="{_n(max(bottom - top, MIN_BAR))}" rx="4"/>')
        else:
            shape = f'<circle class="briefing-mark" cx="{_n(cx)}" cy="{_n(y(m.low))}" r="6"/>'
        parts.append(f'<a href="{_e(m.href)}" aria-label="{_e(m.label)}"><title>{_e(m.label)}</title>{shape}</a>')
    parts.append("</svg>")
    return _figure("".join(parts), caption, "briefing-chart")


# how entities connect --------------------------------------------------------------------

@dataclass(frozen=True)
class Node:
    key: str
    label: str
    """Its name; shortened to fit its box, in full in its tooltip."""
    column: int
    href: str | None
    """``None`` for the page's own entity, drawn stronger and not as a link."""
    tooltip: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str
    """One of :data:`EDGE_STYLES`."""


EDGE_STYLES = {
    "part-of": ("is part of", ""),
    "takes-part": ("takes part in", ""),
    "leads": ("leads", ""),
    "supports": ("is supported by", "6 4"),
    "acts-under": ("acts under", "2 3"),
}
"""How each kind of connection is drawn (its words in the legend, its dash pattern): told apart by
line pattern and width, never by colour alone."""
_WIDTH = {"part-of": 1.2, "takes-part": 2.0, "leads": 3.5}

NODE_W, NODE_H, ROW, GAP, ARC = 190.0, 30.0, 40.0, 80.0, 36.0
_BOLD = ' font-weight="bold"'
_PAPER = "fill: var(--md-default-bg-color, Canvas)"
"""A box's background: the page's, in the light palette and the dark (``Canvas`` without the theme)."""


def _fit(label: str, width: float) -> str:
    """The label escaped, cut after a whole word to fit ``width``; the "…" of a cut one is hidden
    from screen readers, so that the words a box shows stay words of its link's name."""
    most = int(width / (FONT * 0.56))
    if len(label) <= most:
        return _e(label)
    cut = label[: most - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut
    return _e(cut.rstrip()) + '<tspan aria-hidden="true">…</tspan>'


def _stroke(kind: str) -> str:
    dash = EDGE_STYLES[kind][1]
    return (f'stroke="currentColor" stroke-opacity="0.6" stroke-width="{_n(_WIDTH.get(kind, 1.5))}"'
            + (f' stroke-dasharray="{dash}"' if dash else ""))


def _legend(kinds: list[str], width: float) -> list[tuple[float, int, str]]:
    """(x, line, kind) of each legend entry, wrapped to the picture's width."""
    out, x, line = [], ARC, 0
    for k in kinds:
        size = 34 + len(EDGE_STYLES[k][0]) * FONT * 0.56 + 20
        if x > ARC and x + size > width:
            x, line = ARC, line + 1
        out.append((x, line, k))
        x += size
    return out


def diagram(columns: Sequence[str], nodes: Sequence[Node], edges: Sequence[Edge], *, ident: str, title: str,
            description: str, caption: str) -> str:
    """Nodes in columns (in the order given), edges between them, and a legend of the kinds used.

    An edge within a column (a force and the force it is part of) is an arc on the column's left.
    """
    used = [c for c in range(len(columns)) if any(n.column == c for n in nodes)]
    col_x = {c: ARC + i * (NODE_W + GAP) for i, c in enumerate(used)}
    rows = {c: [n for n in nodes if n.column == c] for c in used}
    header = 28.0
    body_h = max(len(r) for r in rows.values()) * ROW
    width = ARC + len(used) * NODE_W + (len(used) - 1) * GAP + 8
    kinds = [k for k in EDGE_STYLES if any(e.kind == k for e in edges)]
    legend = _legend(kinds, width)
    legend_top = header + body_h + 8
    height = legend_top + (legend[-1][1] + 1) * 20 + 4 if legend else header + body_h + 8
    where: dict[str, tuple[float, float]] = {}
    for c, column_nodes in rows.items():
        offset = header + (body_h - len(column_nodes) * ROW) / 2
        for i, n in enumerate(column_nodes):
            where[n.key] = (col_x[c], offset + i * ROW + (ROW - NODE_H) / 2)
    parts = [_svg_open(ident, width, height, title, description, "briefing-diagram-svg"), '<g aria-hidden="true">']
    for c in used:
        parts.append(f'<text x="{_n(col_x[c] + NODE_W / 2)}" y="{_n(FONT + 4)}" text-anchor="middle" '
                     f'font-weight="bold">{_e(columns[c])}</text>')
    for e in edges:
        if e.source not in where or e.target not in where:
            continue
        (sx, sy), (tx, ty) = where[e.source], where[e.target]
        sy, ty = sy + NODE_H / 2, ty + NODE_H / 2
        if sx == tx:  # the farther apart, the wider the arc, so that nested arcs do not overlap
            bend = sx - min(ARC - 4, 10 + 7 * (abs(ty - sy) / ROW - 1))
            path = f"M{_n(sx)},{_n(sy)} C{_n(bend)},{_n(sy)} {_n(bend)},{_n(ty)} {_n(tx)},{_n(ty)}"
        else:
            if sx > tx:
                (sx, sy), (tx, ty) = (tx, ty), (sx, sy)
            sx += NODE_W
            between = [c for c in used if sx < col_x[c] < tx]
            if between:  # through a gap between the boxes of the column it passes, not across one
                c = between[0]
                top = header + (body_h - len(rows[c]) * ROW) / 2
                lane = min((top + i * ROW for i in range(len(rows[c]) + 1)), key=lambda g: abs(g - (sy + ty) / 2))
                ax, bx = col_x[c] - GAP / 4, col_x[c] + NODE_W + GAP / 4
                path = (f"M{_n(sx)},{_n(sy)} C{_n(ax)},{_n(sy)} {_n(sx + GAP / 2)},{_n(lane)} {_n(ax)},{_n(lane)} "
                        f"L{_n(bx)},{_n(lane)} C{_n(tx - GAP / 2)},{_n(lane)} {_n(bx)},{_n(ty)} {_n(tx)},{_n(ty)}")
            else:
                mid = (sx + tx) / 2
                path = f"M{_n(sx)},{_n(sy)} C{_n(mid)},{_n(sy)} {_n(mid)},{_n(ty)} {_n(tx)},{_n(ty)}"
        parts.append(f'<path d="{path}" fill="none" {_stroke(e.kind)}/>')
    for lx, line, k in legend:
        ly = legend_top + line * 20 + 10
        parts.append(f'<line x1="{_n(lx)}" x2="{_n(lx + 28)}" y1="{_n(ly)}" y2="{_n(ly)}" {_stroke(k)}/>'
                     f'<text x="{_n(lx + 34)}" y="{_n(ly + FONT / 3)}">{_e(EDGE_STYLES[k][0])}</text>')
    parts.append("</g>")
    for n in nodes:
        nx, ny = where[n.key]
        own = n.href is None
        box = (f'<rect class="briefing-node" x="{_n(nx)}" y="{_n(ny)}" width="{_n(NODE_W)}" height="{_n(NODE_H)}" rx="4" '
               f'style="{_PAPER}" stroke="currentColor" stroke-width="{2.5 if own else 1}"/>'
               f'<text x="{_n(nx + NODE_W / 2)}" y="{_n(ny + NODE_H / 2 + FONT / 3)}" text-anchor="middle"'
               f'{_BOLD if own else ""}>{_fit(n.label, NODE_W - 12)}</text>')
        if own:
            parts.append(f'<g aria-hidden="true"><title>{_e(n.tooltip)}</title>{box}</g>')
        else:
            parts.append(f'<a href="{_e(n.href)}" aria-label="{_e(n.tooltip)}"><title>{_e(n.tooltip)}</title>{box}</a>')
    parts.append("</svg>")
    return _figure("".join(parts), caption, "briefing-diagram")

"""The pictures of a page: a series of figures as a chart, how entities connect as a diagram.

This decides what to draw from a resolved briefing (which marks, which nodes in which order);
:mod:`generator.charts` draws it as SVG.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import jinja2

from . import charts, resolved
from .escaping import Md
from .numbers import format_figure
from .provenance import Series, bounds
from .resolved import KIND_TITLES
from .paging import Part
from .urls import path_of, url_relative


def _short_date(date: Any) -> str:
    human = date.human()
    return human if date.precision == "year" else " ".join(w[:3] if w.isalpha() else w for w in human.split())


@jinja2.pass_context
def chart(ctx: Any, s: Series) -> Md:
    """A series of figures as a chart whose every mark links to its fact on the same page."""
    marks, label = [], {}
    for fact in s.facts:
        assert fact.figure is not None and fact.as_of is not None
        low, high = bounds(fact)
        when = fact.as_of.to_date()
        label.setdefault(when, _short_date(fact.as_of))
        marks.append(charts.Mark(when, low, high, f"{format_figure(fact.figure)}, as of {fact.as_of.human()}", f"#{fact.anchor}"))
    ident = "chart-" + hashlib.sha1(f"{s.entity.id} {s.unit}".encode()).hexdigest()[:8]
    values = "; ".join(f"{format_figure(f.figure)} as of {f.as_of.human()}" for f in s.facts if f.figure and f.as_of)
    title = f"{s.unit[:1].upper()}{s.unit[1:]} of {s.entity.name}, by date"
    svg = charts.line_chart(marks, ident=ident, title=title, date_label=label,
                            description=f"{values}. The table below gives each figure with its sources.",
                            caption="A dot is one figure, a bar a range; each leads to its fact and sources.")
    return ctx["stash"].put(svg, search=False)  # the table below holds the same words for search


MAX_DIAGRAM_NODES = 60
"""Beyond this many entities a diagram is a tangle no one reads; the lists say the same."""
_COLUMNS = ("force", "mission", "authority")


@dataclass
class DiagramView:
    """A relationship diagram, what it shows in words, or why it is not drawn."""

    svg: Md
    connections: list[tuple[resolved.Entity, list[tuple[str, resolved.Entity]]]]
    too_many: int = 0
    summary: bool = False
    """True when it shows the briefing's top-level structure, not every entity."""


@jinja2.pass_context
def diagram(ctx: Any, subject: resolved.Entity | resolved.Briefing) -> DiagramView:
    """How forces, missions and authorities connect: the whole briefing, or one entity's neighbours."""
    briefing: resolved.Briefing = ctx["briefing"]
    if isinstance(subject, resolved.Entity):
        near = briefing.links_by_entity.get(subject.id, [])
        members = {subject.id: subject, **{x.id: x for link in near for x in (link.source, link.target)}}
        between = {id(x): x for m in members for x in briefing.links_by_entity.get(m, [])
                   if x.source.id in members and x.target.id in members}
        links = sorted(between.values(), key=lambda x: briefing.link_rank[id(x)])
        ident, own = f"diagram-{subject.id}", subject
        title = f"How {subject.name} connects to other forces, missions and legal authorities"
    else:
        members, links, ident, own = dict(briefing.entities), briefing.links, "diagram-briefing", None
        title = f"How the forces, missions and legal authorities of {briefing.meta.title} connect"
    connections: dict[str, list[tuple[str, resolved.Entity]]] = {}
    for x in links:
        connections.setdefault(x.source.id, []).append((charts.EDGE_STYLES[x.kind][0], x.target))
    listed = [(briefing.entities[k], v) for k, v in connections.items()]
    if not links:
        return DiagramView(Md(""), listed)
    if len(members) > MAX_DIAGRAM_NODES:
        if own is None:
            return _structure(ctx, briefing, title)
        return DiagramView(Md(""), listed, len(members))
    ordered = _diagram_order(list(members.values()), links)
    nodes = [charts.Node(e.id, e.name, _COLUMNS.index(e.kind), None if e is own else
                         url_relative(path_of(e), ctx["page_path"], ctx["directory_urls"]),
                         f"{e.name} ({e.short})" if e.short else e.name) for e in ordered]
    edges = [charts.Edge(x.source.id, x.target.id, x.kind) for x in links]
    words = "; ".join(f"{e.name} {w} {o.name}" for e, ws in listed for w, o in ws)
    svg = charts.diagram([KIND_TITLES[k] for k in _COLUMNS], nodes, edges, ident=ident, title=title,
                         description=f"{words}.", caption="Each box leads to its page; the same connections are listed as text below.")
    return DiagramView(ctx["stash"].put(svg, search=False), listed)  # listed as text below, for search


def _diagram_order(entities: list[resolved.Entity], links: list[resolved.Link]) -> list[resolved.Entity]:
    """Forces with their units below them; missions and authorities next to what they connect to,
    so that few lines cross. Ties go by name: the order never depends on the YAML's."""
    by_name = sorted(entities, key=lambda e: (e.name.casefold(), e.id))
    forces = [e for e in by_name if e.kind == "force"]
    parent = {x.source.id: x.target.id for x in links if x.kind == "part-of"}
    ids = {e.id for e in forces}
    children: dict[str | None, list[resolved.Entity]] = {}
    for e in forces:
        up = parent.get(e.id)
        children.setdefault(up if up in ids and up != e.id else None, []).append(e)
    ordered: list[resolved.Entity] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        e = stack.pop()
        if e not in ordered:
            ordered.append(e)
            stack.extend(reversed(children.get(e.id, [])))
    ordered += [e for e in forces if e not in ordered]  # a cycle validation has reported already
    for kind in ("mission", "authority"):
        rank = {e.id: i for i, e in enumerate(ordered)}

        def centre(e: resolved.Entity) -> float:
            near = [rank[o.id] for x in links for o in (x.source, x.target)
                    if e in (x.source, x.target) and o is not e and o.id in rank]
            return sum(near) / len(near) if near else float(len(rank))

        ordered += sorted((e for e in by_name if e.kind == kind), key=lambda e: (centre(e), e.name.casefold(), e.id))
    return ordered



_PLURAL_VERBS = {"is part of": "are part of", "takes part in": "take part in", "leads": "lead",
                 "is supported by": "are supported by", "acts under": "act under"}
MAX_TOP_FORCES = 20
"""Top-level forces drawn on the overview of a briefing too large to draw whole."""


def _structure(ctx: Any, briefing: resolved.Briefing, title: str) -> DiagramView:
    """A briefing too large to draw whole, drawn at its top level: the forces no other force is part
    of (each standing for those below it), then the missions and the authorities as one box each,
    every box a link to its page or index, and a line wherever any connection runs between them."""
    forces = briefing.of_kind("force")
    parent = {x.source.id: x.target.id for x in briefing.links if x.kind == "part-of" and x.target.kind == "force"}

    def root(e: resolved.Entity) -> str:
        seen, ident = {e.id}, e.id
        while (up := parent.get(ident)) is not None and up not in seen:
            seen.add(up)
            ident = up
        return ident

    roots = {e.id: root(e) for e in forces}
    below: dict[str, int] = {}
    for e in forces:
        if roots[e.id] != e.id:
            below[roots[e.id]] = below.get(roots[e.id], 0) + 1
    tops = sorted((e for e in forces if roots[e.id] == e.id), key=lambda e: (-below.get(e.id, 0), e.name.casefold(), e.id))
    shown, rest = tops[:MAX_TOP_FORCES], tops[MAX_TOP_FORCES:]
    b = briefing.id
    groups: dict[str, Part[Any]] = {}
    for e in shown:
        n = below.get(e.id, 0)
        groups[e.id] = Part(e.id, f"{e.name} and the {n:,} {'force or agency' if n == 1 else 'forces and agencies'} below it" if n else e.name, path_of(e), [], group="force")
    if rest:
        groups["more-forces"] = Part("more-forces", f"{len(rest) + sum(below.get(e.id, 0) for e in rest):,} other forces and agencies",
                                     f"{b}/{resolved.KINDS['force']}/index.md", [], group="force")
    for kind, many in (("mission", "missions"), ("authority", "legal authorities")):
        count = len(briefing.of_kind(kind))
        if count:
            groups[kind] = Part(kind, f"{count:,} {many}", f"{b}/{resolved.KINDS[kind]}/index.md", [], group=kind)
    top_ids = {e.id for e in shown}

    def node_of(e: resolved.Entity) -> str:
        if e.kind != "force":
            return e.kind
        return roots[e.id] if roots[e.id] in top_ids else "more-forces"

    edges: dict[tuple[str, str, str], None] = {}
    for x in briefing.links:
        a, z = node_of(x.source), node_of(x.target)
        if a != z:
            edges[(a, z, x.kind)] = None
    connections: dict[str, list[tuple[str, Any]]] = {}
    for a, z, kind in edges:
        words = charts.EDGE_STYLES[kind][0]
        many = a not in top_ids or below.get(a, 0) > 0  # a box standing for several takes a plural verb
        connections.setdefault(a, []).append((_PLURAL_VERBS.get(words, words) if many else words, groups[z]))
    # a top-level force's box shows its name; the number below it is in its tooltip and the list
    nodes = [charts.Node(key, groups[key].title if key not in top_ids else briefing.entities[key].name, _COLUMNS.index(g.group),
                         url_relative(g.path, ctx["page_path"], ctx["directory_urls"]), g.title)
             for key, g in groups.items()]
    words = "; ".join(f"{groups[a].title} {w} {o.title}" for a, ws in connections.items() for w, o in ws)
    svg = charts.diagram([KIND_TITLES[k] for k in _COLUMNS], nodes, [charts.Edge(a, z, k) for a, z, k in edges],
                         ident="diagram-briefing", title=title, description=f"{words}.",
                         caption="The top level only: each box leads to its page or list; each page shows its own connections.")
    return DiagramView(Md(svg), [(groups[a], ws) for a, ws in connections.items()], len(briefing.entities), summary=True)

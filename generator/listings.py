"""Which of a briefing's list pages are split, and into which parts (:mod:`generator.paging`).

Each view keeps its page; a split one lists its parts there, each part a page of its own under a
folder named after the view (``forces/by-name/a.md``, ``timeline/2025-01.md``), so that no address
of an existing page changes and ids (lowercase letters, digits, hyphens) cannot collide with them.
"""

from __future__ import annotations

import dataclasses
import posixpath
from dataclasses import dataclass, field
from typing import Any

from . import paging, resolved
from .changes import Changes
from .paging import Part, letter, month
from .provenance import Disagreement, Provenance
from .resolved import KIND_TITLES, KINDS
from .urls import addresses, path_of

_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


@dataclass
class Listing:
    """A view's own page and the parts its list is split into (none while it fits on the page)."""

    view: str
    """Which rows its parts show: entities, sources, figures, disagreements, events, tagged,
    changes or corrections (the part template presents each)."""
    index: Part[Any]
    parts: list[Part[Any]]
    one: str
    many: str
    """What an item is called, for the counts of the index."""
    context: dict[str, Any] = field(default_factory=dict)
    """What the part template needs besides the items (What's new: how its dates were found)."""

    def neighbours(self, part: Part[Any]) -> tuple[Part[Any] | None, Part[Any] | None]:
        i = self.parts.index(part)
        return (self.parts[i - 1] if i else None), (self.parts[i + 1] if i + 1 < len(self.parts) else None)


def _index(path: str, title: str) -> Part[Any]:
    return Part("", title, path, [])


def _entity_order(e: resolved.Entity) -> tuple[Any, ...]:
    return _KIND_ORDER[e.kind], paging.by_name(e.name)


def _by_kind_letter(e: resolved.Entity) -> tuple[str, str]:
    slug, title = letter(e.name)
    return f"{KINDS[e.kind]}-{slug}", f"{KIND_TITLES[e.kind]}, {title}"


def kind_index(b: resolved.Briefing, kind: str) -> Listing:
    folder = KINDS[kind]
    entities = sorted(b.of_kind(kind), key=lambda e: paging.by_name(e.name))
    parts = paging.split(entities, group=lambda e: letter(e.name), folder=f"{b.id}/{folder}/by-name",
                         limit=paging.ENTITIES_PER_PAGE, name=lambda e: e.name)
    one = {"force": "force or agency", "mission": "mission", "authority": "legal authority"}[kind]
    many = {"force": "forces and agencies", "mission": "missions", "authority": "legal authorities"}[kind]
    return Listing("entities", _index(f"{b.id}/{folder}/index.md", KIND_TITLES[kind]), parts, one, many)


def outside_sources(b: resolved.Briefing) -> Listing:
    """The outside pages the briefing cites, listed below its documents on the Sources page."""
    pages = sorted(b.outside_sources, key=lambda c: paging.by_name(c.title))
    parts = paging.split(pages, group=lambda c: letter(c.title), folder=f"{b.id}/sources/outside",
                         limit=paging.OUTSIDE_SOURCES_PER_PAGE, name=lambda c: c.title)
    return Listing("outside", _index(f"{b.id}/sources/index.md#outside-sources", "Outside sources"), parts, "outside source",
                   "outside sources")


def sources(b: resolved.Briefing) -> Listing:
    docs = sorted(b.documents.values(), key=lambda d: paging.by_name(d.title))
    parts = paging.split(docs, group=lambda d: letter(d.title), folder=f"{b.id}/sources/by-name",
                         limit=paging.SOURCES_PER_PAGE, name=lambda d: d.title)
    return Listing("sources", _index(f"{b.id}/sources/index.md", "Sources"), parts, "document", "documents")


def figures(b: resolved.Briefing) -> Listing:
    facts = sorted(b.key_figures, key=lambda f: _entity_order(f.subject))
    parts = paging.split(facts, group=lambda f: _by_kind_letter(f.subject), folder=f"{b.id}/figures",
                         limit=paging.FIGURES_PER_PAGE, name=lambda f: f.subject.name, unit=lambda f: f.subject.id)
    return Listing("figures", _index(f"{b.id}/figures.md", "Key figures"), parts, "figure", "figures")


def disagreements(b: resolved.Briefing, provenance: Provenance) -> Listing:
    found: list[Disagreement] = sorted((d for _, ds in provenance.disagreements_by_entity for d in ds),
                                       key=lambda d: _entity_order(d.entity))
    parts = paging.split(found, group=lambda d: _by_kind_letter(d.entity), folder=f"{b.id}/disagreements",
                         limit=paging.DISAGREEMENT_ROWS_PER_PAGE, name=lambda d: d.entity.name,
                         unit=lambda d: d.entity.id, weight=lambda d: len(d.rows))
    return Listing("disagreements", _index(f"{b.id}/disagreements.md", "Where sources disagree"), parts,
                   "disagreement", "disagreements")


def timeline(b: resolved.Briefing) -> Listing:
    """The timeline's parts, by month; each event learns the page it is on, for every link to it."""
    parts = paging.split(b.events, group=lambda ev: month(ev.date), folder=f"{b.id}/timeline",
                         limit=paging.EVENTS_PER_PAGE, name=lambda ev: "")
    for part in parts:
        for ev in part.items:
            ev.page = part.path
    if not parts:
        for ev in b.events:
            ev.page = ""
    return Listing("events", _index(f"{b.id}/timeline.md", "Timeline"), parts, "event", "events")


def questions(b: resolved.Briefing) -> Listing:
    """Open questions, then answered ones, as the page lists them; each learns the page it is on."""
    shown = [*b.open_questions, *(q for q in b.questions if q.model.status != "open")]
    parts = paging.split(shown, group=lambda q: ("open", "Still open") if q.model.status == "open" else ("answered", "Answered"),
                         folder=f"{b.id}/questions", limit=paging.QUESTIONS_PER_PAGE, name=lambda q: "")
    for q in shown:
        q.page = ""
    for part in parts:
        for q in part.items:
            q.page = part.path
    return Listing("questions", _index(f"{b.id}/questions.md", "Open questions"), parts, "question", "questions")


def tags(b: resolved.Briefing) -> tuple[Listing, dict[str, list[Part[Any]]]]:
    """A page per tag once the tags page would list more than a page's worth of links; the tags
    page then lists the tags, each keeping its anchor there, so that links to it still land."""
    groups = b.tag_groups
    per_tag: dict[str, list[Part[Any]]] = {}
    if sum(len(g.entities) for g in groups) > paging.TAGGED_PER_PAGE:
        for g in groups:
            per_tag[g.anchor] = paging.split(g.entities, group=lambda e, g=g: (g.anchor, g.tag), folder=f"{b.id}/tags",
                                             limit=paging.TAGGED_PER_PAGE, name=lambda e: e.name, always=True)
    parts = [p for ps in per_tag.values() for p in ps]
    return Listing("tagged", _index(f"{b.id}/tags.md", "Tags"), parts, "force, mission or authority",
                   "forces, missions and authorities"), per_tag


def whats_new(b: resolved.Briefing, changes: Changes, page: str) -> Listing:
    parts = paging.split(changes.items, group=lambda c: paging.day_month(c.day), folder=f"{b.id}/whats-new",
                         limit=paging.CHANGES_PER_PAGE, name=lambda c: "")
    by_part = {p.slug: dataclasses.replace(changes, items=p.items) for p in parts}
    return Listing("changes", _index(f"{b.id}/{page}", "What's new"), parts, "change", "changes", {"by_part": by_part})


def corrections(b: resolved.Briefing) -> Listing:
    parts = paging.split(b.corrections, group=lambda c: month(c[0]), folder=f"{b.id}/corrections",
                         limit=paging.CHANGES_PER_PAGE, name=lambda c: "")
    return Listing("corrections", _index(f"{b.id}/corrections.md", "Corrections"), parts, "correction", "corrections")


MOVED_ANCHORS = "anchors.json"
"""In the folder of a list's parts: the part each of its anchors is on now, for an address saved
while the list was one page (``timeline/#ev-1``)."""


def anchors_file(part: str) -> str:
    """The path of :data:`MOVED_ANCHORS` beside the page ``part`` of a split list."""
    return f"{posixpath.dirname(part)}/{MOVED_ANCHORS}"


def moved_anchors(things: list[Any], *, directory_urls: bool) -> tuple[str, dict[str, str]]:
    """The path of :data:`MOVED_ANCHORS` for ``things`` (which are on parts), and its content:
    each one's anchor and its address, relative, so that it holds wherever the site is served."""
    path = anchors_file(path_of(things[0]).partition("#")[0])
    where = addresses(path, directory_urls=directory_urls)
    return path, {path_of(t).partition("#")[2]: where(t) for t in things}

"""A briefing after validation: every reference resolved to the object it names.

This is what templates see. Relations are computed here in both directions, dates are resolved
and each citation knows its highlighted passage, so that no template has to work anything out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from . import model
from .dates import PartialDate
from .errors import Problem
from .fingerprint import Changed
from .quotes import Normalised

KINDS = {kind: model.KIND_FILES[kind].removesuffix(".yml") for kind in model.ENTITY_KINDS}
"""Entity kinds and the folder (and YAML file stem) of each."""
KIND_TITLES = {"force": "Forces and agencies", "mission": "Missions and operations", "authority": "Legal authorities"}


RELATIONS = [
    # (kind, field, kind it names, label on the entity's page, label on the named entity's page)
    ("force", "parent", "force", "Part of", "Units and components"),
    ("force", "missions", "mission", "Missions", "Forces"),
    ("force", "authorities", "authority", "Legal authorities", "Forces acting under it"),
    ("mission", "lead", "force", "Led by", "Leads"),
    ("mission", "forces", "force", "Forces", "Missions"),
    ("mission", "supports", "force", "Supports", "Supported by"),
    ("mission", "authorities", "authority", "Legal authorities", "Missions under it"),
]
"""Every reference between entities; each is shown on both pages, whichever side wrote it."""


@dataclass(eq=False)
class Quote:
    """A passage of a document that something cites, highlighted on the document's page."""

    anchor: str
    start: int
    end: int
    text: str
    citers: list[Fact | Event | Question] = field(default_factory=list)


@dataclass(eq=False)
class Document:
    """A source document, its text kept exactly as published."""

    id: str
    briefing_id: str
    meta: model.DocumentMeta
    body: str
    source: str
    quotes: dict[str, Quote] = field(default_factory=dict)
    changed: list[Changed] = field(default_factory=list)
    """Paragraphs changed since the text was fingerprinted (``sha256``); empty when it is intact."""

    def __repr__(self) -> str:  # its whole text, in every failing test's report, is no help
        return f"Document({self.briefing_id}/{self.id})"

    @cached_property
    def normalised(self) -> Normalised:
        return Normalised(self.body)

    @property
    def title(self) -> str:
        return self.meta.title

    def quotes_in_order(self) -> list[Quote]:
        return sorted(self.quotes.values(), key=lambda q: (q.start, q.end))

    def citers(self) -> list[Fact | Event | Question]:
        """Everything that cites this document, once each, in the order of its passages."""
        seen: dict[int, Fact | Event | Question] = {}
        for quote in self.quotes_in_order():
            for citer in quote.citers:
                seen.setdefault(id(citer), citer)
        return list(seen.values())


@dataclass(eq=False)
class Citation:
    """One source of a fact, event or question: a passage of a document, or an outside page."""

    document: Document | None
    quote: Quote | None
    url: str | None
    title: str
    quote_text: str | None
    publisher: str | None
    published: PartialDate | None

    @property
    def verified(self) -> bool:
        """True when the build has found the quoted words in the document."""
        return self.quote is not None

    @property
    def label(self) -> str:
        return self.publisher or self.title


@dataclass(eq=False)
class Fact:
    """One claim about an entity, with its sources."""

    text: str
    figure: model.Figure | None
    as_of: PartialDate | None
    citations: list[Citation]
    subject: Entity
    anchor: str
    where: tuple[str, int, int] = ("", 1, 1)
    """File, line and column of the fact in its YAML, for warnings about it after validation."""
    model: model.Fact | None = None
    """The fact as written; ``None`` for one made by hand, which has no id and no corrections."""

    @property
    def id(self) -> str | None:
        """The analyst's id, which the anchor is; ``None`` while the anchor comes from the words."""
        return self.model.id if self.model is not None else None

    @property
    def retracted(self) -> model.Correction | None:
        return self.model.retracted if self.model is not None else None

    @property
    def corrections(self) -> list[model.Correction]:
        return self.model.corrections if self.model is not None else []


@dataclass(eq=False)
class Relation:
    """A labelled list of related entities, e.g. a mission's forces."""

    label: str
    entities: list[Entity]


@dataclass(frozen=True, eq=False)
class Link:
    """One connection for the relationship diagram, always written force → mission → authority
    (or unit → the force it is part of), whichever side the analyst wrote it on."""

    source: Entity
    target: Entity
    kind: str
    """``part-of``, ``takes-part``, ``leads``, ``supports`` (the mission supports the force) or ``acts-under``."""


_LINK_FIELDS = {
    ("force", "parent"): ("part-of", False), ("force", "missions"): ("takes-part", False),
    ("force", "authorities"): ("acts-under", False), ("mission", "lead"): ("leads", True),
    ("mission", "forces"): ("takes-part", True), ("mission", "supports"): ("supports", True),
    ("mission", "authorities"): ("acts-under", False),
}
"""(kind, field) → (kind of link, whether the named entity comes first)."""


@dataclass(eq=False)
class Entity:
    """A force, mission or legal authority."""

    kind: str
    briefing_id: str
    model: model.Entity
    source: str
    facts: list[Fact] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    locate: Callable[[tuple[str | int, ...]], tuple[int, int]] | None = field(default=None, repr=False)
    """Line and column of a key of its YAML entry (``("authorities", 0)``), for warnings after validation."""

    def __repr__(self) -> str:
        # by name only: entities, facts and relations point at one another, and the default repr
        # follows every path through them (gigabytes for a large briefing in a failing assertion)
        return f"Entity({self.briefing_id}/{self.model.id})"

    @property
    def id(self) -> str:
        return self.model.id

    def where(self, *key: str | int) -> tuple[str, int, int]:
        """File, line and column of ``key`` in the entity's entry (of the entry when it has no such key)."""
        return (self.source, *(self.locate(key) if self.locate else (1, 1)))

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def short(self) -> str | None:
        return self.model.short

    @property
    def folder(self) -> str:
        return KINDS[self.kind]

    @property
    def current_facts(self) -> list[Fact]:
        """The facts that still stand: a retracted one stays on the page but counts nowhere else."""
        return [f for f in self.facts if f.retracted is None]


@dataclass(eq=False)
class Event:
    """A dated event; ``date`` is resolved, ``derived_from`` says from what when it was counted."""

    briefing_id: str
    model: model.Event
    date: PartialDate
    derived_from: tuple[Event, int] | None
    entities: list[Entity]
    citations: list[Citation]
    where: tuple[str, int, int] = ("", 1, 1)
    """File, line and column of the event in its YAML."""
    page: str = ""
    """The timeline's page of its month when the timeline is split (:mod:`generator.listings`)."""

    @property
    def id(self) -> str:
        return self.model.id


def event_order(event: Event) -> tuple[object, ...]:
    """Events in date order, an imprecise date after the dated events of its period (see
    :meth:`PartialDate.chronological`); events of one date stay in the order they were written."""
    return event.date.chronological()


@dataclass(eq=False)
class Question:
    """What is not yet known, or has since been answered."""

    briefing_id: str
    model: model.Question
    entities: list[Entity]
    citations: list[Citation]
    where: tuple[str, int, int] = ("", 1, 1)
    """File, line and column of the question in its YAML."""
    page: str = ""
    """The page of Open questions it is on when that list is split (:mod:`generator.listings`)."""

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(eq=False)
class TagGroup:
    """The entities that carry one tag; ``anchor`` is the tag's id on the briefing's tags page."""

    tag: str
    anchor: str
    entities: list[Entity]

    @property
    def by_kind(self) -> list[tuple[str, list[Entity]]]:
        """The entities of each kind that carry the tag, kinds in the order of :data:`KINDS`."""
        return [(kind, found) for kind in KINDS if (found := [e for e in self.entities if e.kind == kind])]


@dataclass(eq=False)
class Briefing:
    """One topic: its documents and everything curated from them."""

    id: str
    meta: model.BriefingMeta
    source: str
    documents: dict[str, Document]
    entities: dict[str, Entity]
    events: list[Event]
    questions: list[Question]
    warnings: list[Problem] = field(default_factory=list)
    """What does not stop a build but the analyst should see, such as a quote found more than once."""

    def __repr__(self) -> str:
        return f"Briefing({self.id}: {len(self.entities)} entities, {len(self.documents)} documents)"

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]

    @property
    def facts(self) -> list[Fact]:
        return [f for e in self.entities.values() for f in e.facts]

    @property
    def current_facts(self) -> list[Fact]:
        return [f for e in self.entities.values() for f in e.current_facts]

    @property
    def key_figures(self) -> list[Fact]:
        return [f for f in self.current_facts if f.figure is not None]

    @property
    def corrections(self) -> list[tuple[PartialDate, Fact, model.Correction, bool]]:
        """Every correction and retraction, newest first: (date, fact, note, whether a retraction)."""
        found = [(c.date, f, c, False) for f in self.facts for c in f.corrections]
        found += [(f.retracted.date, f, f.retracted, True) for f in self.facts if f.retracted is not None]
        return sorted(found, key=lambda x: x[0].to_date(), reverse=True)

    @property
    def open_questions(self) -> list[Question]:
        return [q for q in self.questions if q.model.status == "open"]

    @cached_property
    def abbreviations(self) -> dict[str, str]:
        """Short name → full name, for tooltips wherever a short name appears."""
        return {e.short: e.name for e in self.entities.values() if e.short}

    @cached_property
    def tag_groups(self) -> list[TagGroup]:
        """Entities by tag, tags in alphabetical order; tags differing only in case or spacing are one.

        Within a tag, forces come first, then missions, then authorities, each kind by name.
        """
        groups: dict[str, TagGroup] = {}
        order = list(KINDS)
        for e in sorted(self.entities.values(), key=lambda e: (order.index(e.kind), e.name.casefold())):
            for tag in dict.fromkeys(" ".join(t.split()) for t in e.model.tags):
                group = groups.setdefault(tag.casefold(), TagGroup(tag, "", []))
                if e not in group.entities:
                    group.entities.append(e)
        ordered = sorted(groups.values(), key=lambda g: (g.tag.casefold(), g.tag))
        taken: set[str] = set()
        for i, group in enumerate(ordered, 1):
            slug = "tag-" + (re.sub(r"[^a-z0-9]+", "-", group.tag.casefold()).strip("-") or str(i))
            anchor, n = slug, 2
            while anchor in taken:
                anchor, n = f"{slug}-{n}", n + 1
            taken.add(anchor)
            group.anchor = anchor
        return ordered

    def tag_groups_of(self, entity: Entity) -> list[TagGroup]:
        """The tags an entity carries, as groups of the tags page, so that each can link there."""
        return self._groups_by_entity.get(entity.id, [])

    @cached_property
    def _groups_by_entity(self) -> dict[str, list[TagGroup]]:
        """:attr:`tag_groups` from each entity's side, in their order: every entity page asks."""
        out: dict[str, list[TagGroup]] = {}
        for group in self.tag_groups:
            for e in group.entities:
                out.setdefault(e.id, []).append(group)
        return out

    def latest_events(self, n: int = 5) -> list[Event]:
        """The most recent events that may have happened by the briefing's ``updated``, newest
        first. Never the build machine's clock: a briefing reads the same whenever it is built."""
        past = [e for e in self.events if not e.date.surely_after(self.meta.updated)]
        return sorted(past, key=event_order, reverse=True)[:n]

    def coming_up(self, n: int = 5) -> list[Event]:
        """The first events still to come after the briefing's ``updated`` (a deadline), soonest first."""
        return sorted((e for e in self.events if e.date.surely_after(self.meta.updated)), key=event_order)[:n]

    @property
    def counts(self) -> list[tuple[int, str, str]]:
        """How much the briefing holds: (number, singular, plural)."""
        return [
            (len(self.documents), "document", "documents"),
            (len(self.of_kind("force")), "force or agency", "forces and agencies"),
            (len(self.of_kind("mission")), "mission", "missions"),
            (len(self.of_kind("authority")), "legal authority", "legal authorities"),
            (len(self.current_facts), "fact", "facts"),  # a retracted one counts nowhere but its page
            (len(self.events), "event", "events"),
            (len(self.open_questions), "open question", "open questions"),
        ]

    @cached_property
    def links(self) -> list[Link]:
        """Every connection between entities once, in the order of the entities' files; a force
        that leads a mission is not listed again as taking part in it."""
        seen: dict[tuple[str, str, str], Link] = {}
        for e in self.entities.values():
            for (kind, name), (link, reverse) in _LINK_FIELDS.items():
                if e.kind != kind:
                    continue
                value = getattr(e.model, name)
                for ident in value if isinstance(value, list) else [value] if value else []:
                    other = self.entities.get(ident)
                    if other is not None:
                        a, b = (other, e) if reverse else (e, other)
                        seen.setdefault((a.id, b.id, link), Link(a, b, link))
        return [x for x in seen.values() if not (x.kind == "takes-part" and (x.source.id, x.target.id, "leads") in seen)]

    @cached_property
    def link_rank(self) -> dict[int, int]:
        """Each link's place in :attr:`links` (by ``id``), to keep any subset in the same order."""
        return {id(x): i for i, x in enumerate(self.links)}

    @cached_property
    def links_by_entity(self) -> dict[str, list[Link]]:
        """The connections of each entity, either end."""
        out: dict[str, list[Link]] = {}
        for x in self.links:
            out.setdefault(x.source.id, []).append(x)
            if x.target is not x.source:
                out.setdefault(x.target.id, []).append(x)
        return out

    @property
    def outside_sources(self) -> list[Citation]:
        """Outside pages cited anywhere, once per address: these quotes are not checked."""
        seen: dict[str, Citation] = {}
        things: list[Fact | Event | Question] = [*self.facts, *self.events, *self.questions]
        for thing in things:
            for c in thing.citations:
                if c.document is None and c.url:
                    seen.setdefault(c.url, c)
        return list(seen.values())

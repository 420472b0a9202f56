"""JSON-LD on every page: the page in schema.org terms (what it is about, what it cites), for
search engines and reference managers.

Like ``briefing.json`` (:mod:`generator.export`), it does not know where pages live: the
renderer hands in a function that gives the web address of anything a page links to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import model, resolved
from .export import citation_url, dumps
from .provenance import disagreements
from .urls import Where

SCHEMA_TYPES = {"force": "Organization", "mission": "Event", "authority": "Legislation"}
"""The schema.org type of each kind of entity: a mission is something that happens over a time,
at a place, with those who take part, which is what schema.org calls an Event."""


@dataclass(frozen=True)
class PageContext:
    """What the renderer knows about a page that its JSON-LD needs."""

    template: str
    """Which kind of page: the template's key (``entity``, ``source``, ``timeline``, ...)."""
    path: str
    title: str
    description: str
    """One plain line, as in the page's meta description."""
    briefing: resolved.Briefing | None
    briefings: list[resolved.Briefing]
    where: Where
    plain: Callable[[str], str]
    """A Markdown field as one plain line."""
    values: dict[str, Any]
    """The template's own values (``entity``, ``document``, ``entities`` ...)."""


def jsonld_script(page: PageContext) -> str:
    """A ``<script type="application/ld+json">`` block on one line, inert whatever the data holds."""
    return f'<script type="application/ld+json">{dumps(page_jsonld(page))}</script>'


_PART_KINDS = {"entities": "kind_index", "tagged": "kind_index", "sources": "sources", "outside": "outside", "figures": "figures",
               "disagreements": "disagreements", "events": "timeline", "questions": "questions", "corrections": "corrections", "changes": "whats_new"}
"""The page kind whose items a part of a split list (:mod:`generator.listings`) shows."""


def _items(values: dict[str, Any], whole: Callable[[], Any]) -> Any:
    """A part's items, or else the whole list, made only then: the whole of Key figures walks
    every fact of the briefing, and a split list has hundreds of parts (``.get`` would make it for each)."""
    return values["items"] if "items" in values else whole()


def page_jsonld(page: PageContext) -> dict[str, Any]:
    """The page in schema.org terms: what kind of page, what it is about, what it cites."""
    where, b, v = page.where, page.briefing, page.values
    kind = page.template
    node: dict[str, Any] = {"@context": "https://schema.org",
                            "@type": "CollectionPage" if kind in ("home", "kind_index", "sources", "tags") else "WebPage",
                            "@id": where(page.path), "url": where(page.path), "name": page.title,
                            "description": page.description}
    if b is not None and kind != "home":
        node["dateModified"] = b.meta.updated.iso()
        node["isPartOf"] = _report(b, page, full=kind == "overview")
    cited: list[resolved.Citation] = []
    outside = v["outside"].parts if "outside" in v else []  # the Sources page's second list
    if v.get("parts") or outside:  # a list split into pages: this one lists the pages, each of them its items
        node["hasPart"] = [{"@type": "WebPage", "name": part.title, "url": where(part.path)} for part in v.get("parts", [])]
        node["hasPart"] += [{"@type": "WebPage", "name": f"{v['outside'].index.title}: {part.title}", "url": where(part.path)}
                            for part in outside]
        kind = "split" if v.get("parts") else kind
    elif kind == "part":
        kind, v = _PART_KINDS[v["listing"].view], {**v, "items": v["part"].items, "entities": v["part"].items}
    if kind == "home":
        node["mainEntity"] = _item_list([_report(x, page, full=False) for x in page.briefings])
    elif kind == "overview":
        assert b is not None
        node["mainEntity"] = node.pop("isPartOf")
    elif kind in ("figures", "disagreements", "corrections"):
        assert b is not None
        if kind == "figures":
            facts = _items(v, lambda: b.key_figures)
        elif kind == "corrections":
            facts = list({id(f): f for _, f, _, _ in _items(v, lambda: b.corrections)}.values())
        elif "items" in v:
            facts = [f for d in v["items"] for f in d.facts]
        else:
            facts = [f for e in b.entities.values() for d in disagreements(e) for f in d.facts]
        node["mainEntity"] = _item_list([_claim(f, page, about=True) for f in facts])
        cited = [c for f in facts for c in f.citations]
    elif kind == "timeline":
        assert b is not None
        events = _items(v, lambda: b.events)
        node["mainEntity"] = _item_list([_event(ev, page) for ev in events])
        cited = [c for ev in events for c in ev.citations]
    elif kind == "questions":
        assert b is not None
        questions = _items(v, lambda: b.questions)
        node["mainEntity"] = _item_list([_question(q, page) for q in questions])
        cited = [c for q in questions for c in q.citations]
    elif kind == "kind_index":
        node["mainEntity"] = _item_list([_entity(e, page, full=False) for e in v["entities"]])
    elif kind == "entity":
        e: resolved.Entity = v["entity"]
        node["mainEntity"] = _entity(e, page, full=True)
        cited = [c for f in e.facts for c in f.citations]
    elif kind == "sources":
        assert b is not None
        node["mainEntity"] = _item_list([_document(d, page, full=False) for d in _items(v, lambda: b.documents.values())])
    elif kind == "source":
        node["mainEntity"] = _document(v["document"], page, full=True)
    elif kind == "outside":
        cited = list(v["items"])
    if cited:
        node["citation"] = _citations(cited, page)
    return node


def _report(b: resolved.Briefing, page: PageContext, *, full: bool) -> dict[str, Any]:
    """The briefing as a whole: a report, kept up to date, whose pages these are."""
    node: dict[str, Any] = {"@type": "Report", "@id": page.where(b, "briefing"), "name": b.meta.title, "url": page.where(b)}
    if full:
        node.update({"abstract": page.plain(b.meta.summary), "dateModified": b.meta.updated.iso()})
        if b.meta.tags:
            node["keywords"] = list(b.meta.tags)
    return node


def _item_list(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@type": "ItemList", "numberOfItems": len(items),
            "itemListElement": [{"@type": "ListItem", "position": i, "item": item} for i, item in enumerate(items, 1)]}


def _ref(e: resolved.Entity, page: PageContext) -> dict[str, Any]:
    return {"@type": SCHEMA_TYPES[e.kind], "@id": page.where(e, "entity"), "name": e.name, "url": page.where(e)}


def _entity(e: resolved.Entity, page: PageContext, *, full: bool) -> dict[str, Any]:
    node = _ref(e, page)
    if not full:
        return node
    m = e.model
    node["identifier"] = e.id
    names = [n for n in (e.short, *m.aliases) if n]
    if names:
        node["alternateName"] = names
    node["description"] = page.plain(m.summary)
    if m.tags:
        node["keywords"] = list(m.tags)
    if e.facts:
        node["subjectOf"] = [_claim(f, page) for f in e.facts]
    links = page.briefing.links_by_entity.get(e.id, []) if page.briefing is not None else []

    def linked(kind: str, *, to_this: bool) -> list[resolved.Entity]:
        return [x.source if to_this else x.target for x in links if x.kind == kind and (x.target if to_this else x.source) is e]

    if isinstance(m, model.Force):
        if m.based_at:
            node["location"] = m.based_at
        _put(node, "parentOrganization", linked("part-of", to_this=False), page)
        _put(node, "subOrganization", linked("part-of", to_this=True), page)
    elif isinstance(m, model.Mission):
        if m.started:
            node["startDate"] = m.started.iso()
        if m.ended:
            node["endDate"] = m.ended.iso()
        if m.location:
            node["location"] = {"@type": "Place", "name": m.location}
        _put(node, "organizer", linked("leads", to_this=True), page)
        _put(node, "attendee", linked("takes-part", to_this=True), page)
    elif isinstance(m, model.Authority):
        if m.citation:
            node["legislationIdentifier"] = m.citation
        if m.type:
            node["legislationType"] = m.type.replace("-", " ")
        if m.text_url:
            node["sameAs"] = m.text_url
    return node


def _put(node: dict[str, Any], key: str, entities: list[resolved.Entity] | None, page: PageContext) -> None:
    if entities:
        refs = [_ref(o, page) for o in entities]
        node[key] = refs[0] if len(refs) == 1 else refs


def _event(ev: resolved.Event, page: PageContext) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Event", "@id": page.where(ev), "name": ev.model.title, "startDate": ev.date.iso(),
                            "url": page.where(ev)}
    if ev.model.summary:
        node["description"] = page.plain(ev.model.summary)
    if ev.entities:
        node["about"] = [_ref(e, page) for e in ev.entities]
    return node


def _question(q: resolved.Question, page: PageContext) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Question", "@id": page.where(q), "name": q.model.question, "url": page.where(q),
                            "answerCount": 1 if q.model.answer else 0}
    if q.model.status == "answered" and q.model.answer:
        node["acceptedAnswer"] = {"@type": "Answer", "text": page.plain(q.model.answer)}
    if q.entities:
        node["about"] = [_ref(e, page) for e in q.entities]
    return node


def _document(d: resolved.Document, page: PageContext, *, full: bool) -> dict[str, Any]:
    """A source document. Its ``url`` is our copy, where the cited passages are highlighted; the
    address it was published at, when known, is ``sameAs``."""
    m = d.meta
    node: dict[str, Any] = {"@type": "CreativeWork", "@id": page.where(d, "document"), "name": m.title, "url": page.where(d)}
    if m.url:
        node["sameAs"] = m.url
    if m.publisher:
        node["publisher"] = {"@type": "Organization", "name": m.publisher}
    if m.published:
        node["datePublished"] = m.published.iso()
    if full:
        if m.author:
            node["author"] = {"@type": "Person", "name": m.author}
        if m.license:
            node["license"] = m.license
    return node


def _citations(cited: list[resolved.Citation], page: PageContext) -> list[dict[str, Any]]:
    """Each source the page cites, once."""
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    for c in cited:
        out.setdefault((citation_url(c, page.where), c.quote_text), _cited(c, page))
    return list(out.values())


def _cited(c: resolved.Citation, page: PageContext, *, ref: bool = False) -> dict[str, Any]:
    """A source: the quoted passage, in the work it comes from (or the outside page, unquoted).

    A passage of our copy of a document is known by its address; with ``ref``, only that is given
    (the page's ``citation`` list describes it once)."""
    url = citation_url(c, page.where)
    if c.document is not None and c.quote is not None:
        if ref:
            return {"@id": url}
        return {"@type": "Quotation", "@id": url, "text": c.quote_text, "url": url, "isPartOf": _document(c.document, page, full=False)}
    work = {"@type": "CreativeWork", "name": c.title, "url": url}
    if c.publisher:
        work["publisher"] = {"@type": "Organization", "name": c.publisher}
    if c.published:
        work["datePublished"] = c.published.iso()
    return {"@type": "Quotation", "text": c.quote_text, "url": url, "isPartOf": work} if c.quote_text else work


def _claim(f: resolved.Fact, page: PageContext, *, about: bool = False) -> dict[str, Any]:
    """A fact: a claim about an entity, true as of a date, that appears in its sources."""
    node: dict[str, Any] = {"@type": "Claim", "@id": page.where(f), "text": f.text, "url": page.where(f)}
    if about:
        node["about"] = _ref(f.subject, page)
    if f.as_of is not None:
        node["temporalCoverage"] = f.as_of.iso()
    node["appearance"] = [_cited(c, page, ref=True) for c in f.citations]
    notes = [("Corrected", c) for c in f.corrections] + ([("Retracted", f.retracted)] if f.retracted else [])
    if notes:
        node["correction"] = [{"@type": "CorrectionComment", "text": f"{what}: {c.note}", "datePublished": c.date.iso()}
                              for what, c in notes]
    return node

"""The briefings as data for machines: ``<briefing>/briefing.json`` (JSON-LD is :mod:`generator.jsonld`).

``briefing.json`` holds everything a briefing's pages show, with the ids the pages use as anchors
(entity, event and question ids, ``fact.anchor``, quote anchors), so that another program can
cite a fact or a passage as precisely as a reader can. It does not know where pages live: the
renderer hands in a function that gives the web address of anything a page links to, seen from
the file being written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import model, resolved
from .dates import PartialDate
from .resolved import RELATIONS
from .urls import Where

FORMAT_VERSION = 1
"""Raised when a key of ``briefing.json`` changes meaning or goes; new keys keep it."""


_UNSAFE_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps(data: Any, *, indent: int | None = None) -> str:
    """JSON that no string in it can end a ``<script>`` element (or be sniffed as HTML): ``<``,
    ``>`` and ``&`` are written as ``\\u003c`` and so on, which every JSON parser reads back."""
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators).translate(_UNSAFE_IN_HTML)


# briefing.json ---------------------------------------------------------------------------

def briefing_json(briefing: resolved.Briefing, where: Where) -> str:
    """Everything in one briefing; ``where`` gives addresses relative to the JSON file (or absolute)."""
    data = {
        "version": FORMAT_VERSION,
        "id": briefing.id,
        "title": briefing.meta.title,
        "summary": briefing.meta.summary,
        "updated": _date(briefing.meta.updated),
        "tags": list(briefing.meta.tags),
        "url": where(briefing),
        "entities": [_entity_data(e, where) for e in briefing.entities.values()],
        "facts": [_fact_data(f, where) for f in briefing.facts],
        "events": [_event_data(ev, where) for ev in briefing.events],
        "questions": [_question_data(q, where) for q in briefing.questions],
        "documents": [_document_data(d, where) for d in briefing.documents.values()],
    }
    return _record_per_line(data)


def _record_per_line(data: dict[str, Any]) -> str:
    """The JSON with each entity, fact, event ... on a line of its own: easy to read, grep and
    diff, and written by the json module's C encoder, which an ``indent`` would turn off (ten
    times slower on a large briefing)."""
    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(dumps(item) for item in value)
            lines.append(f"  {dumps(key)}: [\n    {items}\n  ]")
        else:
            lines.append(f"  {dumps(key)}: {dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _date(date: PartialDate | None) -> dict[str, str] | None:
    """A date at the precision it was written: ``{"iso": "2025-01", "precision": "month"}``."""
    return {"iso": date.iso(), "precision": date.precision} if date is not None else None


def _value(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return _date(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    return value


_RELATION_FIELDS = {"see_also", *(f for _, f, *_ in RELATIONS)}
"""Fields naming other entities: exported resolved, both ways, as ``relations``."""
_ENTITY_FIELDS = {"id", "name", "short", "aliases", "summary", "tags", "facts"}


def _key(label: str) -> str:
    """A relation's label as a key: ``Units and components`` → ``units_and_components``."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _entity_data(e: resolved.Entity, where: Where) -> dict[str, Any]:
    m = e.model
    details = {name: _value(getattr(m, name)) for name in type(m).model_fields
               if name not in _ENTITY_FIELDS | _RELATION_FIELDS}
    return {
        "id": e.id, "kind": e.kind, "name": e.name, "short": e.short, "aliases": list(m.aliases), "summary": m.summary,
        "tags": list(m.tags), "url": where(e), "details": details,
        "relations": {_key(r.label): [o.id for o in r.entities] for r in e.relations},
        "facts": [f.anchor for f in e.facts], "events": [ev.id for ev in e.events], "questions": [q.id for q in e.questions],
    }


def citation_url(c: resolved.Citation, where: Where) -> str:
    """Where a citation leads: its passage highlighted in our copy of the document, or the outside page."""
    if c.document is not None and c.quote is not None:
        return where(c.document, c.quote.anchor)
    return c.url or ""


def _citation_data(c: resolved.Citation, where: Where) -> dict[str, Any]:
    return {
        "verified": c.verified,
        "document": c.document.id if c.document is not None else None,
        "quote": c.quote.anchor if c.quote is not None else None,
        "text": c.quote_text,
        "url": citation_url(c, where),
        "source_url": c.document.meta.url if c.document is not None else c.url,
        "title": c.title,
        "publisher": c.publisher,
        "published": _date(c.published),
    }


def _fact_data(f: resolved.Fact, where: Where) -> dict[str, Any]:
    figure = None
    if f.figure is not None:
        figure = {"value": _value(f.figure.value), "unit": f.figure.unit, "approx": f.figure.approx}
    return {"id": f.anchor, "entity": f.subject.id, "text": f.text, "figure": figure, "as_of": _date(f.as_of),
            "url": where(f), "citations": [_citation_data(c, where) for c in f.citations],
            "retracted": _correction_data(f.retracted) if f.retracted else None,
            "corrections": [_correction_data(c) for c in f.corrections]}


def _correction_data(c: model.Correction) -> dict[str, Any]:
    return {"date": _date(c.date), "note": c.note}


def _event_data(ev: resolved.Event, where: Where) -> dict[str, Any]:
    derived = {"after": ev.derived_from[0].id, "days": ev.derived_from[1]} if ev.derived_from else None
    return {"id": ev.id, "title": ev.model.title, "date": _date(ev.date), "derived_from": derived, "kind": ev.model.kind,
            "summary": ev.model.summary, "entities": [e.id for e in ev.entities], "url": where(ev),
            "citations": [_citation_data(c, where) for c in ev.citations]}


def _question_data(q: resolved.Question, where: Where) -> dict[str, Any]:
    return {"id": q.id, "question": q.model.question, "status": q.model.status, "answer": q.model.answer,
            "entities": [e.id for e in q.entities], "url": where(q),
            "citations": [_citation_data(c, where) for c in q.citations]}


def _citer(thing: resolved.Fact | resolved.Event | resolved.Question) -> dict[str, str]:
    if isinstance(thing, resolved.Fact):
        return {"fact": thing.anchor, "entity": thing.subject.id}
    return {"event" if isinstance(thing, resolved.Event) else "question": thing.id}


def _document_data(d: resolved.Document, where: Where) -> dict[str, Any]:
    m = d.meta
    return {
        "id": d.id, "title": m.title, "publisher": m.publisher, "author": m.author, "source_url": m.url,
        "published": _date(m.published), "retrieved": _date(m.retrieved), "license": m.license,
        "inferred": list(m.inferred), "notes": m.notes, "url": where(d),
        "quotes": [{"id": q.anchor, "text": q.text, "url": where(d, q.anchor), "cited_by": [_citer(c) for c in q.citers]}
                   for q in d.quotes_in_order()],
    }

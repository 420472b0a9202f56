"""Linking what was resolved: every relation shown from both sides, events and questions listed
on the entities they concern."""

from __future__ import annotations

from . import resolved
from .resolved import RELATIONS


def relate(entities: dict[str, resolved.Entity], events: list[resolved.Event], questions: list[resolved.Question]) -> None:
    """Every relation shown from both sides, whichever side the analyst wrote it on."""
    rel: dict[str, dict[str, dict[str, resolved.Entity]]] = {i: {} for i in entities}

    def add(a: str, label: str, b: str) -> None:
        rel[a].setdefault(label, {})[b] = entities[b]

    for e in entities.values():
        for other in e.model.see_also:
            add(e.id, "See also", other)
            add(other, "See also", e.id)
        for kind, name, _, label, back in RELATIONS:
            if e.kind != kind:
                continue
            value = getattr(e.model, name)
            for other in value if isinstance(value, list) else [value] if value else []:
                add(e.id, label, other)
                add(other, back, e.id)
    order = ["Part of", "Units and components", "Led by", "Leads", "Forces", "Missions", "Supports", "Supported by",
             "Legal authorities", "Forces acting under it", "Missions under it", "See also"]
    for ident, labels in rel.items():
        entity = entities[ident]
        # a force that leads a mission is listed under "Led by", not again under "Forces"
        if "Led by" in labels and "Forces" in labels:
            for lead in labels["Led by"]:
                labels["Forces"].pop(lead, None)
        if "Leads" in labels and "Missions" in labels:
            for led in labels["Leads"]:
                labels["Missions"].pop(led, None)
        # "See also" only adds what no other relation shows
        for label, others in labels.items():
            if label != "See also":
                for other in others:
                    labels.get("See also", {}).pop(other, None)
        entity.relations = [resolved.Relation(label, list(labels[label].values())) for label in order if labels.get(label)]
    for ev in events:
        for e in ev.entities:
            e.events.append(ev)
    for q in questions:
        for e in q.entities:
            e.questions.append(q)


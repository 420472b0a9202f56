"""A briefing's changes as an Atom 1.0 feed (RFC 4287), ``<briefing>/feed.xml``.

One entry per fact, event, question or document, not per page: its id is made from what it is
(the fact's permalink anchor, the event's id ...), so it stays the same from build to build,
and its ``updated`` is its latest change, so that a feed reader shows a corrected or retracted
fact again. What is not yet committed has no date to give and waits for its commit.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from . import resolved
from .changes import Change, Changes, at_midnight
from .numbers import format_figure
from .urls import Where

ATOM = "http://www.w3.org/2005/Atom"
_NAMESPACE = uuid.UUID("6f1c3d0e-9a43-4b8e-8a59-2f7b9e0c1d55")
"""Fixed, so that the same thing gets the same entry id in every build and on every machine."""



def entry_id(briefing: resolved.Briefing, thing: object) -> str:
    """A stable URN for a fact (by its permalink anchor), event, question or document."""
    if isinstance(thing, resolved.Fact):
        key = f"fact/{thing.subject.id}/{thing.anchor}"
    elif isinstance(thing, resolved.Document):
        key = f"document/{thing.id}"
    else:
        key = f"{type(thing).__name__.lower()}/{getattr(thing, 'id')}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{briefing.id}/{key}')}"


def describe(thing: object) -> str:
    """What the thing says, in one line."""
    if isinstance(thing, resolved.Fact):
        figure = f"{format_figure(thing.figure)}: " if thing.figure is not None else ""
        return f"{figure}{thing.text} ({thing.subject.name})"
    if isinstance(thing, resolved.Event):
        return f"{thing.date.human()}: {thing.model.title}"
    if isinstance(thing, resolved.Question):
        return thing.model.question
    assert isinstance(thing, resolved.Document)
    return thing.title


def title(change: Change) -> str:
    return f"{change.label}: {describe(change.thing)}"


def _time(when: dt.datetime) -> str:
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def atom(briefing: resolved.Briefing, changes: Changes, where: Where, *, page: str) -> str:
    """The feed; ``where`` gives the address of anything seen from ``feed.xml``, ``page`` is the
    What's new page's path."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    entries = [(last, first) for last, first in changes.latest() if last.when is not None]
    newest = max((last.when for last, _ in entries if last.when), default=at_midnight(briefing.meta.updated))
    sub(feed, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, briefing.id)}")
    sub(feed, "title", f"{briefing.meta.title}: what's new")
    sub(feed, "updated", _time(newest))
    sub(feed, "link", rel="self", type="application/atom+xml", href=where(f"{briefing.id}/feed.xml"))
    sub(feed, "link", rel="alternate", type="text/html", href=where(page))
    sub(sub(feed, "author"), "name", f"The editors of {briefing.meta.title}")
    for last, first in entries:
        assert last.when is not None
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(briefing, last.thing))
        sub(entry, "title", title(last))
        sub(entry, "link", rel="alternate", type="text/html", href=where(last.thing))
        sub(entry, "updated", _time(last.when))
        if first.when is not None:
            sub(entry, "published", _time(min(first.when, last.when)))
        summary = describe(last.thing) + (f" ({last.how} on {last.when.date().isoformat()}: {last.note})" if last.note else "")
        sub(entry, "summary", summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"

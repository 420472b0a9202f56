"""A new briefing's folder, for `briefing new`: every file in place, each naming its JSON Schema
and showing a commented example, and valid as it stands, so that the site builds at once."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from . import model, schema
from .locate import CommandError

EXAMPLE_DOCUMENT = "example-news-2025-01-22"
"""The document the commented examples cite, as `briefing add-document` would name it."""

_EXAMPLES: dict[str, str] = {
    "forces.yml": """\
# Forces and agencies, each an entry starting with "- id:". For example (remove the "# " of each
# line to use it; the quote must be words of the cited document):
#
# - id: jtf-north
#   name: Joint Task Force-North
#   short: JTF-N
#   component: active-duty
#   summary: >-
#     The joint task force that supports border security along the southern border.
#   missions: [border-support]
#   facts:
#     - text: About 2,200 active-duty troops serve at the border under JTF-North.
#       figure: {value: 2200, unit: troops, approx: true}
#       cite:
#         doc: example-news-2025-01-22
#         quote: about 2,200 active-duty forces already at the border
""",
    "missions.yml": """\
# Missions and operations. For example:
#
# - id: border-support
#   name: Southern border support mission
#   lead: jtf-north
#   status: active
#   started: 2025-01
#   summary: >-
#     Detection, monitoring and logistics in support of [[jtf-north]]'s partners.
#   tasks: [detection and monitoring, logistics]
""",
    "authorities.yml": """\
# Legal authorities: statutes, executive orders, proclamations ... For example:
#
# - id: insurrection-act
#   name: Insurrection Act
#   citation: 10 U.S.C. §§ 251–255
#   type: statute
#   status: under-consideration
#   summary: >-
#     Allows the use of active-duty troops for law enforcement at home.
""",
    "events.yml": """\
# Dated events of the timeline, each with its source. For example:
#
# - id: troops-ordered
#   date: 2025-01-21
#   title: More active-duty troops ordered to the border
#   entities: [jtf-north]
#   cite: {doc: example-news-2025-01-22, quote: signed the order late on Tuesday}
# - id: decision-due
#   date: {after: troops-ordered, days: 90}
#   kind: deadline
#   title: Decision due on invoking the Insurrection Act
#   entities: [insurrection-act]
#   cite: {doc: example-news-2025-01-22, quote: decide within 90 days whether to invoke the Insurrection Act}
""",
    "questions.yml": """\
# What is not yet known. For example:
#
# - id: which-units
#   question: Which units are being ordered to the border?
#   status: open
#   entities: [jtf-north]
#   cite: {doc: example-news-2025-01-22, quote: not yet clear which specific units are being ordered}
""",
}


def check_id(ident: str) -> str:
    """``ident`` if it is a valid briefing id, else :class:`CommandError` saying why not."""
    try:
        return TypeAdapter(model.Id).validate_python(ident)
    except ValidationError as e:
        raise CommandError(e.errors()[0]["msg"]) from None


def new_briefing(briefings: Path, ident: str, title: str | None = None, *, today: dt.date | None = None) -> list[Path]:
    """Create ``briefings/<ident>/`` and its files, and the JSON Schemas beside ``briefings`` when
    they are missing; returns what was written. An existing folder is never touched."""
    check_id(ident)
    folder = briefings / ident
    if folder.exists():
        raise CommandError(f"{folder.as_posix()} already exists; a new briefing needs a new id")
    schemas = briefings.parent / "schemas"
    written: list[Path] = []
    if not all((schemas / name).is_file() for name in schema.schemas()):
        written += schema.write(schemas)
    relative = Path(os.path.relpath(schemas, folder)).as_posix()
    title = title or ident.replace("-", " ").capitalize()
    files = {"briefing.yml": _briefing_yml(title, today or dt.date.today()), **_EXAMPLES}
    (folder / "documents").mkdir(parents=True)
    for name, body in files.items():
        kind = name.removesuffix(".yml")
        path = folder / name
        path.write_text(f"# yaml-language-server: $schema={relative}/{kind}.schema.json\n{body}", encoding="utf-8")
        written.append(path)
    return written


def _briefing_yml(title: str, today: dt.date) -> str:
    quoted = title.replace("'", "''")
    return f"""\
# The briefing: its title, a summary in Markdown, and the date of its latest information.
# Add documents with `briefing add-document FILE --briefing <id>`, then facts citing them.
title: '{quoted}'
summary: >-
  What this briefing follows, in a sentence or two. (Replace this text.)
updated: {today.isoformat()}
tags: []
"""

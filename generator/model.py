"""The authoring format as typed models: what each YAML file and front matter may hold.

These models check one file at a time (types, required and unknown keys, ids, dates); references
between files are checked by :mod:`generator.validation`. Field docstrings are the reference that
the JSON Schema and the docs are made from.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .values import (  # noqa: F401  (the checks of single values, named here as part of the format)
    ID_PATTERN,
    RESERVED_IDS,
    Date,
    FigureValue,
    Flag,
    Id,
    Markdown,
    ParagraphDigest,
    Sha256,
    Text,
    Url,
    WholeNumber,
    _kind,
    _listify,
    id_hint,
)

_EMPTY: Any = Field(default_factory=list, json_schema_extra={"default": []})
"""An empty list by default, made afresh rather than deep-copied from one (pydantic's way with `= []`)."""


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key must never be dropped silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True, use_attribute_docstrings=True)


class DocSource(Strict):
    """A passage of one of the briefing's documents."""

    doc: Id
    """Id of the document: its file name without `.md`."""
    quote: Text
    """At least three whole words copied from the document, without an ellipsis; the build checks that they are there."""


class UrlSource(Strict):
    """An outside page, which cannot be checked offline: shown as unverified."""

    url: Url
    """Address of the page."""
    title: Text
    """Title of the page."""
    quote: Text | None = None
    """Words from the page, shown to the reader but not checked."""
    publisher: Text | None = None
    """Who published the page (an extension of the format)."""
    published: Date | None = None
    """When the page was published (an extension of the format)."""


def _source_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        if "doc" in value:
            return "doc-source"
        if "url" in value:
            return "url-source"
    if isinstance(value, (DocSource, UrlSource)):
        return "doc-source" if isinstance(value, DocSource) else "url-source"
    return None


Source = Annotated[
    Annotated[DocSource, Tag("doc-source")] | Annotated[UrlSource, Tag("url-source")],
    Discriminator(
        _source_kind,
        custom_error_type="source",
        custom_error_message="a source is either `doc:` with `quote:`, or `url:` with `title:`",
    ),
]
Cite = Annotated[list[Source], BeforeValidator(_listify, json_schema_input_type=Source | list[Source]), Field(min_length=1)]


class Figure(Strict):
    """A number a fact states, so that it can be shown, compared and charted."""

    value: FigureValue
    """A number, or `[low, high]` for a range."""
    unit: Text
    """What is counted, e.g. `troops`; facts with the same unit are compared."""
    approx: Flag = False
    """True where the source says "about"."""


class Correction(Strict):
    """A dated note saying how a fact was corrected, or why it was withdrawn."""

    date: Date
    """When the correction was made."""
    note: Text
    """What was wrong and what changed, in a sentence."""


class Fact(Strict):
    """One claim, tied to a source by a verbatim quote."""

    id: Id | None = None
    """Its anchor on the entity's page, so that links to it outlive edits of its words; unique
    within the briefing, across all files. `briefing ids` gives one to every fact without."""
    text: Text
    """The claim, in the analyst's words."""
    figure: Figure | None = None
    """The number the claim states, if any."""
    as_of: Date | None = None
    """When the claim was true; defaults to the cited document's `published` date."""
    cite: Cite
    """One source or a list of them."""
    retracted: Correction | None = None
    """`{date, note}`: the fact turned out wrong; it stays on its page, struck through, and is
    left out of figures, key figures, disagreements and the latest information."""
    corrections: list[Correction] = _EMPTY
    """`[{date, note}]`: each time the fact was corrected, shown as "Corrected on ..."."""
    added: Date | None = None
    """When it entered the briefing, where the repository's history should not decide."""


class Entity(Strict):
    """What every force, mission and authority has."""

    id: Id
    """Unique within the briefing, across all files."""
    name: Text
    """Full name."""
    short: Text | None = None
    """Acronym or short name, e.g. `JTF-N`: a tooltip wherever it appears, and searchable."""
    aliases: list[Text] = _EMPTY
    """Other names, searchable."""
    summary: Markdown
    """Markdown; may link other entities with `[[id]]`."""
    tags: list[Text] = _EMPTY
    """Words to group entities by."""
    facts: list[Fact] = _EMPTY
    """Claims about this entity, each with its source."""
    see_also: list[Id] = _EMPTY
    """Ids of related entities."""


class Force(Entity):
    """A force or agency (`forces.yml`)."""

    component: Literal["active-duty", "national-guard", "reserve", "federal-agency", "state-agency", "other"] | None = None
    """What kind of force it is."""
    parent: Id | None = None
    """Id of the force it belongs to."""
    based_at: Text | None = None
    """Where it is based, free text."""
    missions: list[Id] = _EMPTY
    """Ids of missions it takes part in."""
    authorities: list[Id] = _EMPTY
    """Ids of authorities it acts under or is constrained by."""


class Mission(Entity):
    """A mission or operation (`missions.yml`)."""

    lead: Id | None = None
    """Id of the force that leads it."""
    forces: list[Id] = _EMPTY
    """Ids of forces taking part."""
    supports: list[Id] = _EMPTY
    """Ids of forces it supports."""
    authorities: list[Id] = _EMPTY
    """Ids of authorities it is carried out under."""
    status: Literal["active", "planned", "proposed", "ended"] | None = None
    """Where it stands."""
    started: Date | None = None
    """When it started."""
    ended: Date | None = None
    """When it ended."""
    location: Text | None = None
    """Where it takes place, free text."""
    tasks: list[Text] = _EMPTY
    """What it does, in short phrases."""


class Authority(Entity):
    """A legal authority (`authorities.yml`)."""

    citation: Text | None = None
    """Legal citation, e.g. `10 U.S.C. §§ 251–255`; searchable."""
    type: Literal["constitution", "statute", "executive-order", "proclamation", "regulation", "state-law",
                  "directive", "court-ruling", "treaty"] | None = None
    """What kind of authority it is."""
    status: Literal["in-force", "invoked", "under-consideration", "not-invoked", "rescinded", "expired"] | None = None
    """Where it stands."""
    text_url: Url | None = None
    """Where its text can be read."""
    permits: list[Markdown] = _EMPTY
    """What it allows, each in Markdown."""
    prohibits: list[Markdown] = _EMPTY
    """What it forbids, each in Markdown."""


class DerivedDate(Strict):
    """A date counted from another event's, e.g. a deadline 90 days after an order."""

    after: Id
    """Id of the event counted from."""
    days: WholeNumber
    """Days after it (negative for before)."""


def _date_kind(value: Any) -> str:
    return "derived-date" if isinstance(value, (dict, DerivedDate)) else "exact-date"


EventDate = Annotated[
    Annotated[Date, Tag("exact-date")] | Annotated[DerivedDate, Tag("derived-date")],
    Discriminator(_date_kind),
]


class Event(Strict):
    """A dated event of the timeline (`events.yml`)."""

    id: Id
    """Unique within the briefing, across all files."""
    date: EventDate
    """A date, or `{after: event-id, days: N}`."""
    title: Text
    """What happened, in a line."""
    summary: Markdown | None = None
    """Markdown; may link entities with `[[id]]`."""
    kind: Text | None = None
    """E.g. `deadline`; a deadline is marked as such on the timeline."""
    entities: list[Id] = _EMPTY
    """Ids of the entities it concerns."""
    cite: Cite
    """One source or a list of them."""
    added: Date | None = None
    """When it entered the briefing, where the repository's history should not decide."""


class Question(Strict):
    """What is not yet known (`questions.yml`)."""

    id: Id
    """Unique within the briefing, across all files."""
    question: Text
    """The question, as a reader would ask it."""
    status: Literal["open", "answered"] = "open"
    """`answered` needs an `answer`."""
    answer: Markdown | None = None
    """Markdown; `cite` then supports the answer."""
    entities: list[Id] = _EMPTY
    """Ids of the entities it concerns."""
    cite: Cite | None = None
    """Where the question is raised, or the answer's source."""
    added: Date | None = None
    """When it entered the briefing, where the repository's history should not decide."""

    # the rule below, for editors: an answered question has an answer
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"status": {"const": "answered"}}, "required": ["status"]},
        "then": {"required": ["answer"], "properties": {"answer": {"not": {"type": "null"}}}},
    })

    @model_validator(mode="after")
    def _answered_has_answer(self) -> Question:
        if self.status == "answered" and not self.answer:
            raise PydanticCustomError("answer", "the status is answered but there is no `answer`: add one, or set the status to open")
        return self


class BriefingMeta(Strict):
    """The briefing itself (`briefing.yml`)."""

    title: Text
    """Title of the briefing."""
    summary: Markdown
    """Markdown: what the briefing is about."""
    updated: Date
    """Date of the latest information in the briefing."""
    tags: list[Text] = _EMPTY
    """Words to group briefings by."""


class DocumentMeta(Strict):
    """The front matter of a source document."""

    title: Text
    """Title of the document (or a descriptive one, listed in `inferred`)."""
    publisher: Text | None = None
    """Who published it; leave out when unknown (an extension: the spec requires it)."""
    url: Url | None = None
    """Where it was published."""
    published: Date | None = None
    """When it was published; the default `as_of` of facts citing it."""
    retrieved: Date | None = None
    """When it was copied."""
    license: Text | None = None
    """On what terms the text is kept."""
    author: Text | None = None
    """Who wrote it."""
    inferred: list[Literal["title", "publisher", "url", "published", "retrieved", "license", "author"]] = _EMPTY
    """Keys whose values the curator inferred rather than read off the source (an extension)."""
    notes: Markdown | None = None
    """Markdown: what is known of the document's provenance (an extension)."""
    sha256: Sha256 | None = None
    """Fingerprint of the text after the front matter, written by `briefing add-document` and
    `briefing fingerprint`: `briefing check` fails when the text no longer matches it."""
    sha256_paragraphs: list[ParagraphDigest] = _EMPTY
    """The first 8 hex digits of each paragraph's SHA-256, to name the quotes a change touches."""
    added: Date | None = None
    """When it entered the briefing, where the repository's history should not decide."""


KIND_FILES: dict[str, str] = {"force": "forces.yml", "mission": "missions.yml", "authority": "authorities.yml",
                              "event": "events.yml", "question": "questions.yml"}
"""Each kind of entry and the file that holds it: the one place this mapping is written."""
ENTITY_KINDS = ("force", "mission", "authority")
"""The kinds that get a page of their own, in the order the site lists them."""
FILE_KINDS: dict[str, str] = {name: kind for kind, name in KIND_FILES.items()}
"""The same mapping the other way: file name → kind."""
ENTITY_FILES: dict[str, type[Entity]] = {"forces.yml": Force, "missions.yml": Mission, "authorities.yml": Authority}
"""Each entity file and the model of its entries; the kind is the file's stem."""
LIST_FILES: dict[str, type[Strict]] = {**ENTITY_FILES, "events.yml": Event, "questions.yml": Question}
"""Each file holding a list of entries, and the model of an entry."""
assert list(LIST_FILES) == list(KIND_FILES.values())

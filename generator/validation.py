"""From a briefings folder to validated, resolved briefings, or every problem at once.

Each file is checked against :mod:`generator.model`; then what spans files is checked here: ids
unique across a briefing, every reference naming something of the right kind, no cycles, derived
dates, and every quote found in its document.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model, resolved
from .dates import PartialDate
from .errors import BriefingError, Problem, Problems
from .escaping import link_problems, wiki_links
from .loading import MAX_DOCUMENT_BYTES, MAX_YAML_BYTES, Located, parse_yaml, read_text, split_front_matter, written
from .quotes import anchor as quote_anchor

LIST_FILES = ("forces.yml", "missions.yml", "authorities.yml", "events.yml", "questions.yml")
KNOWN_FILES = ("briefing.yml", *LIST_FILES)
_TAGS = {"doc-source": model.DocSource, "url-source": model.UrlSource, "derived-date": model.DerivedDate, "exact-date": None}


def load_site(root: Path, base: Path | None = None) -> list[resolved.Briefing]:
    """Every briefing under ``root`` (one folder each), or :class:`BriefingError` with all problems.

    ``root`` may also be one briefing's folder (it holds a ``briefing.yml``), so that an analyst
    can check the one briefing they are working on. Paths in messages are relative to ``base``
    (the folder of ``mkdocs.yml``, or the current one).
    """
    base = base or Path.cwd()
    problems = Problems()
    display = _display(root, base)
    if not root.is_dir():
        raise BriefingError([Problem(display, 1, 1, "briefings folder not found")])
    briefings = []
    if (root / "briefing.yml").is_file():
        folders = [root]
    else:
        folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for folder in folders:
        briefing = _Loader(folder, root, base, problems).load()
        if briefing is not None:
            briefings.append(briefing)
    if not briefings and not problems:
        problems.add(display, 1, 1, "no briefings: add a folder with a briefing.yml")
    problems.raise_if_any()
    return briefings


def _display(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # pragma: no cover - another drive on Windows
        return path.as_posix()


@dataclass
class _Entry:
    """A validated entry and where it was read, for messages about it."""

    value: Any
    located: Located
    base: tuple[str | int, ...]

    def problem(self, loc: tuple[str | int, ...], message: str, *, key: bool = False) -> Problem:
        return self.located.problem(self.base + loc, message, key=key)


@dataclass
class _Broken:
    """What failed to load: a reference into it may be right, so it is not reported as well."""

    files: set[str] = field(default_factory=set)
    """List files not read at all (YAML syntax, not a list ...)."""
    ids: set[str] = field(default_factory=set)
    """Ids of entries that failed their checks."""
    documents: set[str] = field(default_factory=set)
    """Ids of documents that failed to load."""

    def may_hold(self, ident: str, kinds: typing.Iterable[str]) -> bool:
        """True when ``ident`` may be the id of something broken of one of ``kinds``."""
        return ident in self.ids or any(_KIND_FILES[k] in self.files for k in kinds)


_KIND_FILES = {"force": "forces.yml", "mission": "missions.yml", "authority": "authorities.yml",
               "event": "events.yml", "question": "questions.yml"}


def suggest(word: str, options: typing.Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest option, or nothing when none is near."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Loader:
    def __init__(self, folder: Path, root: Path, base: Path, problems: Problems):
        self.folder, self.root, self.base, self.problems = folder, root, base, problems
        self.display = _display(folder, base)
        self.broken = _Broken()

    def path(self, name: str) -> str:
        return f"{self.display}/{name}"

    # reading ---------------------------------------------------------------------------

    def load(self) -> resolved.Briefing | None:
        """The briefing, or ``None`` with its problems added.

        References are checked even when some files or entries are broken, so that one run lists
        every problem; the ids of what is broken are passed on, so that a reference to them is not
        reported as well.
        """
        before = len(self.problems.items)
        if not model.ID_PATTERN.match(self.folder.name):
            self.problems.add(self.display, 1, 1, f"briefing folder name '{self.folder.name}' is not an id: use lowercase letters, digits and hyphens")
        self.check_file_names()
        meta = self.read_meta()
        documents = self.read_documents()
        entries: dict[str, list[_Entry]] = {}
        for name in LIST_FILES:
            entries[name] = self.read_list(name)
        return _Resolver(self.folder.name, meta, self.display, documents, entries, self.problems, self.broken).resolve(before)

    def check_file_names(self) -> None:
        for p in sorted(self.folder.iterdir()):
            if p.is_file() and p.suffix in (".yml", ".yaml") and p.name not in KNOWN_FILES:
                self.problems.add(self.path(p.name), 1, 1, f"unknown file '{p.name}'{suggest(p.stem + '.yml', KNOWN_FILES)}: a briefing holds {', '.join(KNOWN_FILES)}")

    def read_yaml(self, name: str) -> Located | None:
        text, problems = read_text(self.folder / name, self.root, self.path(name), MAX_YAML_BYTES)
        self.problems.extend(problems)
        if text is None:
            return None
        located, problems = parse_yaml(text, self.path(name))
        self.problems.extend(problems)
        return located if not problems else None

    def read_meta(self) -> _Entry | None:
        if not (self.folder / "briefing.yml").exists():
            self.problems.add(self.path("briefing.yml"), 1, 1, "missing: every briefing folder needs a briefing.yml (title, summary, updated)")
            return None
        located = self.read_yaml("briefing.yml")
        if located is None:
            return None
        if located.data is None:
            self.problems.add(located.path, 1, 1, "file is empty: it needs title, summary and updated")
            return None
        if isinstance(located.data, list):
            self.problems.add(located.path, 1, 1, "expected keys (title, summary, updated), got a list: remove the '- ' in front of them")
            return None
        meta = self.validate(located, (), model.BriefingMeta)
        return _Entry(meta, located, ()) if meta is not None else None

    def read_list(self, name: str) -> list[_Entry]:
        if not (self.folder / name).exists():
            return []
        located = self.read_yaml(name)
        if located is None:
            self.broken.files.add(name)
            return []
        if located.data is None:
            return []  # an empty file is a list not yet started
        if not isinstance(located.data, list):
            self.broken.files.add(name)
            self.problems.add(located.path, *located.position(()), f"expected a list of entries, each starting with '- ', got {model._kind(located.data)}")
            return []
        cls = model.LIST_FILES[name]
        out = []
        for i, item in enumerate(located.data):
            value = self.validate(located, (i,), cls)
            if value is not None:
                out.append(_Entry(value, located, (i,)))
            elif isinstance(item, dict) and isinstance(ident := written(item.get("id")), str):
                self.broken.ids.update({ident, model.id_hint(ident)})
        return out

    def read_documents(self) -> dict[str, _Entry]:
        folder = self.folder / "documents"
        documents: dict[str, _Entry] = {}
        if not folder.is_dir():
            return documents
        for p in sorted(folder.iterdir()):
            name = f"documents/{p.name}"
            if p.name.startswith("."):
                continue
            if p.suffix != ".md" or p.is_dir():
                self.problems.add(self.path(name), 1, 1, "not a document: documents are .md files (front matter, then the text)")
                continue
            if not model.ID_PATTERN.match(p.stem):
                self.problems.add(self.path(name), 1, 1, f"file name '{p.stem}' is not an id: use lowercase letters, digits and hyphens")
                continue
            self.broken.documents.add(p.stem)  # until it has loaded
            text, problems = read_text(p, self.root, self.path(name), MAX_DOCUMENT_BYTES)
            self.problems.extend(problems)
            if text is None:
                continue
            front, body, body_line, problems = split_front_matter(text, self.path(name))
            self.problems.extend(problems)
            if front is None or problems:
                continue
            if front.data is None:
                self.problems.add(front.path, 1, 1, "front matter is empty: it needs at least a title")
                continue
            meta = self.validate(front, (), model.DocumentMeta)
            if not body.strip():
                self.problems.add(front.path, body_line, 1, "the document has no text after its front matter")
                continue
            if meta is not None:
                doc = resolved.Document(p.stem, self.folder.name, meta, body, self.path(name))
                documents[p.stem] = _Entry(doc, front, ())
                self.broken.documents.discard(p.stem)
        return documents

    def validate(self, located: Located, base: tuple[str | int, ...], cls: type[BaseModel]) -> Any:
        data = located.data
        for step in base:
            data = data[step]
        try:
            return cls.model_validate(data)
        except ValidationError as e:
            errors = e.errors(include_url=False)
            misspelt = _misspelt(data, errors, cls)
            for error in errors:
                loc = _real_loc(data, error["loc"])
                if error["type"] == "missing" and (loc[:-1], loc[-1]) in misspelt:
                    continue  # `nme:` is reported once, as unknown with its correction 'name'
                self.problems.items.append(_problem(located, base, data, error, cls))
            return None


def _misspelt(data: Any, errors: list[Any], cls: type[BaseModel]) -> set[tuple[tuple[str | int, ...], str]]:
    """(mapping, key) for each missing key that an unknown key of the same mapping is close to."""
    out = set()
    for error in errors:
        if error["type"] == "extra_forbidden" and (close := _nearest_key(cls, error["loc"])):
            out.add((_real_loc(data, error["loc"])[:-1], close))
    return out


def _nearest_key(cls: type[BaseModel], raw_loc: tuple[Any, ...]) -> str | None:
    """The known key nearest to the unknown one at ``raw_loc``, if one is near."""
    owner = _model_at(cls, raw_loc[:-1])
    close = difflib.get_close_matches(str(raw_loc[-1]), list(owner.model_fields) if owner else [], n=1, cutoff=0.6)
    return close[0] if close else None


def _problem(located: Located, base: tuple[str | int, ...], data: Any, error: dict[str, Any], cls: type[BaseModel]) -> Problem:
    """A pydantic error in the analyst's words, at the position of what it is about."""
    raw_loc = error["loc"]
    loc = _real_loc(data, raw_loc)
    kind, value = error["type"], error.get("input")
    owner = _model_at(cls, raw_loc[:-1])
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
    if kind == "missing":
        return located.problem(base + loc[:-1], f"missing required key '{loc[-1]}'")
    if kind == "extra_forbidden":
        what = f" for {_article(owner)}" if owner else ""
        close = _nearest_key(cls, raw_loc)
        hint = f" (did you mean '{close}'?)" if close else ""
        if owner is model.Figure and str(loc[-1]).isdigit():  # {value: 2,200} reads as value 2 and a key 200
            hint = ": write numbers without a thousands separator, e.g. 2200"
        return located.problem(base + loc, f"unknown key '{loc[-1]}'{what}{hint}", key=True)
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        return located.problem(base + loc, f"'{value}' is not a valid {name}{suggest(str(value), options)}: one of {', '.join(options)}")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a mapping of keys and values, got {model._kind(value)}"
    elif kind == "list_type" and name == "cite":
        message = f"expected a source, {{doc: <document id>, quote: <its words>}}, or a list of them, got {model._kind(value)}"
    elif kind == "list_type":
        message = f"expected a list, got {model._kind(value)}: write [a, b] or one '- item' per line"
    elif kind in ("bool_type", "bool_parsing"):
        message = f"expected true or false, got {model._kind(value)}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"expected a whole number, got {model._kind(value)}"
    elif kind == "too_short":
        message = "needs at least one source" if name == "cite" else "must not be empty"
    else:
        message = error["msg"].removeprefix("Value error, ")
    if name and name != "id" and kind != "source":
        message = f"{name}: {message}"
    return located.problem(base + loc, message)


def _article(cls: type[BaseModel]) -> str:
    name = {"DocSource": "a document source", "UrlSource": "an outside source", "DocumentMeta": "a document's front matter",
            "BriefingMeta": "briefing.yml", "DerivedDate": "a derived date"}.get(cls.__name__)
    return name or f"a {cls.__name__.lower()}"


def _real_loc(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Pydantic's error location mapped back onto the YAML: tags dropped, one source not a list."""
    out: list[str | int] = []
    for step in loc:
        if step in _TAGS:
            continue
        if isinstance(step, int) and not isinstance(data, list):
            continue
        out.append(step)
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            data = None
    return tuple(out)


def _model_at(cls: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    for step in loc:
        if step in _TAGS:
            cls = _TAGS[step]
        elif isinstance(step, str):
            cls = _inner_model(cls.model_fields[step].annotation) if cls is not None and step in cls.model_fields else None
    return cls


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    found = [m for a in typing.get_args(annotation) if (m := _inner_model(a))]
    return found[0] if len(found) == 1 else None


# resolving -------------------------------------------------------------------------------

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
_REFS = {kind: {f: target for k, f, target, _, _ in RELATIONS if k == kind} for kind in ("force", "mission", "authority")}


class _Resolver:
    def __init__(self, briefing_id: str, meta: _Entry | None, display: str, documents: dict[str, _Entry],
                 entries: dict[str, list[_Entry]], problems: Problems, broken: _Broken):
        self.id, self.meta, self.display = briefing_id, meta, display
        self.documents = documents
        self.entries = entries
        self.problems = problems
        self.broken = broken
        self.kinds: dict[str, str] = {}  # id -> force / mission / authority / event / question
        self.where: dict[str, _Entry] = {}

    def resolve(self, before: int) -> resolved.Briefing | None:
        """The briefing, or ``None`` when it has problems: those added since ``before``."""
        self.collect_ids()
        self.check_references()
        self.check_parent_cycles()
        self.check_markdown()
        dates = self.resolve_dates()
        docs = {k: e.value for k, e in self.documents.items()}
        entities: dict[str, resolved.Entity] = {}
        for name, kind in (("forces.yml", "force"), ("missions.yml", "mission"), ("authorities.yml", "authority")):
            for entry in self.entries[name]:
                entities[entry.value.id] = resolved.Entity(kind, self.id, entry.value, entry.located.path)
        for entry in (e for name in ("forces.yml", "missions.yml", "authorities.yml") for e in self.entries[name]):
            entity = entities[entry.value.id]
            for i, fact in enumerate(entry.value.facts):
                citations = self.citations(fact.cite, entry, ("facts", i, "cite"))
                as_of = fact.as_of or next((c.published for c in citations if c.published), None)
                digest = hashlib.sha1(fact.text.encode()).hexdigest()[:6]
                anchor = f"fact-{digest}" if not any(f.anchor == f"fact-{digest}" for f in entity.facts) else f"fact-{digest}-{i}"
                where = (entry.located.path, *entry.located.position(entry.base + ("facts", i)))
                made = resolved.Fact(fact.text, fact.figure, as_of, citations, entity, anchor, where)
                for c in citations:
                    if c.quote:
                        c.quote.citers.append(made)
                entity.facts.append(made)
        events = []
        by_id: dict[str, resolved.Event] = {}
        for entry in self.entries["events.yml"]:
            ev = entry.value
            citations = self.citations(ev.cite, entry, ("cite",))
            made = resolved.Event(self.id, ev, dates.get(ev.id, PartialDate(1)), None, [entities[i] for i in ev.entities if i in entities], citations)
            by_id[ev.id] = made
            events.append(made)
        for made in events:
            if isinstance(made.model.date, model.DerivedDate) and made.model.date.after in by_id:
                made.derived_from = (by_id[made.model.date.after], made.model.date.days)
        events.sort(key=lambda e: e.date.to_date())
        questions = []
        for entry in self.entries["questions.yml"]:
            q = entry.value
            citations = self.citations(q.cite or [], entry, ("cite",))
            questions.append(resolved.Question(self.id, q, [entities[i] for i in q.entities if i in entities], citations))
        for thing in [*events, *questions]:
            for c in thing.citations:
                if c.quote:
                    c.quote.citers.append(thing)
        if len(self.problems.items) > before or self.meta is None:
            return None
        _relate(entities, events, questions)
        return resolved.Briefing(self.id, self.meta.value, self.display, docs, entities, events, questions)

    def collect_ids(self) -> None:
        kinds = {"forces.yml": "force", "missions.yml": "mission", "authorities.yml": "authority",
                 "events.yml": "event", "questions.yml": "question"}
        for name, entries in self.entries.items():
            for entry in entries:
                ident = entry.value.id
                if ident in self.where:
                    first = self.where[ident]
                    line, column = first.located.position(first.base + ("id",))
                    self.problems.items.append(entry.problem(("id",), f"duplicate id '{ident}': already used at {first.located.path}:{line}:{column}"))
                    continue
                self.where[ident] = entry
                self.kinds[ident] = kinds[name]

    def ref(self, entry: _Entry, loc: tuple[str | int, ...], ident: str, want: str | None) -> None:
        """Check that ``ident`` names something of kind ``want`` (any entity when ``None``)."""
        allowed = ("force", "mission", "authority") if want is None else (want,)
        kind = self.kinds.get(ident)
        if kind in allowed:
            return
        noun = want or "entity"
        if kind is None and self.broken.may_hold(ident, allowed):
            return
        if kind is None:
            options = [*(i for i, k in self.kinds.items() if k in allowed), *self.broken.ids]
            message = f"unknown {noun} '{ident}'{suggest(ident, options)}"
        else:
            message = f"'{ident}' is {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not {'an' if noun[0] in 'aeiou' else 'a'} {noun}"
        self.problems.items.append(entry.problem(loc, message))

    def check_references(self) -> None:
        for name, kind in (("forces.yml", "force"), ("missions.yml", "mission"), ("authorities.yml", "authority")):
            for entry in self.entries[name]:
                value = entry.value
                for key, want in _REFS[kind].items():
                    target = getattr(value, key)
                    if isinstance(target, list):
                        for i, ident in enumerate(target):
                            self.ref(entry, (key, i), ident, want)
                    elif target is not None:
                        self.ref(entry, (key,), target, want)
                for i, ident in enumerate(value.see_also):
                    self.ref(entry, ("see_also", i), ident, None)
                    if ident == value.id:
                        self.problems.items.append(entry.problem(("see_also", i), "an entity cannot be its own see_also"))
                if kind == "force" and value.parent == value.id:
                    self.problems.items.append(entry.problem(("parent",), f"'{value.id}' cannot be its own parent"))
        for name in ("events.yml", "questions.yml"):
            for entry in self.entries[name]:
                for i, ident in enumerate(entry.value.entities):
                    self.ref(entry, ("entities", i), ident, None)

    def check_parent_cycles(self) -> None:
        parents = {e.value.id: e.value.parent for e in self.entries["forces.yml"]}
        reported: set[str] = set()
        for entry in self.entries["forces.yml"]:
            chain = [entry.value.id]
            current = parents.get(entry.value.id)
            while current and current in parents and current not in chain:
                chain.append(current)
                current = parents[current]
            if current == entry.value.id and len(chain) > 1 and not reported & set(chain):
                reported.update(chain)
                path = " → ".join([*chain, current])
                self.problems.items.append(entry.problem(("parent",), f"parent cycle: {path}"))

    def check_markdown(self) -> None:
        fields: list[tuple[_Entry, tuple[str | int, ...], str]] = []
        if self.meta is not None:
            fields.append((self.meta, ("summary",), self.meta.value.summary))
        for name, entries in self.entries.items():
            for entry in entries:
                v = entry.value
                for key in ("summary", "answer"):
                    text = getattr(v, key, None)
                    if text:
                        fields.append((entry, (key,), text))
                for key in ("permits", "prohibits"):
                    for i, text in enumerate(getattr(v, key, [])):
                        fields.append((entry, (key, i), text))
        for doc in self.documents.values():
            if doc.value.meta.notes:
                fields.append((doc, ("notes",), doc.value.meta.notes))
        for entry, loc, text in fields:
            for ident, _ in wiki_links(text):
                if ident not in self.kinds and not self.broken.may_hold(ident, _KIND_FILES):
                    self.problems.items.append(entry.problem(loc, f"[[{ident}]] links to nothing{suggest(ident, self.kinds)}"))
            for message in link_problems(text):
                self.problems.items.append(entry.problem(loc, message))

    def resolve_dates(self) -> dict[str, PartialDate]:
        """Every event's date, derived ones counted along their chain of ``after`` links.

        Iterative rather than recursive, so that a long chain cannot exhaust Python's stack.
        """
        events = {e.value.id: e for e in self.entries["events.yml"]}
        dates: dict[str, PartialDate] = {}
        failed: set[str] = set()
        for first in events:
            chain: dict[str, None] = {}  # derived events from `first` back to one with a date
            ident = first
            while ident not in dates and ident not in failed:
                entry, value = events[ident], events[ident].value.date
                if isinstance(value, PartialDate):
                    dates[ident] = value
                    break
                chain[ident] = None
                if value.after not in events:
                    failed.add(ident)
                    if value.after in self.kinds or not self.broken.may_hold(value.after, ["event"]):
                        kind = self.kinds.get(value.after)
                        message = (f"'{value.after}' is {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not an event" if kind else
                                   f"unknown event '{value.after}'{suggest(value.after, events)}")
                        self.problems.items.append(entry.problem(("date", "after"), message))
                    break
                if value.after in chain:
                    failed.update(chain)
                    trail = list(chain)
                    cycle = " → ".join([*trail[trail.index(value.after):], value.after])
                    self.problems.items.append(entry.problem(("date", "after"), f"date cycle: {cycle}"))
                    break
                ident = value.after
            for ident in reversed(chain):
                if ident in failed:
                    continue
                entry, value = events[ident], events[ident].value.date
                base = dates.get(value.after)
                if base is None:
                    failed.add(ident)
                elif base.precision != "day":
                    failed.add(ident)
                    self.problems.items.append(entry.problem(("date", "after"), f"cannot count days from '{value.after}', whose date {base.iso()} has no day"))
                else:
                    try:
                        dates[ident] = base.plus_days(value.days)
                    except ValueError as e:
                        failed.add(ident)
                        self.problems.items.append(entry.problem(("date", "days"), str(e)))
        return dates

    def citations(self, sources: list[Any], entry: _Entry, loc: tuple[str | int, ...]) -> list[resolved.Citation]:
        out = []
        single = not isinstance(_get(entry, loc), list)
        for i, source in enumerate(sources):
            at = loc if single else (*loc, i)
            if isinstance(source, model.UrlSource):
                out.append(resolved.Citation(None, None, source.url, source.title, source.quote, source.publisher, source.published))
                continue
            doc_entry = self.documents.get(source.doc)
            if doc_entry is None:
                if source.doc not in self.broken.documents:
                    message = f"unknown document '{source.doc}'{suggest(source.doc, self.documents)}: there is no documents/{source.doc}.md"
                    self.problems.items.append(entry.problem((*at, "doc"), message))
                continue
            doc: resolved.Document = doc_entry.value
            span = doc.normalised.find(source.quote)
            if span is None:
                closest = doc.normalised.closest(source.quote)
                hint = f"; the closest passage is \"{closest}\"" if closest else ""
                self.problems.items.append(entry.problem((*at, "quote"), f"quote not found in document '{doc.id}'{hint}"))
                continue
            anchor = quote_anchor(source.quote)
            quote = doc.quotes.setdefault(anchor, resolved.Quote(anchor, span[0], span[1], doc.body[span[0]:span[1]]))
            meta = doc.meta
            out.append(resolved.Citation(doc, quote, meta.url, meta.title, quote.text, meta.publisher, meta.published))
        return out


def _get(entry: _Entry, loc: tuple[str | int, ...]) -> Any:
    data = entry.located.data
    for step in entry.base + loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _relate(entities: dict[str, resolved.Entity], events: list[resolved.Event], questions: list[resolved.Question]) -> None:
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

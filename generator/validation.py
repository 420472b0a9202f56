"""From a briefings folder to validated, resolved briefings, or every problem at once.

Each file is checked against :mod:`generator.model`; then what spans files is checked here: ids
unique across a briefing, every reference naming something of the right kind, no cycles, derived
dates, and every quote found in its document.
"""

from __future__ import annotations

import gc
import hashlib
import re
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import model, resolved
from .dates import PartialDate
from .errors import BriefingError, Problem, Problems
from . import fields as markdown_fields
from .model_errors import suggest
from .readcache import ReadCache
from .relating import relate
from .sourcing import Citer, source_loc
from .reading import Broken, Entry, Reader, display as display_path, is_briefing_folder
from .resolved import RELATIONS


def load_site(root: Path, base: Path | None = None, cache: ReadCache | None = None) -> list[resolved.Briefing]:
    """Every briefing under ``root`` (one folder each), or :class:`BriefingError` with all problems.

    ``root`` may also be one briefing's folder, so that an analyst can check the one briefing they
    are working on. Paths in messages are relative to ``base``
    (the folder of ``mkdocs.yml``, or the current one). With a ``cache``, a file read by an
    earlier load with the same text is not parsed and checked again.
    """
    with _no_cyclic_gc():
        try:
            return _load_site(root, base or Path.cwd(), cache)
        finally:
            if cache is not None:
                cache.sweep()


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Loading makes hundreds of thousands of objects that live on: Python's cycle collector,
    started by their number, would walk the growing heap again and again to free nothing (most of
    the time `briefing check` took). Garbage in cycles, if any, is collected once loading ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_site(root: Path, base: Path, cache: ReadCache | None) -> list[resolved.Briefing]:
    problems = Problems()
    display = display_path(root, base)
    if not root.is_dir():
        raise BriefingError([Problem(display, 1, 1, "briefings folder not found")])
    briefings = []
    for folder in briefing_folders(root):
        before = len(problems.items)
        read = Reader(folder, root, base, problems, cache).read()
        try:
            briefing = _Resolver(read.id, read.meta, read.display, read.documents, read.entries, problems, read.broken,
                                 read.learn_quotes).resolve(before)
        finally:
            read.end()
        if briefing is not None:
            briefings.append(briefing)
    if not briefings and not problems:
        problems.add(display, 1, 1, "no briefings: add a folder with a briefing.yml")
    problems.raise_if_any()
    return briefings


def briefing_folders(root: Path) -> list[Path]:
    """The briefings' folders: ``root`` itself when it is one briefing's folder, else its sub-folders."""
    if is_briefing_folder(root):
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


_REFS = {kind: {f: target for k, f, target, _, _ in RELATIONS if k == kind} for kind in model.ENTITY_KINDS}


class _Resolver:
    def __init__(self, briefing_id: str, meta: Entry | None, display: str, documents: dict[str, Entry],
                 entries: dict[str, list[Entry]], problems: Problems, broken: Broken,
                 learn_quotes: typing.Callable[[], bool] = lambda: False):
        self.id, self.meta, self.display = briefing_id, meta, display
        self.learn_quotes = learn_quotes
        """Called before the quotes are looked for: true when `briefing check`'s worker looked for
        them all, leaving here only those it could not know as written (each found as cited)."""
        self.documents = documents
        self.read = entries  # every entry, those that failed their own checks too
        self.entries = {kind: [e for e in read if e.complete] for kind, read in entries.items()}
        self.problems = problems
        self.broken = broken
        self.kinds: dict[str, str] = {}  # id -> force / mission / authority / event / question
        self.where: dict[str, Entry] = {}
        self.warnings: list[Problem] = []
        self._named: dict[str, str] | None = None
        self.citer = Citer(documents, broken.documents, problems.items, self.warnings)

    def resolve(self, before: int) -> resolved.Briefing | None:
        """The briefing, or ``None`` when it has problems: those added since ``before``."""
        self.collect_ids()
        self.check_references()
        self.check_incomplete()
        self.check_parent_cycles()
        self.check_markdown()
        dates = self.resolve_dates()
        if not self.learn_quotes():
            self.citer.search(self.entries)
        docs = {k: e.value for k, e in self.documents.items()}
        entities: dict[str, resolved.Entity] = {}
        for kind in model.ENTITY_KINDS:
            for entry in self.entries[kind]:
                entities[entry.value.id] = resolved.Entity(kind, self.id, entry.value, entry.located.path,
                                                           locate=lambda key, e=entry: e.located.position(e.base + key))
        for entry in (e for kind in model.ENTITY_KINDS for e in self.entries[kind]):
            entity = entities[entry.value.id]
            taken = {fact.id for fact in entry.value.facts if fact.id}  # and the anchors given so far
            places = entry.located.item_positions(entry.base + ("facts",), len(entry.value.facts))
            for i, fact in enumerate(entry.value.facts):
                citations = self.citer.cite(fact.cite, entry, ("facts", i, "cite"))
                as_of = fact.as_of or next((c.published for c in citations if c.published), None)
                anchor = fact.id or _text_anchor(fact.text, i, taken)
                taken.add(anchor)
                where = (entry.located.path, *places[i])
                made = resolved.Fact(fact.text, fact.figure, as_of, citations, entity, anchor, where, fact)
                for c in citations:
                    if c.quote:
                        c.quote.citers.append(made)
                entity.facts.append(made)
        events = []
        by_id: dict[str, resolved.Event] = {}
        for entry in self.entries["event"]:
            ev = entry.value
            citations = self.citer.cite(ev.cite, entry, ("cite",))
            made = resolved.Event(self.id, ev, dates.get(ev.id, PartialDate(1)), None, [entities[i] for i in ev.entities if i in entities],
                                  citations, (entry.located.path, *entry.located.position(entry.base)))
            by_id[ev.id] = made
            events.append(made)
        for made in events:
            if isinstance(made.model.date, model.DerivedDate) and made.model.date.after in by_id:
                made.derived_from = (by_id[made.model.date.after], made.model.date.days)
        events.sort(key=resolved.event_order)
        questions = []
        for entry in self.entries["question"]:
            q = entry.value
            citations = self.citer.cite(q.cite or [], entry, ("cite",))
            questions.append(resolved.Question(self.id, q, [entities[i] for i in q.entities if i in entities], citations,
                                               (entry.located.path, *entry.located.position(entry.base))))
        for thing in [*events, *questions]:
            for c in thing.citations:
                if c.quote:
                    c.quote.citers.append(thing)
        if len(self.problems.items) > before or self.meta is None:
            return None
        relate(entities, events, questions)
        return resolved.Briefing(self.id, self.meta.value, self.display, docs, entities, events, questions, self.warnings)

    def collect_ids(self) -> None:
        """Every id and its kind, those of entries that failed their own checks too: dropping one
        would make its id free for another kind, and every reference to it an error. Fact ids
        must be unique among them as well, but are kept apart from :attr:`kinds`: a fact's id is
        an anchor, not something a reference or an ``[[id]]`` may name."""
        seen: dict[str, tuple[Entry, tuple[str | int, ...]]] = {}

        def claim(ident: str, entry: Entry, loc: tuple[str | int, ...]) -> bool:
            if ident in seen:
                first, at = seen[ident]
                line, column = first.located.position(first.base + at)
                self.problems.items.append(entry.problem(loc, f"duplicate id '{ident}': already used at {first.located.path}:{line}:{column}"))
                return False
            seen[ident] = (entry, loc)
            return True

        for kind, entries in self.read.items():
            for entry in entries:
                ident = entry.value.id
                if ident is not None and claim(ident, entry, ("id",)):
                    self.where[ident] = entry
                    self.kinds[ident] = kind
        for kind in model.ENTITY_KINDS:
            for entry in self.entries[kind]:
                for i, fact in enumerate(entry.value.facts):
                    if fact.id is None:
                        continue
                    if fact.id in PAGE_ANCHORS or fact.id.startswith(PAGE_ANCHOR_PREFIXES):
                        self.problems.items.append(entry.problem(
                            ("facts", i, "id"), f"the id '{fact.id}' is taken by a heading or chart of the entity's page; choose another"))
                    else:
                        claim(fact.id, entry, ("facts", i, "id"))

    def ref(self, entry: Entry, loc: tuple[str | int, ...], ident: str, want: str | None) -> None:
        """Check that ``ident`` names something of kind ``want`` (any entity when ``None``)."""
        allowed = ("force", "mission", "authority") if want is None else (want,)
        kind = self.kinds.get(ident)
        if kind in allowed:
            return
        noun = want or "entity"
        if kind is None and self.broken.may_hold(ident, allowed):
            return
        if kind is None:
            message = f"unknown {noun} '{ident}'{self.suggestion(ident, allowed)}"
        else:
            message = f"'{ident}' is {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not {'an' if noun[0] in 'aeiou' else 'a'} {noun}"
        self.problems.items.append(entry.problem(loc, message))

    def suggestion(self, ident: str, kinds: typing.Iterable[str]) -> str:
        """`` (did you mean 'x'?)`` for what ``ident`` most likely meant among the ids of ``kinds``,
        for a reference and an ``[[id]]`` link alike: the id as it would be written (``Patrol``,
        ``task_force``), an entity's id by its name, short name or alias (``[[TF-A]]``), else the
        nearest id."""
        options = [*(i for i, k in self.kinds.items() if k in kinds), *sorted(self.broken.ids)]
        hint = model.id_hint(ident)
        if hint != ident and hint in options:
            return f" (did you mean '{hint}'?)"
        named = self.named().get(hint)
        if named in options:
            return f" (did you mean '{named}'?)"
        return suggest(hint or ident, options)

    def named(self) -> dict[str, str]:
        """Each entity's name, short name and aliases, written as ids, to the entity's id."""
        if self._named is None:
            self._named = {}
            for kind in model.ENTITY_KINDS:
                for entry in self.read[kind]:
                    v = entry.value
                    for name in (v.name, v.short, *(v.aliases or [])):
                        if v.id is not None and name:
                            self._named.setdefault(model.id_hint(name), v.id)
        return self._named

    def check_references(self) -> None:
        """Every reference, also of an entry that failed its own checks, as far as it could be read
        (a key or list item that could not is ``None``): all problems show in one run."""
        for kind in model.ENTITY_KINDS:
            for entry in self.read[kind]:
                value = entry.value
                for key, want in _REFS[kind].items():
                    target = getattr(value, key)
                    if isinstance(target, list):
                        for i, ident in enumerate(target):
                            if ident is not None:
                                self.ref(entry, (key, i), ident, want)
                    elif target is not None:
                        self.ref(entry, (key,), target, want)
                for i, ident in enumerate(value.see_also or []):
                    if ident is None:
                        continue
                    self.ref(entry, ("see_also", i), ident, None)
                    if ident == value.id:
                        self.problems.items.append(entry.problem(("see_also", i), "an entity cannot be its own see_also"))
                if kind == "force" and value.parent is not None and value.parent == value.id:
                    self.problems.items.append(entry.problem(("parent",), f"'{value.id}' cannot be its own parent"))
        for kind in ("event", "question"):
            for entry in self.read[kind]:
                for i, ident in enumerate(entry.value.entities or []):
                    if ident is not None:
                        self.ref(entry, ("entities", i), ident, None)

    def check_incomplete(self) -> None:
        """The sources and derived dates of entries that failed their own checks, which build nothing
        (their quotes are still looked for, so that a wrong one is not found only next run)."""
        for kind, entries in self.read.items():
            for entry in (e for e in entries if not e.complete):
                value = entry.value
                if kind == "event" and isinstance(value.date, model.DerivedDate) and value.date.after is not None:
                    self.ref(entry, ("date", "after"), value.date.after, "event")
                cites = [(("cite",), getattr(value, "cite", None))]
                cites += [(("facts", i, "cite"), f.cite) for i, f in enumerate(getattr(value, "facts", None) or []) if f is not None]
                for loc, sources in cites:
                    for i, source in enumerate(sources or []):
                        if source is not None:
                            self.citer.cite([source], entry, source_loc(entry, loc, i))

    def check_parent_cycles(self) -> None:
        parents = {e.value.id: e.value.parent for e in self.entries["force"]}
        reported: set[str] = set()
        for entry in self.entries["force"]:
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
        fields: list[tuple[Entry, tuple[str | int, ...], str]] = []
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
            idents, problems = markdown_fields.problems(text)
            for ident in idents:
                if ident not in self.kinds and not self.broken.may_hold(ident, model.KIND_FILES):
                    self.problems.items.append(entry.problem(loc, f"[[{ident}]] links to nothing{self.suggestion(ident, model.KIND_FILES)}"))
            for message in problems:
                self.problems.items.append(entry.problem(loc, message))

    def resolve_dates(self) -> dict[str, PartialDate]:
        """Every event's date, derived ones counted along their chain of ``after`` links.

        Iterative rather than recursive, so that a long chain cannot exhaust Python's stack.
        """
        events = {e.value.id: e for e in self.entries["event"]}
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
                    kind = self.kinds.get(value.after)  # an event that failed its own checks is not unknown
                    if kind != "event" and (kind or not self.broken.may_hold(value.after, ["event"])):
                        message = (f"'{value.after}' is {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not an event" if kind else
                                   f"unknown event '{value.after}'{self.suggestion(value.after, ['event'])}")
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



PAGE_ANCHORS = frozenset({"tasks", "what-it-permits", "what-it-prohibits", "facts", "how-it-connects", "events", "questions",
                          *(re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") for *_, there, back in RELATIONS for label in (there, back)),
                          "see-also"})
"""The anchors an entity page's own headings take, which a fact's id would collide with."""
PAGE_ANCHOR_PREFIXES = ("figures-over-time", "chart-")


def _text_anchor(text: str, index: int, taken: set[str]) -> str:
    """The anchor of a fact without an id: from its words, so it changes when they do."""
    anchor = "fact-" + hashlib.sha1(text.encode()).hexdigest()[:6]
    return anchor if anchor not in taken else f"{anchor}-{index}"
